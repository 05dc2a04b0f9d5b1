/** Pinyin as people type it: full, initials, mixed; and the input method's candidates. */
import { describe, expect, test } from 'vitest';
import type { Vocab } from '../../contract/vocab.ts';
import { findRun, matchLeading, matchWhole, normalisePinyin, syllableSpans } from './match.ts';
import { VocabIndex } from './vocab-index.ts';

const zwgk = ['zheng', 'wu', 'gong', 'kai'];

describe('matching letters against syllables', () => {
  test('full, initials and mixed spell the same word; letters left over or missing do not', () => {
    expect(matchWhole('zhengwugongkai', zwgk)).toBe(4);
    expect(matchWhole('zwgk', zwgk)).toBe(0);
    expect(matchWhole('zhengwgk', zwgk)).toBe(1);
    expect(matchWhole('zhwugk', zwgk)).toBe(1);
    expect(matchWhole('zwg', zwgk)).toBeUndefined();
    expect(matchWhole('zwgkb', zwgk)).toBeUndefined();
    expect(matchWhole('wgk', zwgk)).toBeUndefined();
  });

  test('a run anywhere in a title, starting at a syllable', () => {
    const title = ['xian', 'zheng', 'wu', 'gong', 'kai', 'ban'];
    expect(findRun('zwgk', title)).toEqual({ start: 1, end: 4, full: 0 });
    expect(findRun('gongkaiban', title)).toEqual({ start: 3, end: 5, full: 3 });
    expect(findRun('engwu', title)).toBeUndefined();
  });

  test('leading letters for an input method, only where the typed letters break into syllables', () => {
    expect(matchLeading('zwgkban', ['zheng', 'wu'])).toEqual([2]);
    expect(matchLeading('xian', ['xiao', 'neng'], new Set([4]))).toEqual([]);
  });

  test('normalising and highlighting spans', () => {
    expect(normalisePinyin('Lü Xing-2')).toBe('lvxing');
    expect(syllableSpans('2026年度 ABC')).toEqual([
      [0, 4],
      [4, 5],
      [5, 6],
      [7, 10],
    ]);
  });
});

describe('candidates', () => {
  const vocab: Vocab = {
    v: 1,
    chars: { zheng: '政正证', wu: '务无五', gong: '公工', kai: '开', xian: '县先线', xi: '西系', an: '安按', xiao: '效小', neng: '能' },
    words: [
      ['政务', 'zheng wu'],
      ['政务公开', 'zheng wu gong kai'],
      ['效能', 'xiao neng'],
      ['西安', 'xi an'],
    ],
  };
  const index = new VocabIndex(vocab);

  test('a phrase by initials comes first; its letters are all used', () => {
    const c = index.candidates('zwgk');
    expect(c[0]).toEqual({ text: '政务公开', letters: 4 });
    expect(c).toContainEqual({ text: '政务', letters: 2 });
  });

  test('a whole syllable means its characters before a word that splits it (xian: 县 before 效能 and 西安)', () => {
    const c = index.candidates('xian').map((x) => x.text);
    expect(c.slice(0, 3)).toEqual(['县', '先', '线']);
    expect(c.indexOf('西安')).toBeGreaterThan(2);
    expect(index.split('zhengwgk')).toEqual(['zheng', 'w', 'g', 'k']);
  });

  test('characters for the first syllable use only its letters', () => {
    expect(index.candidates('kaizheng')).toContainEqual({ text: '开', letters: 3 });
  });
});
