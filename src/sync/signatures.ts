/** The main thread's side of signature-worker.ts: a small pool, with the same check in-thread as a fallback. */
import type { TrustedKey } from '../contract/config.ts';
import { KeyRing } from '../contract/signing.ts';
import type { SignatureRequest } from './signature-worker.ts';
import { checkEnvelopeSignatures, type PageChecked } from './verify.ts';

export class SignatureChecker {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: PageChecked<null>) => void; envelopes: unknown[]; expectFirst: number }>();
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

  private inThread(envelopes: unknown[], expectFirst: number): Promise<PageChecked<null>> {
    this.fallback ??= new KeyRing(this.keys);
    return checkEnvelopeSignatures(envelopes, this.fallback, expectFirst);
  }

  private abandonWorkers(): void {
    this.close();
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      void this.inThread(w.envelopes, w.expectFirst).then(w.resolve);
    }
  }

  /** Checks the signatures of `envelopes`, the first being change number `expectFirst`. */
  check(envelopes: unknown[], expectFirst: number): Promise<PageChecked<null>> {
    const worker = this.workers[this.next % Math.max(1, this.workers.length)];
    if (!worker) return this.inThread(envelopes, expectFirst);
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, envelopes, expectFirst });
      const msg: SignatureRequest = { id, keys: this.keys, envelopes, expectFirst };
      worker.postMessage(msg);
    });
  }

  close(): void {
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
