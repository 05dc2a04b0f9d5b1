import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkPage, checkSubmission, cleanAnswers, visibility } from './answers.ts';
import { checkForm } from './check.ts';
import type { Question, SurveyForm } from './form.ts';

function load(raw: unknown): SurveyForm {
  const r = checkForm(raw);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.form;
}
const demo = load(
  JSON.parse(readFileSync(new URL('../../../content/questionnaires/zwgk-evaluation-2026.form.json', import.meta.url), 'utf8')),
);
const allAreas = (col: number | string) =>
  Object.fromEntries(
    ['rural', 'finance', 'land', 'expropriation', 'debt', 'relief', 'enterprise', 'services', 'higher'].map((r) => [r, col]),
  );

describe('visibility, live as answers change', () => {
  it('the demo: “其他渠道” appears only when “其他渠道” is ticked', () => {
    expect(visibility(demo, { channels: ['board'] }).questions.has('channelsOther')).toBe(false);
    expect(visibility(demo, { channels: ['board', 'other'] }).questions.has('channelsOther')).toBe(true);
  });

  it('the demo: the problems question appears for a low overall rating or any 不满意 area', () => {
    const v = (a: Record<string, unknown>) => visibility(demo, a).questions;
    expect(v({ overall: 5, areas: allAreas(3) }).has('problems')).toBe(false);
    expect(v({ overall: 3, areas: allAreas(3) }).has('problems')).toBe(true);
    expect(v({ overall: 5, areas: { ...allAreas(3), relief: 1 } }).has('problems')).toBe(true);
    expect(v({ overall: 5, areas: allAreas('unknown') }).has('problems')).toBe(false);
    // And what depends on it follows.
    expect(v({ overall: 2, problems: ['late'] }).has('problemDetail')).toBe(true);
    expect(v({ overall: 5, problems: ['late'] }).has('problemDetail')).toBe(false);
  });

  it('a page whose condition is false, or whose questions are all hidden, is skipped', () => {
    const form = load({
      pages: [
        { elements: [{ type: 'radiogroup', name: 'a', title: 'A', choices: ['yes', 'no'] }] },
        { visibleIf: "{a} = 'yes'", elements: [{ type: 'text', name: 'b', title: 'B' }] },
        { elements: [{ type: 'text', name: 'c', title: 'C', visibleIf: "{a} = 'no'" }] },
      ],
    });
    expect(visibility(form, {}).pages).toEqual([true, false, false]);
    expect(visibility(form, { a: 'yes' }).pages).toEqual([true, true, false]);
    expect(visibility(form, { a: 'no' }).pages).toEqual([true, false, true]);
  });

  it('the answer of a hidden question counts as not given, so its dependants hide too', () => {
    const form = load({
      pages: [
        {
          elements: [
            { type: 'radiogroup', name: 'a', title: 'A', choices: ['yes', 'no'] },
            { type: 'radiogroup', name: 'b', title: 'B', choices: ['yes', 'no'], visibleIf: "{a} = 'yes'" },
            { type: 'text', name: 'c', title: 'C', visibleIf: "{b} = 'yes'" },
          ],
        },
      ],
    });
    expect([...visibility(form, { a: 'yes', b: 'yes' }).questions]).toEqual(['a', 'b', 'c']);
    expect([...visibility(form, { a: 'no', b: 'yes' }).questions]).toEqual(['a']);
  });
});

