/** The input vocabulary built from the feed's own text. */
import { expect, test } from 'vitest';
import type { Item } from '../../src/contract/feed.ts';
import { parseVocab } from '../../src/contract/vocab.ts';
import { buildVocab, vocabFile } from './vocab.ts';

const item = (id: string, title: string, body: string, channel: 'public' | 'internal' = 'public'): Item => ({
  id,
  rev: 1,
  kind: 'disclosure',
  channel,
  category: channel === 'public' ? 'org-duties' : 'personnel',
  cadence: 'long-term',
  title,
  department: '县政务公开办',
  bodyHtml: `<p>${body}</p>`,
  publishedAt: '2026-11-01',
  attachments: [],
});

const items = [
  item('a', '政务公开工作制度', '政务公开必须坚持依法公开。县政务公开办负责政务公开。到银行网点缴费。'),
  item('b', '政务公开投诉制度', '对政务公开的投诉，由县政务公开办受理。'),
  item('c', '干部任用情况', '拟任命王秘密同志为科长。', 'internal'),
];

test('words, recurring phrases and their readings in context come from the feed; internal text stays out', () => {
  const vocab = buildVocab(items.filter((i) => i.channel === 'public'));
  const words = new Map(vocab.words);
  expect(words.get('政务')).toBe('zheng wu');
  // A phrase made of two words that recur side by side.
  expect(words.get('政务公开')).toBe('zheng wu gong kai');
  expect(words.get('银行')).toBe('yin hang');
  expect(vocab.words.findIndex(([w]) => w === '政务')).toBeLessThan(vocab.words.findIndex(([w]) => w === '银行'));
  expect(vocab.chars.hang!.startsWith('行')).toBe(true);
  // Common characters beyond the feed, for names and addresses.
  expect(vocab.chars.wang).toContain('王');
  expect(Object.keys(vocab.chars).length).toBeGreaterThan(380);
  expect(JSON.stringify(vocab)).not.toContain('秘密');
  expect(parseVocab(vocab).ok).toBe(true);
});

test('the same feed gives the same bytes and name; a device refuses a vocabulary that breaks the contract', () => {
  const a = vocabFile(buildVocab(items));
  const b = vocabFile(buildVocab([...items].reverse()));
  expect(a.href).toMatch(/^vocab\/[0-9a-f]{16}\.json$/);
  expect(b.sha256).toBe(a.sha256);
  expect(parseVocab({ v: 1, chars: { 'zh ng': '政' }, words: [] })).toMatchObject({ ok: false });
  expect(parseVocab({ v: 1, chars: {}, words: [['政务', 'ZHENG WU']] })).toMatchObject({ ok: false });
});
