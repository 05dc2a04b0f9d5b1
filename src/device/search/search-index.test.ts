/** Search semantics on small, readable documents; the 10,000-item speed is in bench/search.ts. */
import { beforeAll, describe, expect, test } from 'vitest';
import { htmlToText } from '../../contract/item-text.ts';
import { VocabIndex } from '../pinyin/vocab-index.ts';
import { naiveScan, type SearchDoc, SearchIndex } from './search-index.ts';

const doc = (id: string, title: string, body: string, pinyin: string, over: Partial<SearchDoc> = {}): SearchDoc => ({
  id,
  rev: 1,
  kind: 'disclosure',
  title,
  body,
  department: '县政务公开办',
  publishedAt: '2026-11-01',
  state: 'current',
  pinyin,
  ...over,
});

const docs = [
  doc('a', '政务公开工作制度', '每次公开的内容均要存档。', 'zheng wu gong kai gong zuo zhi du'),
  doc('b', '不动产登记收费标准', '住宅类不动产登记每件八十元，通过一卡通缴纳。', 'bu dong chan deng ji shou fei biao zhun', {
    publishedAt: '2026-11-20',
  }),
  doc('c', '医疗保险缴费指南', '政务公开办提醒：缴费标准为每人每年三百八十元。', 'yi liao bao xian jiao fei zhi nan'),
  doc('d', '旧的收费标准', '已被新标准替代。', 'jiu de shou fei biao zhun', { state: 'superseded', rev: 1 }),
];
const vocab = new VocabIndex({
  v: 1,
  chars: {},
  words: [
    ['政务公开', 'zheng wu gong kai'],
    ['收费', 'shou fei'],
    ['缴费', 'jiao fei'],
  ],
});

describe('search', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = await SearchIndex.build(docs, vocab);
  });

  test('a Chinese word matches titles and bodies; title matches rank first; highlights cover the word', () => {
    const r = index.search('政务公开');
    expect(r.hits.map((h) => h.doc.id)).toEqual(['a', 'c']);
    expect(r.hits[0]!.title).toEqual([[0, 4]]);
    expect(r.hits[1]!.snippet?.marks).toEqual([[0, 4]]);
  });

  test('pinyin initials and full pinyin, through the vocabulary and the titles’ own keys', () => {
    expect(index.search('zwgk').hits.map((h) => h.doc.id)).toEqual(['a', 'c']);
    expect(index.search('zhengwugongkai').total).toBe(2);
    // Keys alone (no vocabulary word): a run of the title.
    const keys = index.search('bdcdj');
    expect(keys.hits.map((h) => h.doc.id)).toEqual(['b']);
    expect(keys.hits[0]!.title).toEqual([[0, 5]]);
  });

  test('every word must match; current items before the archive; the scope filters', () => {
    expect(index.search('收费 标准').hits.map((h) => h.doc.id)).toEqual(['b', 'd']);
    expect(index.search('收费 标准', { scope: 'archive' }).hits.map((h) => h.doc.id)).toEqual(['d']);
    expect(index.search('收费 标准', { scope: 'current' }).hits.map((h) => h.doc.id)).toEqual(['b']);
    expect(index.search('收费 潜水艇').total).toBe(0);
  });

  test('a word the segmenter splits is still found whole (一卡通)', () => {
    const r = index.search('一卡通');
    expect(r.hits.map((h) => h.doc.id)).toEqual(['b']);
    expect(r.hits[0]!.snippet?.text.slice(...r.hits[0]!.snippet!.marks[0]!)).toBe('一卡通');
  });

  test('the same documents as a naive scan for the same words', () => {
    const texts = docs.map((d) => `${d.title}\n${d.body}`.toLowerCase());
    for (const q of ['公开', '缴费', '标准', '八十元', '不动产登记', '存档', '新标准'])
      expect(index.search(q, { limit: 100 }).total, q).toBe(naiveScan(texts, index.terms(q)));
  });

  test('bodies are searched as text, without their markup', () => {
    expect(htmlToText('<p>收费&amp;标准</p><table><tr><td>一</td><td>二</td></tr></table>')).toBe('收费&标准 一 二');
  });
});
