/**
 * The main thread's side of page-worker.ts: a small pool of workers that
 * download, check and store pages, one page's transaction at a time in feed
 * order. Where workers cannot run, the same steps run in this thread.
 */
import type { PageRef } from '../contract/feed.ts';
import type { SyncState } from '../store/db.ts';
import type { FeedTrust, PageSteps } from './page-steps.ts';
import type { Applied, PageReply, PageRequest, PageVerdict } from './page-worker.ts';

/** Set when a worker failed to start (its script missing from an old cache, say): later rounds work in this thread. */
let workersBroken = false;

export class PageWorkers {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<string, (r: PageVerdict | Applied) => void>();
  /** Which worker holds each page. */
  private readonly owner = new Map<number, Worker>();
  private next = 0;
  private started = false;
  private steps: Promise<PageSteps> | undefined;

  private trust: FeedTrust;

  constructor(keys: FeedTrust['keys']) {
    this.trust = { keys };
  }

  /** The roster the head names, checked: from now on every change needs its people's approvals. Set before the first `check`. */
  useRoster(roster: FeedTrust['roster']): void {
    this.trust = { keys: this.trust.keys, roster };
  }

  /** Starts the workers (at the first `check` if not before: a big sync starts them while it fetches the head). */
  start(): void {
    if (this.started || workersBroken) return;
    this.started = true;
    // The main thread has little to do meanwhile, so one per core (at most 4).
    const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
    try {
      for (let i = 0; i < count; i++) {
        const w = new Worker(new URL('./page-worker.ts', import.meta.url), { type: 'module', name: 'zwgk-pages' });
        w.addEventListener('message', (e: MessageEvent<PageReply>) => {
          const key = 'verdict' in e.data ? `c${e.data.id}` : `a${e.data.id}`;
          this.waiting.get(key)?.('verdict' in e.data ? e.data.verdict : e.data.applied);
          this.waiting.delete(key);
        });
        w.addEventListener('error', () => this.fail());
        this.workers.push(w);
      }
    } catch {
      this.fail();
    }
  }

  /** A worker died: this round ends as if offline (nothing half-stored), the next runs in this thread. */
  private fail(): void {
    workersBroken = true;
    this.close();
    for (const [key, resolve] of this.waiting)
      resolve(
        key.startsWith('c') ? { offline: '校验线程无法运行,下一轮在主线程同步' } : { ok: false, moved: false, message: '校验线程无法运行' },
      );
    this.waiting.clear();
  }

  private ask<T extends PageVerdict | Applied>(worker: Worker, key: string, msg: PageRequest): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.set(key, resolve as (r: PageVerdict | Applied) => void);
      worker.postMessage(msg);
    });
  }

  /** Downloads and checks page number `id` of this round; `expectFirst` is the first change of it this device still needs. */
  check(id: number, url: string, ref: PageRef, feed: string, expectFirst: number): Promise<PageVerdict> {
    this.start();
    const worker = this.workers[this.next++ % Math.max(1, this.workers.length)];
    if (!worker) return this.here().then((h) => h.check(id, url, ref, feed, expectFirst));
    this.owner.set(id, worker);
    return this.ask(worker, `c${id}`, { type: 'check', id, trust: this.trust, url, ref, feed, expectFirst });
  }

  /** Stores checked page `id` with `state` in one transaction, if the stored cursor is still `after`. */
  apply(id: number, state: SyncState, known: string[], after: number): Promise<Applied> {
    const worker = this.owner.get(id);
    if (!worker) return this.here().then((h) => h.apply(id, state, known, after));
    return this.ask(worker, `a${id}`, { type: 'apply', id, state, known, after });
  }

  /** In-thread mode, loaded only where workers cannot run (it is most of what the workers hold). */
  private here(): Promise<PageSteps> {
    const trust = this.trust;
    this.steps ??= import('./page-steps.ts').then(({ PageSteps }) => new PageSteps(trust));
    return this.steps;
  }

  close(): void {
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
