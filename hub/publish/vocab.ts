/**
 * Builds the kiosk's input vocabulary (contract/vocab.ts) from the items the
 * feed shows: the text is segmented with Intl.Segmenter, the words and their
 * frequent neighbours become phrase candidates, and pinyin-pro gives each word
 * its reading in context (银行 → yin hang). Character candidates cover the
 * 3,755 common characters of GB 2312 level 1 plus every character the feed
 * uses, most used in the feed first, so a citizen can also type a name or an
 * address the feed never mentions.
 */
import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import type { Item } from '../../src/contract/feed.ts';
import { itemBodyText } from '../../src/contract/item-text.ts';
import { VOCAB_LIMITS, VOCAB_VERSION, type Vocab } from '../../src/contract/vocab.ts';

const HAN_RUN = /\p{Script=Han}+/gu;
const MAX_WORD = 8;
/** Phrases (two or three words in a row) must recur to be offered. */
const MIN_PHRASE_COUNT = 2;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** GB 2312 level 1: the common characters, in the standard's (pinyin) order. */
function level1Characters(): string[] {
  const dec = new TextDecoder('gb18030');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) break;
      out.push(dec.decode(new Uint8Array([hi, lo])));
    }
  return out;
}

type Counts = Map<string, number>;

/** Words and phrases of one text. Segmented run by run: V8's segmenter slows down badly on long strings. */
function countWords(text: string): Counts {
  const counts: Counts = new Map();
  const add = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const [run] of text.matchAll(HAN_RUN)) {
    if (run.length === 1) continue;
    const words: string[] = [];
    for (const s of segmenter.segment(run)) words.push(s.segment);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.length >= 2 && w.length <= MAX_WORD) add(w);
      // Phrase candidates: 政务 + 公开 → 政务公开.
      let phrase = w;
      for (let j = i + 1; j < Math.min(words.length, i + 3); j++) {
        phrase += words[j];
        if (phrase.length > MAX_WORD) break;
        add(`\u0001${phrase}`);
      }
    }
  }
  return counts;
}

/** Per-text counts, kept while the process runs: a feed is republished often and most items did not change. */
const cache = new Map<string, Counts>();

function countsFor(text: string): Counts {
  const key = createHash('sha1').update(text).digest('base64');
  let c = cache.get(key);
  if (!c) {
    if (cache.size > 50_000) cache.clear();
    c = countWords(text);
    cache.set(key, c);
  }
  return c;
}

const syllablesOf = (word: string): string[] =>
  pinyin(word, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));

export function buildVocab(items: readonly Item[]): Vocab {
  const words: Counts = new Map();
  const phrases: Counts = new Map();
  const chars: Counts = new Map();
  for (const item of items) {
    const text = `${item.title} ${itemBodyText(item)}`;
    for (const [w, n] of countsFor(text)) {
      if (w[0] === '\u0001') phrases.set(w.slice(1), (phrases.get(w.slice(1)) ?? 0) + n);
      else words.set(w, (words.get(w) ?? 0) + n);
    }
    for (const [ch] of text.matchAll(/\p{Script=Han}/gu)) chars.set(ch, (chars.get(ch) ?? 0) + 1);
  }
  for (const [p, n] of phrases) if (n >= MIN_PHRASE_COUNT && !words.has(p)) words.set(p, n);

  const ranked = [...words.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, VOCAB_LIMITS.words)
    .map(([w]) => w);

  // Readings in context: how often each character is read as each syllable.
  const readings = new Map<string, Counts>();
  const outWords: [string, string][] = [];
  for (const w of ranked) {
    const syl = syllablesOf(w);
    if (syl.length !== w.length || syl.some((s) => !/^[a-z]{1,6}$/.test(s))) continue;
    outWords.push([w, syl.join(' ')]);
    const n = words.get(w)!;
    [...w].forEach((ch, i) => {
      const r = readings.get(ch) ?? readings.set(ch, new Map()).get(ch)!;
      r.set(syl[i]!, (r.get(syl[i]!) ?? 0) + n);
    });
  }

  const level1 = level1Characters();
  const order = new Map(level1.map((c, i) => [c, i]));
  const all = new Set([...chars.keys(), ...level1]);
  const bySyllable = new Map<string, { ch: string; score: number; primary: boolean; order: number }[]>();
  for (const ch of all) {
    const primary = syllablesOf(ch)[0];
    const every = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }).map((s) => s.toLowerCase());
    for (const s of new Set(every)) {
      if (!/^[a-z]{1,6}$/.test(s)) continue;
      const inContext = readings.get(ch)?.get(s) ?? 0;
      // Use in the feed ranks first (a word's reading in context, a lone character its main reading); then the standard's order.
      const score = inContext + (s === primary ? (chars.get(ch) ?? 0) / 2 : 0);
      const list = bySyllable.get(s) ?? bySyllable.set(s, []).get(s)!;
      list.push({ ch, score, primary: s === primary, order: order.get(ch) ?? level1.length });
    }
  }
  const outChars: Record<string, string> = {};
  for (const s of [...bySyllable.keys()].sort()) {
    outChars[s] = bySyllable
      .get(s)!
      .sort((a, b) => b.score - a.score || Number(b.primary) - Number(a.primary) || a.order - b.order || a.ch.localeCompare(b.ch))
      .map((x) => x.ch)
      .join('')
      .slice(0, 2000);
  }
  return { v: VOCAB_VERSION, chars: outChars, words: outWords };
}

/** The vocabulary as the bytes the feed serves, and its content-addressed name. */
export function vocabFile(vocab: Vocab): { href: string; bytes: Uint8Array; sha256: string } {
  const bytes = new TextEncoder().encode(JSON.stringify(vocab));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { href: `vocab/${sha256.slice(0, 16)}.json`, bytes, sha256 };
}
