/**
 * Matching typed letters against pinyin syllables, as people type pinyin:
 * full syllables (zhengwugongkai), initials (zwgk) or a mix (zhengwgk). Each
 * syllable takes a non-empty prefix of itself; no dictionary is needed here,
 * the syllables come from the publisher (item search keys, the vocabulary).
 */

/** How many letters of `s` match `q` from `pos` on (no allocation: this runs for every title on every keystroke). */
function commonPrefix(q: string, pos: number, s: string): number {
  const max = Math.min(s.length, q.length - pos);
  let n = 0;
  while (n < max && q.charCodeAt(pos + n) === s.charCodeAt(n)) n++;
  return n;
}

/**
 * Ways the letters `q[from…]` can be spelled by prefixes of `syl[i…j]`, with
 * the whole of `q` used. Returns the last syllable index `j`, or -1. Prefers
 * the shortest run of syllables; `full` counts the syllables typed in full.
 */
export function matchRun(q: string, syl: readonly string[], i: number): { end: number; full: number } | undefined {
  // Depth-first: a query is a few letters, and at most two prefixes of a syllable fit (z, zh…).
  let best: { end: number; full: number } | undefined;
  const walk = (k: number, pos: number, full: number): void => {
    if (pos === q.length) {
      if (!best || k - 1 < best.end || (k - 1 === best.end && full > best.full)) best = { end: k - 1, full };
      return;
    }
    if (k >= syl.length || (best && k > best.end)) return;
    const s = syl[k]!;
    const common = commonPrefix(q, pos, s);
    // Longest prefix first, so full syllables are tried before initials.
    for (let len = common; len >= 1; len--) walk(k + 1, pos + len, full + (len === s.length ? 1 : 0));
  };
  walk(i, 0, 0);
  return best;
}

/** Does `q` spell all of `syl` (every syllable used, every letter used)? Returns how many syllables were typed in full. */
export function matchWhole(q: string, syl: readonly string[]): number | undefined {
  if (q.length < syl.length) return undefined;
  const m = matchRun(q, syl, 0);
  return m && m.end === syl.length - 1 ? m.full : undefined;
}

/**
 * How many letters at the start of `q` spell all of `syl` (for an input
 * method: pick a word, keep typing the rest). Longest first. With `cuts`,
 * each syllable must end at one of those positions (where the letters, read
 * as people type them, break into syllables).
 */
export function matchLeading(q: string, syl: readonly string[], cuts?: ReadonlySet<number>): number[] {
  const out = new Set<number>();
  const walk = (k: number, pos: number): void => {
    if (k === syl.length) {
      if (pos > 0) out.add(pos);
      return;
    }
    for (let len = commonPrefix(q, pos, syl[k]!); len >= 1; len--) if (!cuts || cuts.has(pos + len)) walk(k + 1, pos + len);
  };
  walk(0, 0);
  return [...out].sort((a, b) => b - a);
}

/** First syllable index where `q` matches a run of syllables (a pinyin search over a title), with its end. */
export function findRun(q: string, syl: readonly string[]): { start: number; end: number; full: number } | undefined {
  const first = q.charCodeAt(0);
  for (let i = 0; i < syl.length; i++) {
    if (syl[i]!.charCodeAt(0) !== first) continue;
    const m = matchRun(q, syl, i);
    if (m) return { start: i, end: m.end, full: m.full };
  }
  return undefined;
}

/** Letters only, lower case: what a pinyin query is made of. */
export function normalisePinyin(q: string): string {
  return q
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}

/**
 * The characters of `text` that each search-key syllable stands for, so a
 * match by pinyin can be highlighted: a Han character is one syllable, a run
 * of letters or digits is one token (as the publisher's pinyin keys are made).
 */
export function syllableSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /\p{Script=Han}|[A-Za-z0-9]+/gu;
  for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}
