/**
 * One delivery pass over the outbox, the same code in the page and in the
 * service worker (Background Sync). Sends the due submissions one by one, oldest
 * first; each leaves the queue only when the hub's signed receipt for exactly
 * that submission has been verified. A Web Lock keeps the page and the worker
 * from delivering at the same time (the hub would cope: the same id gets the
 * same receipt and never a second row).
 */
import { KeyRing } from '../../contract/signing.ts';
import { type IntakeError, type Submission, verifyReceipt } from '../../contract/submission.ts';
import { signedFetch } from '../identity/identity.ts';
import type { DeliveryTarget, OutboxEntry } from '../store/db.ts';
import { OUTBOX_SYNC_TAG } from '../worker-shared.ts';
import { BACKOFF } from './backoff.ts';
import { dueEntries, markDelivered, updateEntry } from './queue.ts';

/** A hung hub must not hold the queue: give up on one request after this long. */
export const REQUEST_TIMEOUT_MS = 10_000;

export type Attempt =
  | { kind: 'delivered' }
  /** The hub said no for good (4xx): kept and shown, retried hourly. */
  | { kind: 'refused'; status: number; message: string }
  /** Try again later: no network, a hung or failing hub, too many requests, a receipt that did not verify. */
  | {
      kind: 'retry';
      code: 'offline' | 'timeout' | 'server' | 'rate-limited' | 'receipt';
      message: string;
      status?: number;
      retryAfterMs?: number;
    };

export interface PassResult {
  /** 'busy': another tab or the service worker is delivering right now. */
  outcome: 'done' | 'retry' | 'busy';
  delivered: number;
  refused: number;
  /** Set when outcome is 'retry'. */
  failure?: Extract<Attempt, { kind: 'retry' }>;
}

function fromKiosk(entry: OutboxEntry): boolean {
  try {
    return (JSON.parse(entry.body) as { source?: string }).source === 'kiosk';
  } catch {
    return false;
  }
}

async function attempt(entry: OutboxEntry, target: DeliveryTarget, keys: KeyRing): Promise<Attempt> {
  let res: Response;
  const url = new URL('submissions', target.endpoint).href;
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: entry.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  try {
    // A kiosk's submission travels signed by the kiosk's enrolled key (issue 10); a phone's is anonymous.
    res = fromKiosk(entry) ? await signedFetch(url, init) : await fetch(url, { ...init, cache: 'no-store' });
  } catch (e) {
    const timeout = (e as DOMException)?.name === 'TimeoutError';
    return { kind: 'retry', code: timeout ? 'timeout' : 'offline', message: timeout ? '服务器长时间无响应' : '无法连接服务器' };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.status === 200 || res.status === 201) {
    const check = await verifyReceipt(keys, (body as { receipt?: unknown } | undefined)?.receipt, JSON.parse(entry.body) as Submission);
    return check.ok ? { kind: 'delivered' } : { kind: 'retry', code: 'receipt', message: check.message, status: res.status };
  }
  const message = (body as IntakeError | undefined)?.message ?? `HTTP ${res.status}`;
  if (res.status === 429 || res.status === 503) {
    const seconds = Number(res.headers.get('retry-after'));
    return {
      kind: 'retry',
      code: 'rate-limited',
      message,
      status: res.status,
      ...(seconds > 0 ? { retryAfterMs: Math.min(seconds * 1000, BACKOFF.capMs) } : {}),
    };
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408) return { kind: 'refused', status: res.status, message };
  return { kind: 'retry', code: 'server', message, status: res.status };
}

/**
 * Removals of delivered submissions, batched and overlapped with the next
 * request: IndexedDB commits one transaction while the next POST is on the wire.
 */
class Removals {
  private buffer: string[] = [];
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  add(id: string): void {
    this.buffer.push(id);
    if (!this.busy) this.flush();
  }

  private flush(): void {
    const ids = this.buffer.splice(0);
    if (ids.length === 0) return;
    this.busy = true;
    this.running = this.running
      .then(() => markDelivered(ids))
      .finally(() => {
        this.busy = false;
        if (this.buffer.length > 0) this.flush();
      });
  }

  /** Resolves once everything added so far is removed. */
  async done(): Promise<void> {
    while (this.busy || this.buffer.length > 0) {
      if (!this.busy) this.flush();
      await this.running;
    }
  }
}

async function pass(target: DeliveryTarget): Promise<PassResult> {
  const keys = new KeyRing(target.receiptKeys);
  const result: PassResult = { outcome: 'done', delivered: 0, refused: 0 };
  const removals = new Removals();
  try {
    for (const entry of await dueEntries()) {
      const a = await attempt(entry, target, keys);
      const now = new Date();
      if (a.kind === 'delivered') {
        removals.add(entry.id);
        result.delivered++;
        continue;
      }
      const lastError = {
        at: now.toISOString(),
        code: a.kind === 'refused' ? 'refused' : a.code,
        message: a.message,
        ...(a.status !== undefined ? { status: a.status } : {}),
      };
      const next: OutboxEntry = { ...entry, attempts: entry.attempts + 1, lastAttemptAt: now.toISOString(), lastError };
      if (a.kind === 'refused') {
        await updateEntry({ ...next, refused: true, nextAttemptAt: now.getTime() + BACKOFF.refusedMs });
        result.refused++;
        continue;
      }
      // The hub or the network is the problem, not this submission: stop here; the caller backs off.
      await updateEntry({ ...next, refused: false });
      return { ...result, outcome: 'retry', failure: a };
    }
    return result;
  } finally {
    await removals.done();
  }
}

/** Delivers what is due, unless another context is already doing so. */
export async function deliverDue(target: DeliveryTarget): Promise<PassResult> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return pass(target);
  return locks.request(OUTBOX_SYNC_TAG, { ifAvailable: true }, async (lock: Lock | null) =>
    lock ? pass(target) : ({ outcome: 'busy', delivered: 0, refused: 0 } satisfies PassResult),
  );
}
