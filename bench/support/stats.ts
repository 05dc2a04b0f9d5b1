/** Small numeric helpers for benchmark results. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds to what a reader can compare at a glance: 1234 ms, 12.3 ms, 0.42 ms. */
export function round(value: number): number {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const list = (values: readonly number[], unit: string) => values.map((v) => `${round(v)} ${unit}`).join(', ');
