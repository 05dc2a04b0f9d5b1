import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.ts';
import { checkForm } from './check.ts';
import type { SurveyForm } from './form.ts';
import { checkResult, ResultFacts } from './result.ts';

function load(raw: unknown): SurveyForm {
  const r = checkForm(raw);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.form;
}
const demo = load(
  JSON.parse(readFileSync(new URL('../../../content/questionnaires/zwgk-evaluation-2026.form.json', import.meta.url), 'utf8')),
);
const ROWS = ['rural', 'finance', 'land', 'expropriation', 'debt', 'relief', 'enterprise', 'services', 'higher'];
const areas = (...cols: (number | string)[]) => Object.fromEntries(ROWS.map((r, i) => [r, cols[i % cols.length]]));

/** Decrypted answers as the office would have them. */
const answers = [
  { identity: 'rural', township: '草市镇', channels: ['board', 'village'], overall: 5, areas: areas(3) },
  { identity: 'rural', channels: ['village'], overall: 4, areas: areas(3, 2) },
  {
    identity: 'urban',
    channels: ['kiosk', 'wechat', 'other'],
    channelsOther: '抖音',
    overall: 2,
    areas: areas(1, 'unknown'),
    problems: ['late', 'hard'],
    problemDetail: '补贴名单贴出来时已经过了异议期',
  },
  { identity: 'business', channels: ['website'], overall: 3, areas: areas(2), problems: ['incomplete'], suggestion: '希望公开招投标结果' },
];

describe('aggregate: counting the answers', () => {
  const t = aggregate(demo, answers);
  const q = (name: string) => t.questions.find((x) => x.name === name)!;

  it('counts every submission once, in form order', () => {
    expect(t.n).toBe(4);
    expect(t.excluded).toEqual([]);
    expect(t.questions.map((x) => x.name)).toEqual([
      'identity',
      'township',
      'channels',
      'channelsOther',
      'overall',
      'areas',
      'problems',
      'problemDetail',
      'suggestion',
    ]);
  });

  it('single choice: counts per option, n = those who answered', () => {
    expect(q('identity')).toMatchObject({ type: 'choice', multiple: false, n: 4 });
    const identity = q('identity');
    expect(identity.type === 'choice' && identity.options).toEqual([
      { text: '城镇居民', count: 1 },
      { text: '农村居民', count: 2 },
      { text: '企业或个体工商户', count: 1 },
      { text: '机关、事业单位工作人员', count: 0 },
      { text: '其他', count: 0 },
    ]);
    const township = q('township');
    expect(township.n).toBe(1);
    expect(township.type === 'choice' && township.options.find((o) => o.text === '草市镇')?.count).toBe(1);
  });

  it('multiple choice: each ticked option counts, so the counts add up to more than n', () => {
    const c = q('channels');
    expect(c).toMatchObject({ type: 'choice', multiple: true, n: 4 });
    expect(c.type === 'choice' && Object.fromEntries(c.options.map((o) => [o.text, o.count]))).toEqual({
      '乡镇、部门政务公开栏': 1,
      政务服务中心触摸屏: 1,
      '村（社区）务公开栏': 2,
      县政府网站: 1,
      政务微信公众号: 1,
      '广播电视、报纸': 0,
      其他渠道: 1,
    });
  });

  it('rating: distribution from min to max and the mean', () => {
    expect(q('overall')).toEqual({
      type: 'rating',
      name: 'overall',
      title: '您对本县政务公开工作的总体满意程度',
      n: 4,
      min: 1,
      max: 5,
      minText: '很不满意',
      maxText: '非常满意',
      counts: [0, 1, 1, 1, 1],
      mean: 3.5,
    });
  });

  it('matrix: per area, the distribution and the mean of the scored columns (不了解 counted, not averaged)', () => {
    const m = q('areas');
    expect(m.type === 'matrix' && m.columns).toEqual([
      { text: '满意', score: 3 },
      { text: '基本满意', score: 2 },
      { text: '不满意', score: 1 },
      { text: '不了解' },
    ]);
    if (m.type !== 'matrix') throw new Error('matrix');
    // rural (row 0): 3, 3, 1, 2 → mean 2.25; finance (row 1): 3, 2, unknown, 2 → mean 2.33 over three.
    expect(m.rows[0]).toEqual({ text: '贯彻落实国家农村工作政策', n: 4, counts: [2, 1, 1, 0], mean: 2.25 });
    expect(m.rows[1]).toEqual({ text: '财政收支、各类专项资金管理使用', n: 4, counts: [1, 2, 0, 1], mean: 2.33 });
  });

  it('free text: only how many answered, never the text', () => {
    expect(q('problemDetail')).toEqual({ type: 'text', name: 'problemDetail', title: '请具体说明存在的问题', n: 1 });
    expect(JSON.stringify(t.questions)).not.toContain('异议期');
    expect(JSON.stringify(t.questions)).not.toContain('抖音');
  });

  it('the tally is a valid, consistent result for the feed', () => {
    const facts = {
      questionnaire: 'zwgk-evaluation-2026',
      rev: 1,
      opensOn: '2026-11-16',
      closesOn: '2026-12-15',
      n: t.n,
      questions: t.questions,
    };
    const parsed = v.safeParse(ResultFacts, facts);
    expect(parsed.success).toBe(true);
    expect(checkResult(facts)).toEqual([]);
  });

  it('a submission that does not fit the form is set aside with its reason, not counted half', () => {
    const t2 = aggregate(demo, [...answers, { identity: 'rural', overall: 7 }, 'garbage']);
    expect(t2.n).toBe(4);
    expect(t2.excluded).toEqual([
      { index: 4, reasons: ['channels: required', 'overall: range', 'areas: allRows'] },
      { index: 5, reasons: ['(整份): unknown'] },
    ]);
  });

  it('no answers: n is 0 and means are empty, not NaN', () => {
    const empty = aggregate(demo, []);
    expect(empty.n).toBe(0);
    const overall = empty.questions.find((x) => x.name === 'overall');
    expect(overall?.type === 'rating' && overall.mean).toBeNull();
  });
});

