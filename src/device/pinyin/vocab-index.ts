/**
 * The input vocabulary, indexed for the on-screen keyboard and for search:
 * words by the first letter of their reading, characters by syllable.
 */
import type { Vocab } from '../../contract/vocab.ts';
import { matchLeading, matchWhole } from './match.ts';

export interface Candidate {
  text: string;
  /** How many letters of the composition it uses. */
  letters: number;
}

interface Word {
  text: string;
  syl: string[];
  rank: number;
}

export class VocabIndex {
  private readonly byLetter = new Map<string, Word[]>();
  private readonly chars: Map<string, string>;
  readonly syllables: readonly string[];

  constructor(vocab: Vocab) {
    vocab.words.forEach(([text, reading], rank) => {
      const syl = reading.split(' ');
      const first = syl[0]![0]!;
      const list = this.byLetter.get(first) ?? this.byLetter.set(first, []).get(first)!;
      list.push({ text, syl, rank });
    });
    this.chars = new Map(Object.entries(vocab.chars));
    this.syllables = [...this.chars.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  }

  /** Words the letters spell completely (zwgk, zhengwugongkai → 政务公开), those typed in full first. */
  wordsFor(q: string, limit = 50): string[] {
    return this.spelled(q)
      .slice(0, limit)
      .map((h) => h.w.text);
  }

  private spelled(q: string): { w: Word; full: number }[] {
    const hits: { w: Word; full: number }[] = [];
    for (const w of this.byLetter.get(q[0] ?? '') ?? []) {
      const full = matchWhole(q, w.syl);
      if (full !== undefined) hits.push({ w, full });
    }
    return hits.sort((a, b) => Number(b.full === b.w.syl.length) - Number(a.full === a.w.syl.length) || a.w.rank - b.w.rank);
  }

  /** The first syllable of the composition: the longest whole syllable it starts with, else the letters that begin one. */
  firstSyllable(q: string): { letters: number; syllables: string[] } {
    for (const s of this.syllables) if (q.startsWith(s)) return { letters: s.length, syllables: [s] };
    for (let len = Math.min(q.length, 6); len >= 1; len--) {
      const p = q.slice(0, len);
      const all = this.syllables.filter((s) => s.startsWith(p)).sort();
      if (all.length > 0) return { letters: len, syllables: all };
    }
    return { letters: 0, syllables: [] };
  }

  /** Splits a composition for display: zhengwgk → zheng w g k. */
  split(q: string): string[] {
    const out: string[] = [];
    let rest = q;
    while (rest) {
      const { letters } = this.firstSyllable(rest);
      const n = Math.max(letters, 1);
      out.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    return out;
  }

  /**
   * Candidates for an input method: words spelled by all the letters, then
   * words spelled by a leading part of them, then characters for the first
   * syllable. Picking one uses its `letters`; the rest stay to be typed on.
   */
  candidates(q: string, limit = 60): Candidate[] {
    if (!q) return [];
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const push = (text: string, letters: number) => {
      if (seen.has(text) || out.length >= limit) return;
      seen.add(text);
      out.push({ text, letters });
    };
    // Read the letters as people mean them: xian is 先 before it is 效能 (xia + n).
    const tokens = this.split(q);
    const boundaries = new Set(tokens.map((_, i) => tokens.slice(0, i + 1).join('').length));
    const later: string[] = [];
    for (const { w } of this.spelled(q).slice(0, 40)) {
      if (matchLeading(q, w.syl, boundaries).includes(q.length)) push(w.text, q.length);
      else later.push(w.text);
    }
    const first = this.firstSyllable(q);
    const leading: { w: Word; letters: number }[] = [];
    for (const w of this.byLetter.get(q[0]!) ?? []) {
      if (w.syl.length > q.length) continue;
      const letters = matchLeading(q, w.syl, boundaries).find((n) => n < q.length && n > first.letters);
      if (letters !== undefined) leading.push({ w, letters });
    }
    leading.sort((a, b) => b.letters - a.letters || a.w.rank - b.w.rank);
    for (const { w, letters } of leading.slice(0, 20)) push(w.text, letters);
    // One syllable's characters; several syllables (z…) take turns, so each shows its commonest first.
    const lists = first.syllables.map((s) => [...(this.chars.get(s) ?? '')]);
    const charLimit = limit - Math.min(later.length, 10);
    for (let i = 0; out.length < charLimit && lists.some((l) => i < l.length); i++)
      for (const l of lists) if (l[i] && out.length < charLimit) push(l[i]!, first.letters);
    for (const text of later) push(text, q.length);
    return out;
  }
}
