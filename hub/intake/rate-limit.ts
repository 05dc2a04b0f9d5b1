/**
 * Token buckets in memory, per device and per address: a flood is refused
 * with 429 and a Retry-After, while a kiosk that comes back from weeks offline
 * can still deliver its backlog in one burst. Addresses are never written to
 * disk (a citizen's phone address is personal information).
 */

export interface Rate {
  /** Requests allowed at once. */
  burst: number;
  /** Sustained requests per minute. */
  perMinute: number;
}

export interface IntakeLimits {
  /** New submissions per device id (a kiosk's backlog after reconnecting must fit in the burst). */
  perDevice: Rate;
  /** Every intake request per client address (kiosks behind one NAT share it). */
  perAddress: Rate;
  /** Status lookups per address. */
  track: Rate;
  /**
   * Submissions from phones (anonymous: no device key) the hub takes in one day (China time), all
   * addresses together. Past it phones are asked to retry tomorrow (their outbox keeps what they
   * sealed) and IT gets an alarm, instead of the disk filling with junk from fresh random ids.
   */
  phonePerDay: number;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  perDevice: { burst: 600, perMinute: 120 },
  perAddress: { burst: 1200, perMinute: 600 },
  track: { burst: 60, perMinute: 30 },
  phonePerDay: 5000,
};

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; when there is none, says how many seconds until there is. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    const perMs = this.rate.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.rate.burst, at: t };
    b.tokens = Math.min(this.rate.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    if (this.buckets.size > 50_000) this.sweep(t, perMs);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
  }

  /** Forgets buckets that have filled up again, so memory stays bounded under a flood of new keys. */
  private sweep(t: number, perMs: number) {
    for (const [k, b] of this.buckets) if (b.tokens + (t - b.at) * perMs >= this.rate.burst) this.buckets.delete(k);
  }
}
