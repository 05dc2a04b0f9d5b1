/**
 * The input vocabulary (输入词库): pinyin for the kiosk's on-screen keyboard
 * and search, built by the publisher from the feed's own text (segmented with
 * Intl.Segmenter, converted with pinyin-pro on the hub) so the kiosk bundle
 * carries no pinyin dictionary. The signed head names it by hash, so it is as
 * trustworthy as the feed.
 */
import * as v from 'valibot';
import { VOCAB_LIMITS } from './limits.ts';

export { VocabRef } from './feed.ts';
/** Limits a device enforces before it parses the vocabulary. */
export { VOCAB_LIMITS };

export const VOCAB_VERSION = 1;

const syllable = /^[a-z]{1,6}$/;
const syllables = /^[a-z]{1,6}( [a-z]{1,6}){0,11}$/;

export const Vocab = v.object({
  v: v.literal(VOCAB_VERSION),
  /** Syllable (no tones, ü as v) → characters, most used first. */
  chars: v.pipe(
    v.record(v.pipe(v.string(), v.regex(syllable, '音节格式无效')), v.pipe(v.string(), v.maxLength(2000))),
    v.check((r) => Object.keys(r).length <= 600, '音节过多'),
  ),
  /** [word, its syllables separated by spaces], most frequent first. */
  words: v.pipe(
    v.array(v.tuple([v.pipe(v.string(), v.minLength(2), v.maxLength(12)), v.pipe(v.string(), v.regex(syllables, '拼音格式无效'))])),
    v.maxLength(VOCAB_LIMITS.words, '词条过多'),
  ),
});
export type Vocab = v.InferOutput<typeof Vocab>;

export function parseVocab(input: unknown): { ok: true; vocab: Vocab } | { ok: false; problem: string } {
  const r = v.safeParse(Vocab, input);
  if (r.success) return { ok: true, vocab: r.output };
  const i = r.issues[0];
  return { ok: false, problem: `${v.getDotPath(i) ?? '(根)'}: ${i.message}` };
}
