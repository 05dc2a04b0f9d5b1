import { expect, test } from 'vitest';
import { BACKOFF, backoffDelay } from './backoff.ts';

test('the delay doubles from the base, stays under the cap, and is never less than half of it', () => {
  expect(backoffDelay(1, () => 0)).toBe(BACKOFF.baseMs / 2);
  expect(backoffDelay(1, () => 1)).toBe(BACKOFF.baseMs);
  expect(backoffDelay(2, () => 1)).toBe(BACKOFF.baseMs * 2);
  expect(backoffDelay(5, () => 1)).toBe(BACKOFF.baseMs * 16);
  for (let n = 1; n < 60; n++) {
    const d = backoffDelay(n);
    expect(d).toBeLessThanOrEqual(BACKOFF.capMs);
    expect(d).toBeGreaterThanOrEqual(Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** (n - 1)) / 2);
  }
  expect(backoffDelay(100, () => 0.5)).toBe(BACKOFF.capMs * 0.75);
});

test('jitter spreads a fleet: 1000 devices after the same outage do not retry in the same second', () => {
  const seconds = new Set<number>();
  for (let i = 0; i < 1000; i++) seconds.add(Math.floor(backoffDelay(10) / 1000));
  expect(seconds.size).toBeGreaterThan(100);
});