describe('checking one answer', () => {
  const q = (raw: Record<string, unknown>) =>
    load({ pages: [{ elements: [{ name: 'q', title: 'Q', ...raw }] }] }).pages[0]!.elements[0] as Question;

  it('required: empty, blank and unticked are not answers', () => {
    const r = q({ type: 'text', isRequired: true });
    expect(checkAnswer(r, undefined)).toEqual({ code: 'required' });
    expect(checkAnswer(r, '   ')).toEqual({ code: 'required' });
    expect(checkAnswer(q({ type: 'checkbox', choices: ['a', 'b'], isRequired: true }), [])).toEqual({ code: 'required' });
    expect(checkAnswer(q({ type: 'text', isRequired: true, requiredErrorText: '请写明渠道' }), '')).toEqual({
      code: 'required',
      text: '请写明渠道',
    });
    expect(checkAnswer(q({ type: 'text' }), undefined)).toBeUndefined();
  });

  it('choices: only the listed values, numbers and strings alike', () => {
    expect(checkAnswer(q({ type: 'radiogroup', choices: [1, 2] }), 2)).toBeUndefined();
    expect(checkAnswer(q({ type: 'radiogroup', choices: ['a', 'b'] }), 'c')).toEqual({ code: 'notChoice' });
    expect(checkAnswer(q({ type: 'checkbox', choices: ['a', 'b'] }), ['a', 'x'])).toEqual({ code: 'notChoice' });
    expect(checkAnswer(q({ type: 'checkbox', choices: ['a', 'b'] }), ['a', 'a'])).toEqual({ code: 'notChoice' });
    expect(checkAnswer(q({ type: 'checkbox', choices: ['a', 'b'] }), 'a')).toEqual({ code: 'notChoice' });
  });

  it('how many may be ticked', () => {
    const c = q({ type: 'checkbox', choices: ['a', 'b', 'c', 'd'], maxSelectedChoices: 2, minSelectedChoices: 2 });
    expect(checkAnswer(c, ['a', 'b', 'c'])).toEqual({ code: 'tooMany', max: 2 });
    expect(checkAnswer(c, ['a'])).toEqual({ code: 'tooFew', min: 2 });
    expect(checkAnswer(c, ['a', 'd'])).toBeUndefined();
    const v = q({ type: 'checkbox', choices: ['a', 'b', 'c'], validators: [{ type: 'answercount', maxCount: 1, text: '只能选一项' }] });
    expect(checkAnswer(v, ['a', 'b'])).toEqual({ code: 'tooMany', max: 1, text: '只能选一项' });
  });

  it('ratings: whole points within the scale', () => {
    const r = q({ type: 'rating', rateMin: 1, rateMax: 5 });
    expect(checkAnswer(r, 5)).toBeUndefined();
    expect(checkAnswer(r, 6)).toEqual({ code: 'range', min: 1, max: 5 });
    expect(checkAnswer(r, 2.5)).toEqual({ code: 'range', min: 1, max: 5 });
    expect(checkAnswer(r, '5')).toEqual({ code: 'range', min: 1, max: 5 });
  });

  it('text: length counted in characters (汉字 count one each), limits from maxLength and validators', () => {
    expect(checkAnswer(q({ type: 'text', maxLength: 4 }), '政务公开')).toBeUndefined();
    expect(checkAnswer(q({ type: 'text', maxLength: 4 }), '政务公开栏')).toEqual({ code: 'tooLong', max: 4, actual: 5 });
    expect(checkAnswer(q({ type: 'comment' }), '字'.repeat(2001))).toEqual({ code: 'tooLong', max: 2000, actual: 2001 });
    const v = q({ type: 'comment', validators: [{ type: 'text', minLength: 5 }] });
    expect(checkAnswer(v, '太短')).toEqual({ code: 'tooShort', min: 5, actual: 2 });
    const n = q({
      type: 'text',
      inputType: 'number',
      validators: [{ type: 'numeric', minValue: 0, maxValue: 120, text: '请填写实际年龄' }],
    });
    expect(checkAnswer(n, 130)).toEqual({ code: 'range', min: 0, max: 120, text: '请填写实际年龄' });
    expect(checkAnswer(n, 'abc')).toEqual({ code: 'notNumber' });
    const re = q({ type: 'text', validators: [{ type: 'regex', regex: '^\\d{4}$', text: '请填写4位数字' }] });
    expect(checkAnswer(re, '12a4')).toEqual({ code: 'custom', text: '请填写4位数字' });
    expect(checkAnswer(re, '1234')).toBeUndefined();
  });

  it('matrix: known rows and columns; every row when isAllRowRequired', () => {
    const m = q({ type: 'matrix', columns: [3, 2, 1, 'unknown'], rows: ['a', 'b', 'c'], isAllRowRequired: true });
    expect(checkAnswer(m, { a: 3, b: 'unknown', c: 1 })).toBeUndefined();
    expect(checkAnswer(m, { a: 3 })).toEqual({ code: 'allRows', missing: 2 });
    expect(checkAnswer(m, { a: 3, b: 2, c: 9 })).toEqual({ code: 'notChoice' });
    expect(checkAnswer(m, { a: 3, b: 2, c: 1, z: 1 })).toEqual({ code: 'notChoice' });
  });

  it('expression validators read this answer and earlier ones', () => {
    const form = load({
      pages: [
        {
          elements: [
            { type: 'rating', name: 'overall', title: '总体' },
            {
              type: 'comment',
              name: 'why',
              title: '原因',
              validators: [{ type: 'expression', expression: '{overall} >= 3 or {why} notempty', text: '评价较低时请说明原因' }],
            },
          ],
        },
      ],
    });
    expect(checkPage(form, 0, { overall: 2 })).toEqual(new Map([['why', { code: 'custom', text: '评价较低时请说明原因' }]]));
    expect(checkPage(form, 0, { overall: 2, why: '办事慢' }).size).toBe(0);
    expect(checkPage(form, 0, { overall: 4 }).size).toBe(0);
  });
});

describe('a page, and a whole submission', () => {
  it('checks only the visible questions of the page', () => {
    expect([...checkPage(demo, 1, { channels: ['board'], overall: 4 }).keys()]).toEqual([]);
    expect([...checkPage(demo, 1, { channels: ['other'] }).keys()]).toEqual(['channelsOther', 'overall']);
    expect([...checkPage(demo, 0, {}).keys()]).toEqual(['identity']);
  });

  it('submits the visible answers only, trimmed, without empty ones', () => {
    const clean = cleanAnswers(demo, {
      identity: 'rural',
      township: '',
      channels: ['board'],
      channelsOther: '抖音',
      overall: 5,
      areas: { ...allAreas(3), debt: '' },
      problems: ['late'],
      suggestion: '  希望公开村集体收支明细  ',
    });
    expect(clean).toEqual({
      identity: 'rural',
      channels: ['board'],
      overall: 5,
      areas: { rural: 3, finance: 3, land: 3, expropriation: 3, relief: 3, enterprise: 3, services: 3, higher: 3 },
      suggestion: '希望公开村集体收支明细',
    });
  });

  it('a whole submission as received: valid, or every problem listed', () => {
    const good = { identity: 'urban', channels: ['kiosk'], overall: 4, areas: allAreas(2) };
    expect(checkSubmission(demo, good)).toEqual({ ok: true, answers: good });
    const bad = checkSubmission(demo, { identity: 'alien', channels: ['kiosk'], overall: 9, areas: allAreas(2), hacked: 1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => `${p.name}:${p.problem.code}`)).toEqual([
      'hacked:unknown',
      'identity:notChoice',
      'overall:range',
    ]);
    // An answer to a question that was hidden for these answers is refused, not counted.
    const hidden = checkSubmission(demo, { ...good, problemDetail: '不该出现' });
    expect(!hidden.ok && hidden.problems.map((p) => p.name)).toEqual(['problemDetail']);
    expect(checkSubmission(demo, null).ok).toBe(false);
    expect(checkSubmission(demo, [1, 2]).ok).toBe(false);
  });
});
