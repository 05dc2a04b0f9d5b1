/**
 * Search over titles and bodies, current items and the archive: a query is
 * split into words with Intl.Segmenter; letters are also read as pinyin (full
 * or initials: zwgk → 政务公开) through the feed's vocabulary and the items'
 * own pinyin keys. Every word must match (as a substring, so the segmenter's
 * choices never hide a match); titles rank above bodies, current items above
 * the archive, newer above older.
 *
 * The index keeps, for each character and each pair of characters, the sorted
 * list of documents that contain it. A word of one or two characters is
 * answered from those lists alone; a longer one only checks the documents
 * that have all its pairs.
 */
import type { ItemKind } from '../../contract/feed.ts';
import { normalisePinyin, syllableSpans } from '../pinyin/match.ts';
import type { VocabIndex } from '../pinyin/vocab-index.ts';

export type DocState = 'current' | 'expired' | 'superseded' | 'withdrawn';

export interface SearchDoc {
  id: string;
  rev: number;
  kind: ItemKind;
  title: string;
  /** Everything but the title, as plain text (item-text.ts). */
  body: string;
  department: string;
  publishedAt: string;
  state: DocState;
  /** The publisher's pinyin key of title + department: syllables separated by spaces. */
  pinyin?: string;
}

export type Range = [number, number];

export interface Hit {
  doc: SearchDoc;
  score: number;
  /** Matched ranges in the title. */
  title: Range[];
  /** Some body text around the first match, with its matched ranges. */
  snippet?: { text: string; marks: Range[]; before: boolean; after: boolean };
}

export interface SearchResult {
  total: number;
  hits: Hit[];
  /** The words looked for (Chinese words, and what pinyin was read as). */
  terms: string[];
}

export type Scope = 'all' | 'current' | 'archive';

