/**
 * The page's side of delivery: when to run a pass (src/device/outbox/deliver.ts).
 * Right after a submission is queued; when the browser says it is `online`;
 * on a timer with capped exponential backoff and jitter while the hub cannot
 * be reached; and, where the browser has it, through Background Sync, which
 * lets the service worker deliver after the page was closed (a phone).
 * Loaded after the first screen (main.tsx), never in the initial bundle.
 */

import type { DeviceConfig } from '../../contract/config.ts';
import { appendLog, type DeliveryTarget, type OutboxEntry } from '../store/db.ts';
import { requestBackgroundSync } from '../sw-bridge.ts';
import { OUTBOX_SYNC_TAG } from '../worker-shared.ts';
import { backoffDelay } from './backoff.ts';
import { deliverDue, type PassResult } from './deliver.ts';
import { allEntries, makeAllDue, readDelivered, saveTarget } from './queue.ts';

/** While anything waits, look at least this often, even without an error (another tab may have queued). */
const TICK_MS = 60_000;

export interface OutboxStatus {
  started: boolean;
  pending: number;
  refused: number;
  delivered: number;
  entries: OutboxEntry[];
  running: boolean;
  lastPass?: { at: string; result: PassResult };
  nextTryAt?: number;
  /** The last time storage refused to take a submission. */
  storageFull?: { at: string; message: string };
  failures: number;
}

type Listener = (s: OutboxStatus) => void;

class OutboxDelivery {
  status: OutboxStatus = { started: false, pending: 0, refused: 0, delivered: 0, entries: [], running: false, failures: 0 };
  private target: DeliveryTarget | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  private inflight: Promise<void> | undefined;

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.status);
    return () => this.listeners.delete(fn);
  }

  private emit(patch: Partial<OutboxStatus>) {
    this.status = { ...this.status, ...patch };
    for (const fn of this.listeners) fn(this.status);
  }

  async start(config: DeviceConfig): Promise<void> {
    if (!config.intake || this.status.started) return;
    this.target = { endpoint: new URL(config.intake.endpoint, location.href).href, receiptKeys: config.intake.receiptKeys };
    this.emit({ started: true });
    addEventListener('online', () => void this.now(true));
    try {
      await saveTarget(this.target);
    } catch {
      // Storage trouble shows on the diagnostics screen when a submission cannot be queued.
    }
    await this.now();
  }

  /** A submission was just queued: try at once, and ask the browser to deliver even if the page closes. */
  queued(): void {
    void requestBackgroundSync(OUTBOX_SYNC_TAG);
    void this.now(true);
  }

  noteStorageFull(message: string): void {
    this.emit({ storageFull: { at: new Date().toISOString(), message } });
    void appendLog({ level: 'error', code: 'outbox', message: `本机存储拒绝保存提交:${message}` }).catch(() => {});
  }

  /** Run a pass now; `fresh` forgets the backoff (the network came back, IT pressed 立即重试). */
  now(fresh = false): Promise<void> {
    if (fresh) this.emit({ failures: 0 });
    this.inflight ??= this.run(fresh).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async run(fresh: boolean): Promise<void> {
    if (!this.target) return;
    clearTimeout(this.timer);
    this.emit({ running: true });
    performance.mark('zwgk:outbox:start');
    let result: PassResult;
    try {
      if (fresh) await makeAllDue();
      result = await deliverDue(this.target);
    } catch (e) {
      result = { outcome: 'retry', delivered: 0, refused: 0, failure: { kind: 'retry', code: 'offline', message: (e as Error).message } };
    }
    // For bench/outbox-flush.ts: how long a pass took and what it delivered.
    performance.measure('zwgk:outbox', { start: 'zwgk:outbox:start', detail: { outcome: result.outcome, delivered: result.delivered } });
    const failures = result.outcome === 'retry' ? this.status.failures + 1 : 0;
    if (result.refused > 0)
      await appendLog({ level: 'reject', code: 'outbox', message: `服务器拒收 ${result.refused} 件提交(已保留在本机,每小时重试)` }).catch(
        () => {},
      );
    await this.refresh({ running: false, failures, lastPass: { at: new Date().toISOString(), result } });
    this.schedule(result);
  }

  /** Re-reads the queue for the views. */
  async refresh(patch: Partial<OutboxStatus> = {}): Promise<void> {
    try {
      const entries = await allEntries();
      const delivered = await readDelivered();
      this.emit({
        ...patch,
        entries,
        pending: entries.filter((e) => !e.refused).length,
        refused: entries.filter((e) => e.refused).length,
        delivered: delivered.count,
      });
    } catch {
      this.emit(patch);
    }
  }

  private schedule(result: PassResult) {
    const entries = this.status.entries;
    if (entries.length === 0) {
      this.emit({ nextTryAt: undefined });
      return;
    }
    let delay: number;
    if (result.outcome === 'retry') delay = result.failure?.retryAfterMs ?? backoffDelay(this.status.failures);
    else if (result.outcome === 'busy') delay = 2_000;
    // Only refused ones, or ones not yet due, are left: wake when the first is due, and look now and then.
    else delay = Math.max(1_000, Math.min(TICK_MS, Math.min(...entries.map((e) => e.nextAttemptAt)) - Date.now()));
    this.emit({ nextTryAt: Date.now() + delay });
    this.timer = setTimeout(() => void this.now(), delay);
  }
}

/** The one delivery scheduler of this page. */
export const outboxDelivery = new OutboxDelivery();

export function startDelivery(config: DeviceConfig): Promise<void> {
  return outboxDelivery.start(config);
}
