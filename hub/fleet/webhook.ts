/**
 * The fleet alarm webhook (docs/fleet.md): every alarm raised or cleared is POSTed as JSON
 * to the URL in the hub's config (FLEET_WEBHOOK_URL). Deliveries wait in SQLite, so a
 * restart loses none; a failed one is retried with capped exponential backoff and jitter
 * for a day, and each carries its delivery id (`x-zwgk-delivery`), so a receiver that
 * got one twice can tell.
 */
import type { Db } from '../db.ts';

export interface WebhookOptions {
  url: string;
  /** First retry after this, doubling up to `maxMs`; given up after `giveUpMs` (defaults 5 s, 10 min, 24 h). */
  firstMs?: number;
  maxMs?: number;
  giveUpMs?: number;
  /** One attempt may take this long (10 s). */
  timeoutMs?: number;
  log?: (line: string, detail?: Record<string, unknown>) => void;
}

export class Webhook {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly o: WebhookOptions,
  ) {}

  /** Queues one delivery and starts sending. */
  enqueue(payload: unknown): void {
    const now = Date.now();
    this.db.prepare('INSERT INTO fleet_webhooks (payload, created_at, next_at) VALUES (?, ?, ?)').run(JSON.stringify(payload), now, now);
    this.kick();
  }

  /** Sends whatever is due (also after a restart). */
  kick(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    // The hub closing (its database closed under a delivery in flight) ends the pass; what was not marked is sent again later.
    this.running ??= this.pass()
      .catch((e: unknown) => {
        if (!this.closed) this.o.log?.('fleet webhook pass failed', { error: (e as Error).message });
      })
      .finally(() => {
        this.running = undefined;
        this.scheduleNext();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private scheduleNext() {
    if (this.closed || !this.db.open) return;
    const next = this.db
      .prepare<[], { at: number | null }>(
        'SELECT min(next_at) AS at FROM fleet_webhooks WHERE delivered_at IS NULL AND given_up_at IS NULL',
      )
      .get()?.at;
    if (next == null) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, next - Date.now()));
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    const due = this.db
      .prepare<[number], { id: number; payload: string; created_at: number; attempts: number }>(
        'SELECT id, payload, created_at, attempts FROM fleet_webhooks WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_at <= ? ORDER BY id LIMIT 50',
      )
      .all(Date.now());
    // In order, one at a time: a receiver sees a raise before its clear.
    for (const d of due) {
      if (this.closed) return;
      const error = await this.send(d.id, d.payload);
      if (this.closed || !this.db.open) return;
      const now = Date.now();
      if (!error) {
        this.db
          .prepare('UPDATE fleet_webhooks SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?')
          .run(now, d.id);
        continue;
      }
      const attempts = d.attempts + 1;
      const first = this.o.firstMs ?? 5_000;
      const delay = Math.min(this.o.maxMs ?? 600_000, first * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
      const giveUp = now - d.created_at > (this.o.giveUpMs ?? 86_400_000);
      this.db
        .prepare('UPDATE fleet_webhooks SET attempts = ?, next_at = ?, last_error = ?, given_up_at = ? WHERE id = ?')
        .run(attempts, now + delay, error, giveUp ? now : null, d.id);
      this.o.log?.(giveUp ? 'fleet webhook given up' : 'fleet webhook failed, will retry', { delivery: d.id, attempts, error });
      // The receiver is down: the rest would fail the same way; they go when this one does.
      return;
    }
  }

  private async send(id: number, payload: string): Promise<string | undefined> {
    try {
      const res = await fetch(this.o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-zwgk-event': 'fleet-alarm', 'x-zwgk-delivery': String(id) },
        body: payload,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      await res.body?.cancel();
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Deliveries not yet made (tests, the fleet page). */
  waiting(): number {
    return this.db
      .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM fleet_webhooks WHERE delivered_at IS NULL AND given_up_at IS NULL')
      .get()!.n;
  }
}