type Postings = Int32Array;
const SEPARATORS = /[\s,，、。;；:：!！?？"“”'‘’()（）《》]+/;
const SNIPPET = 80;

interface Scored {
  d: number;
  score: number;
  /** The alternatives that matched, to highlight. */
  found: string[];
}
const EMPTY: Postings = new Int32Array(0);

/** One word of the query and what may stand for it. */
interface Token {
  /** Alternatives: any one of them matching satisfies the token. */
  strings: string[];
  /** Letters to match against the items' pinyin keys (titles and departments). */
  pinyin?: string;
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : undefined;

function pairCode(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

function intersect(a: Postings, b: Postings): Postings {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

function contains(list: Postings, d: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid]!;
    if (x === d) return true;
    if (x < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function mask(list: Postings, n: number): Uint8Array {
  const m = new Uint8Array(n);
  for (const d of list) m[d] = 1;
  return m;
}

/** The sorted union of document lists, through a bitmap (no sort, no Set). */
function unionAll(lists: Postings[], n: number): Postings {
  const m = new Uint8Array(n);
  let count = 0;
  for (const l of lists)
    for (const d of l)
      if (m[d] === 0) {
        m[d] = 1;
        count++;
      }
  const out = new Int32Array(count);
  for (let d = 0, k = 0; d < n; d++) if (m[d] === 1) out[k++] = d;
  return out;
}

export class SearchIndex {
  /** Lower-cased title + "\n" + body, per document. */
  private readonly hay: string[] = [];
  private readonly titles: string[] = [];
  /** Every document's pinyin key on one line, "\n"-separated, for pinyinRuns. */
  private keys = '';
  private readonly keyStarts: number[] = [];
  private readonly keyDocs: number[] = [];
  private postings = new Map<number, Postings>();
  /** Higher is newer. */
  private recency: Int32Array = new Int32Array(0);

  private constructor(
    readonly docs: readonly SearchDoc[],
    private readonly vocab?: VocabIndex,
  ) {}

  /** Builds the index; `pause` is awaited now and then so a big archive never freezes the screen. */
  static async build(docs: readonly SearchDoc[], vocab?: VocabIndex, pause?: () => Promise<void>): Promise<SearchIndex> {
    const index = new SearchIndex(docs, vocab);
    const lists = new Map<number, number[]>();
    const seen = new Set<number>();
    let keyParts = '';
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d]!;
      const title = doc.title.toLowerCase();
      const hay = `${title}\n${doc.body.toLowerCase()}`;
      index.titles.push(title);
      index.hay.push(hay);
      if (doc.pinyin) {
        index.keyStarts.push(keyParts.length);
        index.keyDocs.push(d);
        keyParts += `\n${doc.pinyin}`;
      }
      seen.clear();
      for (let i = 0; i < hay.length; i++) {
        const c = hay.charCodeAt(i);
        if (c <= 32) continue;
        seen.add(c);
        if (i + 1 < hay.length && hay.charCodeAt(i + 1) > 32) seen.add(pairCode(hay, i));
      }
      for (const code of seen) {
        const l = lists.get(code);
        if (l) l.push(d);
        else lists.set(code, [d]);
      }
      // About 50 ms of work between pauses on a slow kiosk: a tap meanwhile is still answered at once.
      if (pause && d % 100 === 99) await pause();
    }
    for (const [code, l] of lists) index.postings.set(code, Int32Array.from(l));
    index.keys = keyParts;
    // Newest first, for ties in score.
    const order = docs
      .map((_, d) => d)
      .sort((a, b) =>
        docs[a]!.publishedAt < docs[b]!.publishedAt ? 1 : docs[a]!.publishedAt > docs[b]!.publishedAt ? -1 : docs[b]!.rev - docs[a]!.rev,
      );
    index.recency = new Int32Array(docs.length);
    order.forEach((d, rank) => {
      index.recency[d] = docs.length - 1 - rank;
    });
    return index;
  }

  /** Documents that contain every character pair of `s` (every character, for one character). */
  private candidates(s: string): Postings {
    if (s.length === 1) return this.postings.get(s.charCodeAt(0)) ?? EMPTY;
    const lists: Postings[] = [];
    for (let i = 0; i + 1 < s.length; i++) lists.push(this.postings.get(pairCode(s, i)) ?? EMPTY);
    lists.sort((a, b) => a.length - b.length);
    let out = lists[0]!;
    for (let i = 1; i < lists.length && out.length > 0; i++) out = intersect(out, lists[i]!);
    return out;
  }

  /** The chunks of a query that the segmenter split into several words (一卡通 → 一 / 卡通): found whole, they rank higher. */
  private phrases(query: string): string[] {
    if (!segmenter) return [];
    return query
      .toLowerCase()
      .split(SEPARATORS)
      .filter((c) => c.length > 1 && !/^[a-zü]+$/.test(c) && [...segmenter.segment(c)].filter((s) => /\S/.test(s.segment)).length > 1);
  }

  private tokens(query: string): Token[] {
    const out: Token[] = [];
    for (const chunk of query.toLowerCase().split(SEPARATORS)) {
      if (!chunk) continue;
      if (/^[a-zü]+$/.test(chunk)) {
        const letters = normalisePinyin(chunk);
        const words = letters.length >= 2 && this.vocab ? this.vocab.wordsFor(letters, 12) : [];
        out.push({ strings: [chunk, ...words], pinyin: letters });
        continue;
      }
      if (!segmenter) {
        out.push({ strings: [chunk] });
        continue;
      }
      for (const s of segmenter.segment(chunk)) if (s.isWordLike || /\S/.test(s.segment)) out.push({ strings: [s.segment.trim()] });
    }
    return out.filter((t) => t.strings[0]);
  }

  /** The words of a query and their alternatives (pinyin read as words), as the search uses them. */
  terms(query: string): string[][] {
    return this.tokens(query).map((t) => t.strings);
  }

  /** Documents that contain `s`: from the postings alone for one or two characters, else checked. */
  private exactDocs(s: string): Postings {
    const cand = this.candidates(s);
    if (s.length <= 2) return cand;
    const out = new Int32Array(cand.length);
    let k = 0;
    for (const d of cand) if (this.hay[d]!.includes(s)) out[k++] = d;
    return out.subarray(0, k);
  }

  search(query: string, o: { scope?: Scope; limit?: number } = {}): SearchResult {
    const scope = o.scope ?? 'all';
    const limit = o.limit ?? 30;
    const tokens = this.tokens(query);
    const phrases = this.phrases(query);
    const n = this.docs.length;
    if (tokens.length === 0 || n === 0) return { total: 0, hits: [], terms: [] };

    // For each token: the documents of each alternative (exact), and of the pinyin title keys.
    const alts: Postings[][] = [];
    const altMasks: (Uint8Array | undefined)[][] = [];
    const tokenDocs: Postings[] = [];
    const pinyinTitle = new Map<number, Map<number, Range>>();
    tokens.forEach((t, ti) => {
      const lists = t.strings.map((s) => this.exactDocs(s));
      alts.push(lists);
      const all = [...lists];
      if (t.pinyin && t.pinyin.length >= 2) {
        const runs = this.pinyinRuns(t.pinyin);
        pinyinTitle.set(ti, runs);
        all.push(Int32Array.from(runs.keys()));
      }
      // A token with alternatives needs to know which one a document has.
      altMasks.push(lists.map((l) => (lists.length > 1 ? mask(l, n) : undefined)));
      tokenDocs.push(all.length === 1 ? all[0]! : unionAll(all, n));
    });
    const order = tokens.map((_, i) => i).sort((a, b) => tokenDocs[a]!.length - tokenDocs[b]!.length);
    let docs = tokenDocs[order[0]!]!;
    for (let i = 1; i < order.length && docs.length > 0; i++) docs = intersect(docs, tokenDocs[order[i]!]!);

    // A phrase the segmenter split: its own character pairs (县政, 务公, 开办…) find it far faster than its words.
    const phraseMasks = phrases.map((p) => mask(this.exactDocs(p), n));
    const single = tokens.map((t) => !t.pinyin && t.strings.length === 1);
    const has = (ti: number, ai: number, d: number) => {
      const m = altMasks[ti]![ai];
      // A lone word without pinyin: every candidate has it.
      return m ? m[d] === 1 : single[ti] || contains(alts[ti]![ai]!, d);
    };
    // Scores as numbers only (no object per document): score, then recency, unique per document.
    const keys = new Float64Array(docs.length);
    let count = 0;
    for (const d of docs) {
      const doc = this.docs[d]!;
      if (scope === 'current' && doc.state !== 'current') continue;
      if (scope === 'archive' && doc.state === 'current') continue;
      const title = this.titles[d]!;
      let score = doc.state === 'current' ? 3 : 0;
      for (let ti = 0; ti < tokens.length; ti++) {
        const strings = tokens[ti]!.strings;
        let best = pinyinTitle.get(ti)?.has(d) ? 8 : 0;
        for (let ai = 0; ai < strings.length && best < 10; ai++) {
          if (!has(ti, ai, d)) continue;
          const here = title.includes(strings[ai]!) ? 10 : 1;
          if (here > best) best = here;
        }
        score += best;
      }
      for (let pi = 0; pi < phrases.length; pi++) if (phraseMasks[pi]![d] === 1) score += title.includes(phrases[pi]!) ? 15 : 5;
      keys[count++] = score * n + this.recency[d]!;
    }
    const ranked = keys.subarray(0, count).sort();
    const byRecency = new Int32Array(n);
    for (let d = 0; d < n; d++) byRecency[this.recency[d]!] = d;
    const hits: Hit[] = [];
    for (let i = ranked.length - 1; i >= 0 && hits.length < limit; i--) {
      const key = ranked[i]!;
      const d = byRecency[key % n]!;
      // What matched, for the highlights: only for the documents shown.
      const found: string[] = [];
      tokens.forEach((t, ti) => {
        t.strings.forEach((s, ai) => {
          if (has(ti, ai, d)) found.push(s);
        });
      });
      phrases.forEach((p, pi) => {
        if (phraseMasks[pi]![d] === 1) found.push(p);
      });
      hits.push(this.mark({ d, score: Math.floor(key / n), found }, tokens, pinyinTitle));
    }
    const terms = [...new Set(tokens.flatMap((t) => (t.pinyin ? t.strings.slice(1) : t.strings)))];
    return { total: count, hits, terms };
  }

  /**
   * Documents whose pinyin key has a run of syllables the letters spell, with
   * that run (first and last syllable). One regular expression over all keys
   * at once: " z(?:[a-z0-9]* )?w…" lets each letter either go on in the same
   * syllable or start the next one.
   */
  private pinyinRuns(letters: string): Map<number, Range> {
    const out = new Map<number, Range>();
    const re = new RegExp(`[\\n ]${[...letters].join('(?:[a-z0-9]* )?')}`, 'g');
    const all = this.keys;
    for (let m = re.exec(all); m; m = re.exec(all)) {
      // Which document: the last key start at or before the match.
      let lo = 0;
      let hi = this.keyStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.keyStarts[mid]! <= m.index) lo = mid;
        else hi = mid - 1;
      }
      const d = this.keyDocs[lo]!;
      const from = this.keyStarts[lo]!;
      const start = countSpaces(all, from, m.index + 1);
      const end = start + countSpaces(all, m.index + 1, m.index + m[0].length);
      out.set(d, [start, end]);
      // One run per document: go on from the next key.
      re.lastIndex = this.keyStarts[lo + 1] ?? all.length;
    }
    return out;
  }

  /** Ranges to highlight in the title, and a snippet of the body around the first match. */
  private mark({ d, score, found }: Scored, tokens: Token[], pinyinTitle: Map<number, Map<number, Range>>): Hit {
    const doc = this.docs[d]!;
    // Longest first; a word inside a longer one that was found (卡通 in 一卡通) is not marked on its own.
    const words = [...new Set(found)]
      .sort((a, b) => b.length - a.length)
      .filter((w, i, all) => !all.slice(0, i).some((l) => l.includes(w)));
    const title = this.titles[d]!;
    const marks: Range[] = [];
    for (const w of words) for (let i = title.indexOf(w); i >= 0; i = title.indexOf(w, i + w.length)) marks.push([i, i + w.length]);
    tokens.forEach((_, ti) => {
      const run = pinyinTitle.get(ti)?.get(d);
      if (!run) return;
      const spans = syllableSpans(doc.title);
      // The key covers title then department; only ranges inside the title are marked.
      if (run[0] < spans.length) marks.push([spans[run[0]]![0], spans[Math.min(run[1], spans.length - 1)]![1]]);
    });
    const hit: Hit = { doc, score, title: merge(marks) };
    const body = doc.body;
    const lower = body.toLowerCase();
    // The snippet opens at the longest word found in the body.
    let first = -1;
    for (const w of words) {
      first = lower.indexOf(w);
      if (first >= 0) break;
    }
    const start = Math.max(0, first - 20);
    const text = body.slice(start, start + SNIPPET);
    const lowerText = text.toLowerCase();
    const snippetMarks: Range[] = [];
    if (first >= 0)
      for (const w of words)
        for (let i = lowerText.indexOf(w); i >= 0; i = lowerText.indexOf(w, i + w.length)) snippetMarks.push([i, i + w.length]);
    if (text) hit.snippet = { text, marks: merge(snippetMarks), before: start > 0, after: start + SNIPPET < body.length };
    return hit;
  }
}

function countSpaces(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 32) n++;
  return n;
}

function merge(ranges: Range[]): Range[] {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * The naive way, the benchmark's floor: every word (any of its alternatives)
 * looked for in every document's text, lower-cased and joined once beforehand.
 */
export function naiveScan(texts: readonly string[], words: readonly (readonly string[])[]): number {
  let n = 0;
  for (const text of texts) if (words.every((alts) => alts.some((w) => text.includes(w)))) n++;
  return n;
}
