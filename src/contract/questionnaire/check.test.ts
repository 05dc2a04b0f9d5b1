import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkForm } from './check.ts';

const demo = JSON.parse(readFileSync(new URL('../../../content/questionnaires/zwgk-evaluation-2026.form.json', import.meta.url), 'utf8'));

/** A small valid form; tests break one thing at a time. */
function form(elements: unknown[], more: Record<string, unknown> = {}) {
  return { pages: [{ title: '第一页', elements }], ...more };
}
const radio = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'radiogroup',
  name,
  title: `题目 ${name}`,
  choices: [
    { value: 'yes', text: '是' },
    { value: 'no', text: '否' },
  ],
  ...extra,
});
const problemsOf = (raw: unknown) => {
  const r = checkForm(raw);
  return r.ok ? [] : r.problems;
};

describe('checkForm: what is accepted', () => {
  it('accepts the demo 政务公开评议 questionnaire', () => {
    const r = checkForm(demo);
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok && r.form.pages.map((p) => p.elements.length)).toEqual([2, 3, 1, 3]);
  });

  it('accepts every supported type with its options', () => {
    const r = checkForm(
      form([
        radio('q1', { isRequired: true, requiredErrorText: '请选择' }),
        { type: 'checkbox', name: 'q2', title: '多选', choices: ['甲', '乙', '丙'], maxSelectedChoices: 2, minSelectedChoices: 1 },
        { type: 'rating', name: 'q3', title: '评分', rateMin: 0, rateMax: 10, minRateDescription: '差', maxRateDescription: '好' },
        { type: 'text', name: 'q4', title: '年龄', inputType: 'number', validators: [{ type: 'numeric', minValue: 0, maxValue: 120 }] },
        { type: 'comment', name: 'q5', title: '意见', maxLength: 300, validators: [{ type: 'text', minLength: 5, text: '请多写几个字' }] },
        { type: 'matrix', name: 'q6', title: '矩阵', columns: [3, 2, 1], rows: ['r1', 'r2'], isAllRowRequired: true },
        { type: 'text', name: 'q7', title: '编号', validators: [{ type: 'regex', regex: '^[0-9]{4}$', text: '请填写4位数字' }] },
        { type: 'checkbox', name: 'q8', title: '再多选', choices: ['a', 'b'], validators: [{ type: 'answercount', maxCount: 1 }] },
        {
          type: 'comment',
          name: 'q9',
          title: '其他',
          visibleIf: "{q1} = 'yes' and {q6.r1} = 1",
          validators: [{ type: 'expression', expression: '{q9} notempty', text: '请填写' }],
        },
      ]),
    );
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('accepts and ignores SurveyJS layout settings the kiosk decides itself', () => {
    const r = checkForm(
      form([radio('q1', { colCount: 2, startWithNewLine: false })], { showProgressBar: 'top', showQuestionNumbers: 'off' }),
    );
    expect(r.ok).toBe(true);
    // The signed form carries only what the devices use.
    expect(r.ok && JSON.stringify(r.form)).not.toContain('colCount');
  });
});

describe('checkForm: broken definitions the publisher refuses, each with its place and reason', () => {
  it('an unknown question type', () => {
    expect(problemsOf(form([radio('q1'), { type: 'dropdown', name: 'q2', title: '下拉', choices: ['a', 'b'] }]))).toEqual([
      '第 1 页第 2 题(q2) type:不支持的题型 "dropdown":只支持 radiogroup(单选)、checkbox(多选)、rating(评分)、text(简答)、comment(问答)、matrix(矩阵)',
    ]);
  });

  it('a duplicate question name, naming both places', () => {
    const raw = { pages: [{ elements: [radio('q1')] }, { elements: [radio('q2'), radio('q1')] }] };
    expect(problemsOf(raw)).toEqual(['第 2 页第 2 题(q1):题目名 q1 与第 1 页第 1 题(q1)重复']);
  });

  it('a condition naming a question that does not exist', () => {
    expect(problemsOf(form([radio('q1'), radio('q2', { visibleIf: "{q9} = 'yes'" })]))).toEqual([
      "第 1 页第 2 题(q2):条件 “{q9} = 'yes'” 引用了不存在的题目 q9",
    ]);
  });

  it('a condition naming a later question, or itself', () => {
    expect(problemsOf(form([radio('q1', { visibleIf: "{q2} = 'yes'" }), radio('q2', { visibleIf: "{q2} = 'no'" })]))).toEqual([
      "第 1 页第 1 题(q1):条件 “{q2} = 'yes'” 引用的题目 q2 在本题之后,只能引用前面的题目",
      "第 1 页第 2 题(q2):条件 “{q2} = 'no'” 不能引用本题自己",
    ]);
  });

  it('a page condition naming a question on the same page', () => {
    const raw = { pages: [{ elements: [radio('q1')] }, { visibleIf: "{q2} = 'yes'", elements: [radio('q2')] }] };
    expect(problemsOf(raw)).toEqual(["第 2 页:条件 “{q2} = 'yes'” 引用的题目 q2 在本题之后,只能引用前面的题目"]);
  });

  it('a condition that does not parse, with the position', () => {
    expect(problemsOf(form([radio('q1'), radio('q2', { visibleIf: "{q1} = 'yes' and" })]))).toEqual([
      "第 1 页第 2 题(q2):条件 “{q1} = 'yes' and” 有误,第 17 个字符处:条件不完整,缺少比较的对象",
    ]);
  });

  it('a condition comparing with a choice the question does not have (a typo that would never match)', () => {
    expect(problemsOf(form([radio('q1'), radio('q2', { visibleIf: "{q1} = 'yse'" })]))).toEqual([
      '第 1 页第 2 题(q2):条件中的 "yse" 不是题目 q1 的选项(可选:yes、no)',
    ]);
  });

  it('matrix rows in conditions: only on a matrix, only existing rows', () => {
    const m = { type: 'matrix', name: 'm', title: '矩阵', columns: [3, 2, 1], rows: ['a', 'b'] };
    expect(problemsOf(form([m, radio('q1'), radio('q2', { visibleIf: '{m.c} = 1' }), radio('q3', { visibleIf: '{q1.a} = 1' })]))).toEqual([
      '第 1 页第 3 题(q2):条件 “{m.c} = 1” 引用的行 c 不在矩阵题 m 中',
      '第 1 页第 4 题(q3):条件 “{q1.a} = 1” 中 q1.a:只有矩阵题可以按行引用',
    ]);
    expect(problemsOf(form([m, radio('q2', { visibleIf: '{m.a} = 4' })]))).toEqual([
      '第 1 页第 2 题(q2):条件中的 4 不是题目 m.a 的选项(可选:3、2、1)',
    ]);
  });

  it('a rating condition outside the scale', () => {
    const r = { type: 'rating', name: 'r', title: '评分' };
    expect(problemsOf(form([r, radio('q', { visibleIf: '{r} = 6' })]))).toEqual([
      '第 1 页第 2 题(q):条件中的 6 不在评分题 r 的分值 1–5 之内',
    ]);
  });

  it('properties outside the documented subset are refused, not silently dropped', () => {
    expect(problemsOf(form([radio('q1', { showOtherItem: true, enableIf: '{x} = 1' })], { questionsOrder: 'random' }))).toEqual([
      '问卷:不支持的属性 questionsOrder(见 docs/questionnaire.md)',
      '第 1 页第 1 题(q1):不支持的属性 showOtherItem(见 docs/questionnaire.md)',
      '第 1 页第 1 题(q1):不支持的属性 enableIf(见 docs/questionnaire.md)',
    ]);
  });

  it('duplicate choices, rows and columns; bad ranges; validators on the wrong type; a bad regex', () => {
    const problems = problemsOf(
      form([
        { type: 'radiogroup', name: 'a', title: 'A', choices: ['x', 'y', 'x'] },
        { type: 'matrix', name: 'b', title: 'B', columns: [1, 1], rows: ['r', 'r'] },
        { type: 'rating', name: 'c', title: 'C', rateMin: 5, rateMax: 1 },
        { type: 'rating', name: 'd', title: 'D', rateMin: 0, rateMax: 20 },
        { type: 'checkbox', name: 'e', title: 'E', choices: ['x', 'y'], maxSelectedChoices: 3 },
        { type: 'radiogroup', name: 'f', title: 'F', choices: ['x', 'y'], validators: [{ type: 'answercount', maxCount: 1 }] },
        { type: 'text', name: 'g', title: 'G', validators: [{ type: 'regex', regex: '([a-', text: '格式不对' }] },
      ]),
    );
    expect(problems).toEqual([
      '第 1 页第 1 题(a):选项 x 重复',
      '第 1 页第 2 题(b):行 r 重复',
      '第 1 页第 2 题(b):列 1 重复',
      '第 1 页第 3 题(c):rateMin 应小于 rateMax',
      '第 1 页第 4 题(d):评分最多 11 档',
      '第 1 页第 5 题(e):最多可选 3 项,但只有 2 个选项',
      '第 1 页第 6 题(f):answercount 校验不适用于 radiogroup 题',
      '第 1 页第 7 题(g):正则表达式 ([a- 无效',
    ]);
  });

  it('shape problems: no pages, an empty page, a missing title, a bad name, too few choices, a bad validator', () => {
    expect(problemsOf({ pages: [] })).toEqual(['pages:问卷至少要有一页']);
    expect(problemsOf({ pages: [{ elements: [] }] })).toEqual(['第 1 页 elements:每页至少一道题']);
    expect(problemsOf(form([{ type: 'radiogroup', name: 'q1', choices: ['a', 'b'] }]))).toEqual(['第 1 页第 1 题(q1) title:缺少此项']);
    expect(problemsOf(form([radio('1st')]))[0]).toContain('第 1 页第 1 题(1st) name:name 只能用英文字母开头');
    expect(problemsOf(form([radio('q1', { choices: ['only'] })]))).toEqual(['第 1 页第 1 题(q1) choices:至少要有 2 个选项']);
    expect(problemsOf(form([radio('q1', { validators: [{ type: 'email' }] })]))[0]).toContain('不支持的校验类型 "email"');
    expect(problemsOf('not a form')).toEqual(['问卷:应为 JSON 对象 {…}']);
  });
});
