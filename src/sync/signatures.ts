/** The main thread's side of signature-worker.ts: a small pool, with the same check in-thread as a fallback. */
import type { TrustedKey } from '../contract/config.ts';
import type { PageRef } from '../contract/feed.ts';
import { KeyRing } from '../contract/signing.ts';
import type { SignatureRequest } from './signature-worker.ts';
import { checkPageSignatures, type PageChecked } from './verify.ts';

export class SignatureChecker {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (r: PageChecked<null>) => void; bytes: ArrayBuffer; ref: PageRef; expectFirst: number }
  >();
  private next = 0;
  private fallback: KeyRing | undefined;

  constructor(private readonly keys: TrustedKey[]) {
    // The page mostly waits for these while they run, so one per core (at most 4).
    const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
    try {
      for (let i = 0; i < count; i++) {
        const w = new Worker(new URL('./signature-worker.ts', import.meta.url), { type: 'module', name: 'zwgk-signatures' });
        w.addEventListener('message', (e: MessageEvent<{ id: number; result: PageChecked<null> }>) => {
          this.waiting.get(e.data.id)?.resolve(e.data.result);
          this.waiting.delete(e.data.id);
        });
        // A worker that cannot start (script missing from an old cache, say): check in this thread instead.
        w.addEventListener('error', () => this.abandonWorkers());
        this.workers.push(w);
      }
    } catch {
      this.workers.length = 0;
    }
  }

  private inThread(bytes: ArrayBuffer, ref: PageRef, expectFirst: number): Promise<PageChecked<null>> {
    this.fallback ??= new KeyRing(this.keys);
    return checkPageSignatures(bytes, ref, this.fallback, expectFirst);
  }

  private abandonWorkers(): void {
    this.close();
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      void this.inThread(w.bytes, w.ref, w.expectFirst).then(w.resolve);
    }
  }

  /** Checks a copy of `bytes`; the caller keeps its own, which must not change. */
  check(bytes: ArrayBuffer, ref: PageRef, expectFirst: number): Promise<PageChecked<null>> {
    const worker = this.workers[this.next % Math.max(1, this.workers.length)];
    if (!worker) return this.inThread(bytes, ref, expectFirst);
    const id = this.next++;
    const copy = bytes.slice(0);
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, bytes, ref, expectFirst });
      const msg: SignatureRequest = { id, keys: this.keys, bytes: copy, ref, expectFirst };
      worker.postMessage(msg, [copy]);
    });
  }

  close(): void {
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