describe('checkResult: numbers that cannot be right are refused', () => {
  it('counts that do not add up', () => {
    const bad = {
      questionnaire: 'x',
      rev: 1,
      opensOn: '2026-11-16',
      closesOn: '2026-11-10',
      n: 3,
      questions: [
        { type: 'choice' as const, name: 'a', title: 'A', n: 3, multiple: false, options: [{ text: '是', count: 1 }] },
        { type: 'rating' as const, name: 'b', title: 'B', n: 5, min: 1, max: 5, counts: [1, 1], mean: 3 },
      ],
    };
    expect(checkResult(bad)).toEqual([
      '评议结果:截止日期早于开始日期',
      '评议结果 a:各选项人数之和不等于作答人数',
      '评议结果 b:作答人数 5 多于总数 3',
      '评议结果 b:分布的档数与分值范围不符',
      '评议结果 b:各分值人数之和不等于作答人数',
    ]);
  });
});

describe('evaluation by unit (《政务公开评议制度》第二条、第六条)', () => {
  const byUnit = load({
    title: '乡镇政务公开评议',
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'radiogroup',
            name: 'unit',
            title: '您评议的单位',
            isRequired: true,
            choices: [
              { value: 'caoshi', text: '草市镇人民政府' },
              { value: 'nankouqian', text: '南口前镇人民政府' },
              { value: 'transport', text: '县交通运输局' },
            ],
          },
          { type: 'rating', name: 'overall', title: '总体满意程度', rateMin: 1, rateMax: 5, isRequired: true },
        ],
      },
    ],
  });
  const t = aggregate(byUnit, [
    { unit: 'caoshi', overall: 5 },
    { unit: 'caoshi', overall: 3 },
    { unit: 'nankouqian', overall: 2 },
  ]);

  it('counts each unit’s answers apart, every unit listed, the unit question not repeated inside', () => {
    expect(t.units?.map((u) => [u.name, u.n, u.questions.map((q) => q.name)])).toEqual([
      ['草市镇人民政府', 2, ['overall']],
      ['南口前镇人民政府', 1, ['overall']],
      ['县交通运输局', 0, ['overall']],
    ]);
    const caoshi = t.units![0]!.questions[0]!;
    expect(caoshi).toMatchObject({ type: 'rating', n: 2, mean: 4, counts: [0, 0, 1, 0, 1] });
    expect(t.questions.find((q) => q.name === 'overall')).toMatchObject({ n: 3, mean: 3.33 });
  });

  it('a form without a unit question has no per-unit results', () => {
    expect(aggregate(demo, answers).units).toBeUndefined();
  });

  it('the result with its units and the office’s 代表评议 passes the checks; units that do not add up, a bad grade or a unit twice do not', () => {
    const facts = {
      questionnaire: 'unit-eval',
      rev: 1,
      opensOn: '2026-11-01',
      closesOn: '2026-11-30',
      n: t.n,
      questions: t.questions,
      units: t.units,
      representative: {
        panel: '特邀监督员 3 人、人大代表 2 人、政协委员 2 人、群众代表 4 人',
        heldOn: '2026-12-03',
        units: [
          { name: '草市镇人民政府', grade: '满意', note: '公开及时' },
          { name: '南口前镇人民政府', grade: '基本满意', note: '低保名单公示期偏短' },
        ],
      },
    };
    const ok = v.parse(ResultFacts, facts);
    expect(checkResult(ok)).toEqual([]);
    const inflated = { ...ok, units: ok.units!.map((u) => ({ ...u, n: u.n + 5 })) };
    expect(checkResult(inflated)).toContain('评议结果:各单位的评议份数之和 18 多于总数 3');
    expect(
      v.safeParse(ResultFacts, {
        ...facts,
        representative: { ...facts.representative, units: [{ name: '草市镇人民政府', grade: '优秀' }] },
      }).success,
    ).toBe(false);
    const twice = { ...ok, representative: { ...ok.representative!, units: [ok.representative!.units[0]!, ok.representative!.units[0]!] } };
    expect(checkResult(twice)).toContain('代表评议:同一单位出现了两次');
  });
});
