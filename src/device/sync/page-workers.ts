/**
 * The main thread's side of page-worker.ts: a small pool of workers that
 * download, check and store pages, one page's transaction at a time in feed
 * order. Where workers cannot run, the same steps run in this thread.
 */
import type { PageRef } from '../../contract/feed.ts';
import type { SyncState } from '../store/db.ts';
import type { Applied, FeedTrust, PageProtocol, PageVerdict } from './page-protocol.ts';
import type { PageSteps } from './page-steps.ts';
import { WorkerGone, WorkerRpc } from './worker-rpc.ts';

/** Set when a worker failed to start (its script missing from an old cache, say): later rounds work in this thread. */
let workersBroken = false;

export class PageWorkers {
  private readonly workers: { worker: Worker; rpc: WorkerRpc<PageProtocol> }[] = [];
  /** Which worker holds each page. */
  private readonly owner = new Map<number, WorkerRpc<PageProtocol>>();
  private next = 0;
  private started = false;
  private closed = false;
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
        this.workers.push({ worker: w, rpc: new WorkerRpc<PageProtocol>(w) });
      }
    } catch {
      this.failed(undefined)();
    }
  }

  /**
   * A worker died or a request failed in it: this round ends as if offline
   * (nothing half-stored), the next runs in this thread. Requests still
   * pending when the round closed its workers answer the same, without that.
   */
  private failed<T>(answer: T): () => T {
    return () => {
      if (!this.closed) {
        workersBroken = true;
        this.close();
      }
      return answer;
    };
  }

  /** Downloads and checks page number `id` of this round; `expectFirst` is the first change of it this device still needs. */
  check(id: number, url: string, ref: PageRef, feed: string, expectFirst: number): Promise<PageVerdict> {
    this.start();
    const worker = this.workers[this.next++ % Math.max(1, this.workers.length)];
    if (!worker) return this.here().then((h) => h.check(id, url, ref, feed, expectFirst));
    this.owner.set(id, worker.rpc);
    return worker.rpc
      .call('check', { id, trust: this.trust, url, ref, feed, expectFirst })
      .catch(this.failed<PageVerdict>({ offline: '校验线程无法运行,下一轮在主线程同步' }));
  }

  /** Stores checked page `id` with `state` in one transaction, if the stored cursor is still `after`. */
  apply(id: number, state: SyncState, known: string[], after: number): Promise<Applied> {
    const rpc = this.owner.get(id);
    if (!rpc) return this.here().then((h) => h.apply(id, state, known, after));
    return rpc
      .call('apply', { id, state, known, after })
      .catch(this.failed<Applied>({ ok: false, moved: false, message: '校验线程无法运行' }));
  }

  /** In-thread mode, loaded only where workers cannot run (it is most of what the workers hold). */
  private here(): Promise<PageSteps> {
    const trust = this.trust;
    this.steps ??= import('./page-steps.ts').then(({ PageSteps }) => new PageSteps(trust));
    return this.steps;
  }

  close(): void {
    this.closed = true;
    for (const { worker, rpc } of this.workers) {
      worker.terminate();
      rpc.end(new WorkerGone('closed'));
    }
    this.workers.length = 0;
  }
}
