import { describe, expect, it } from 'vitest';
import { evaluate, type Lookup, parseCondition, references } from './condition.ts';

const answers: Record<string, unknown> = {
  overall: 2,
  identity: 'rural',
  channels: ['board', 'other'],
  note: '公开栏太高,看不清',
  areas: { finance: 1, land: 3, rural: 'unknown' },
  count: '5',
};
const get: Lookup = (name, row) => {
  const a = answers[name];
  return row === undefined ? a : (a as Record<string, unknown> | undefined)?.[row];
};
const run = (src: string, lookup: Lookup = get) => {
  const r = parseCondition(src);
  if (!r.ok) throw new Error(r.error);
  return evaluate(r.expr, lookup);
};

describe('conditions: comparisons', () => {
  it.each([
    ["{identity} = 'rural'", true],
    ["{identity} == 'rural'", true],
    ["{identity} != 'rural'", false],
    ["{identity} <> 'urban'", true],
    ['{identity} = "rural"', true],
    ['{overall} = 2', true],
    ["{overall} = '2'", true],
    ['{count} = 5', true],
    ['{overall} <= 2', true],
    ['{overall} < 2', false],
    ['{overall} >= 3', false],
    ['{overall} > 1', true],
    ['{overall} > -1', true],
    ['{areas.finance} = 1', true],
    ['{areas.land} <= 2', false],
    ["{areas.rural} = 'unknown'", true],
    ['{areas.rural} < 2', false],
    ['{areas.debt} = 1', false],
  ])('%s → %s', (src, expected) => expect(run(src)).toBe(expected));

  it('an unanswered question is neither smaller nor larger than anything, and equals nothing', () => {
    expect(run('{missing} < 3')).toBe(false);
    expect(run('{missing} >= 3')).toBe(false);
    expect(run("{missing} = 'x'")).toBe(false);
    expect(run("{missing} != 'x'")).toBe(true);
  });
});

describe('conditions: selections and text', () => {
  it.each([
    ["{channels} contains 'other'", true],
    ["{channels} contains 'wechat'", false],
    ["{channels} notcontains 'wechat'", true],
    ["{channels} anyof ['wechat', 'board']", true],
    ["{channels} anyof ['wechat', 'media']", false],
    ["{channels} allof ['board', 'other']", true],
    ["{channels} allof ['board', 'media']", false],
    ["{channels} noneof ['wechat', 'media']", true],
    ["{channels} = ['other', 'board']", true],
    ["{channels} = ['board']", false],
    ["{identity} anyof ['rural', 'urban']", true],
    ["{note} contains '公开栏'", true],
    ["{note} notcontains '网站'", true],
    ['{channels} notempty', true],
    ['{missing} empty', true],
    ['{missing} notempty', false],
    ['{areas} notempty', true],
  ])('%s → %s', (src, expected) => expect(run(src)).toBe(expected));

  it('empty means unanswered: no text, blank text, no choices, no rows', () => {
    const blank: Lookup = (n) => ({ a: '', b: '   ', c: [], d: {}, e: 0 })[n];
    expect(run('{a} empty and {b} empty and {c} empty and {d} empty', blank)).toBe(true);
    // Zero is an answer (a rating scale may start at 0).
    expect(run('{e} notempty', blank)).toBe(true);
  });
});

describe('conditions: logic', () => {
  it.each([
    ["{overall} <= 2 and {identity} = 'rural'", true],
    ["{overall} <= 2 && {identity} = 'urban'", false],
    ["{overall} > 4 or {identity} = 'rural'", true],
    ["{overall} > 4 || {identity} = 'urban'", false],
    ["not {identity} = 'urban'", true],
    ["!({identity} = 'rural')", false],
    ["({overall} > 4 or {overall} < 3) and {channels} contains 'board'", true],
    ["{overall} > 4 or {overall} < 3 and {identity} = 'urban'", false],
    ['{overall} AND {identity}', true],
    ['true', true],
    ['false or {missing}', false],
    ["{overall} = 2 Or {identity} = 'x'", true],
  ])('%s → %s', (src, expected) => expect(run(src)).toBe(expected));

  it('and binds tighter than or', () => {
    expect(run('true or false and false')).toBe(true);
    expect(run('(true or false) and false')).toBe(false);
  });

  it('lists every question a condition reads, with matrix rows', () => {
    const r = parseCondition('{a} = 1 or ({b.row1} anyof [1, 2] and not {c} empty)');
    expect(r.ok && references(r.expr).map((x) => (x.row ? `${x.name}.${x.row}` : x.name))).toEqual(['a', 'b.row1', 'c']);
  });
});

describe('conditions: what is refused, with the place', () => {
  it.each([
    ['', '条件是空的'],
    ['{overall} <=', '缺少比较的对象'],
    ['({overall} > 1', '缺少右括号'],
    ["{identity} = 'rural", '引号没有闭合'],
    ['{identity = 1', '没有对应的'],
    ['{} = 1', '缺少题目名'],
    ['overall > 1', '不认识“overall”'],
    ['{a} + 1', '不认识的符号“+”'],
    ["iif({a}, 'x', 'y')", '不认识“iif”'],
    ['{a} = 1 {b}', '多余的'],
    ['{a} anyof [{b}]', '列表 [ ] 里只能写文字或数字'],
    ['{a} anyof [1, 2', '缺少右方括号'],
    ['{a}; alert(1)', '不认识的符号“;”'],
  ])('%j is refused: %s', (src, reason) => {
    const r = parseCondition(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(reason);
  });

  it('says where the problem is', () => {
    const r = parseCondition("{a} = 1 and {b} = 'x' $");
    expect(!r.ok && r.error).toBe('第 23 个字符处:不认识的符号“$”');
  });

  it('refuses over-long and too deeply nested conditions instead of overflowing the stack', () => {
    expect(parseCondition(`{a} = '${'x'.repeat(600)}'`).ok).toBe(false);
    const deep = parseCondition(`${'('.repeat(200)}{a}${')'.repeat(200)}`);
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error).toContain('嵌套太深');
    expect(parseCondition(`${'not '.repeat(100)}{a}`).ok).toBe(false);
  });

  it('text in quotes may hold anything, including braces and escaped quotes', () => {
    const lookup: Lookup = () => "it's {x}";
    expect(run("{a} = 'it\\'s {x}'", lookup)).toBe(true);
  });
});
