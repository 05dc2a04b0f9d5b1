/**
 * When to try again: exponential backoff with a cap and jitter ("equal
 * jitter": half fixed, half random), so a fleet of kiosks that lost the hub
 * together does not come back together, and a long outage costs one request
 * every few minutes, not a storm.
 */

export const BACKOFF = {
  /** First retry after about this long. */
  baseMs: 2_000,
  /** Never wait longer than this between tries while the hub is unreachable. */
  capMs: 5 * 60_000,
  /** A refused submission (4xx) is tried again this often, in case the hub was misconfigured. */
  refusedMs: 60 * 60_000,
} as const;

/** Delay before try number `failures + 1`, given `failures` failures in a row. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
