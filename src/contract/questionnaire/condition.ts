/**
 * Conditions (`visibleIf`, expression validators): the subset of SurveyJS
 * expressions documented in docs/questionnaire.md, parsed into a tree and
 * evaluated by walking it. No eval, no functions, no property access beyond
 * `{question}` and `{matrix.row}`: a signed form can only compare answers.
 *
 *   expr    := or
 *   or      := and (("or" | "||") and)*
 *   and     := not (("and" | "&&") not)*
 *   not     := ("not" | "!") not | compare
 *   compare := operand [ op operand | "empty" | "notempty" ]
 *   operand := {name} | {name.row} | 'text' | "text" | number | true | false | [operand, …] | ( expr )
 *   op      := = == != <> < <= > >= contains notcontains anyof allof noneof
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'notcontains' | 'anyof' | 'allof' | 'noneof';

export type Expr =
  | { k: 'var'; name: string; row?: string; at: number }
  | { k: 'lit'; value: string | number | boolean }
  | { k: 'list'; items: Expr[] }
  | { k: 'not'; e: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'cmp'; op: CompareOp; a: Expr; b: Expr }
  | { k: 'empty' | 'notempty'; e: Expr };

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: string };

type Token =
  | { t: 'var'; name: string; row?: string; at: number }
  | { t: 'str'; value: string; at: number }
  | { t: 'num'; value: number; at: number }
  | { t: 'word'; value: string; at: number }
  | { t: 'punct'; value: string; at: number };

const MAX_LENGTH = 500;
const MAX_DEPTH = 24;

/** SurveyJS keywords are case-insensitive; a few have synonyms. */
const WORDS: Record<string, string> = {
  and: 'and',
  or: 'or',
  not: 'not',
  empty: 'empty',
  isempty: 'empty',
  notempty: 'notempty',
  isnotempty: 'notempty',
  contains: 'contains',
  contain: 'contains',
  notcontains: 'notcontains',
  notcontain: 'notcontains',
  anyof: 'anyof',
  allof: 'allof',
  noneof: 'noneof',
  true: 'true',
  false: 'false',
};

const OPS: Record<string, CompareOp> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  contains: 'contains',
  notcontains: 'notcontains',
  anyof: 'anyof',
  allof: 'allof',
  noneof: 'noneof',
};

class ConditionError extends Error {}

const fail = (at: number, what: string): never => {
  throw new ConditionError(`第 ${at + 1} 个字符处${what}`);
};

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) fail(at, ':“{”没有对应的“}”');
      const ref = src.slice(i + 1, end).trim();
      if (!ref) fail(at, ':“{}”里缺少题目名');
      const dot = ref.indexOf('.');
      out.push(dot < 0 ? { t: 'var', name: ref, at } : { t: 'var', name: ref.slice(0, dot), row: ref.slice(dot + 1), at });
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        s += src[i];
        i++;
      }
      if (i >= src.length) fail(at, ':引号没有闭合');
      out.push({ t: 'str', value: s, at });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || !prevIsOperand(out))) {
      out.push({ t: 'num', value: Number(num[0]), at });
      i += num[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<>', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'punct', value: two, at });
      i += 2;
      continue;
    }
    if ('=<>!()[],'.includes(c)) {
      out.push({ t: 'punct', value: c, at });
      i++;
      continue;
    }
    const word = /^[A-Za-z]+/.exec(src.slice(i));
    if (word) {
      const w = WORDS[word[0].toLowerCase()];
      if (!w) fail(at, `:不认识“${word[0]}”(题目名要写在花括号里,如 {${word[0]}};文字要加引号)`);
      out.push({ t: 'word', value: w!, at });
      i += word[0].length;
      continue;
    }
    fail(at, `:不认识的符号“${c}”`);
  }
  return out;
}

function prevIsOperand(tokens: Token[]): boolean {
  const p = tokens.at(-1);
  return !!p && (p.t === 'var' || p.t === 'str' || p.t === 'num' || (p.t === 'punct' && (p.value === ')' || p.value === ']')));
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): Expr {
    if (this.tokens.length === 0) fail(0, ':条件是空的');
    const e = this.or(0);
    const rest = this.tokens[this.i];
    if (rest) fail(rest.at, `:多余的“${'value' in rest ? rest.value : rest.name}”`);
    return e;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private at(): number {
    return this.peek()?.at ?? this.length;
  }
  private is(value: string): boolean {
    const t = this.peek();
    return !!t && (t.t === 'word' || t.t === 'punct') && t.value === value;
  }
  private expect(value: string, what: string): void {
    if (!this.is(value)) fail(this.at(), `:缺少${what}`);
    this.i++;
  }

  private or(depth: number): Expr {
    let a = this.and(depth);
    while (this.is('or') || this.is('||')) {
      this.i++;
      a = { k: 'or', a, b: this.and(depth) };
    }
    return a;
  }

  private and(depth: number): Expr {
    let a = this.not(depth);
    while (this.is('and') || this.is('&&')) {
      this.i++;
      a = { k: 'and', a, b: this.not(depth) };
    }
    return a;
  }

  private not(depth: number): Expr {
    if (depth > MAX_DEPTH) fail(this.at(), ':嵌套太深');
    if (this.is('not') || this.is('!')) {
      this.i++;
      return { k: 'not', e: this.not(depth + 1) };
    }
    return this.compare(depth);
  }

  private compare(depth: number): Expr {
    const a = this.operand(depth);
    const t = this.peek();
    if (t && t.t === 'word' && (t.value === 'empty' || t.value === 'notempty')) {
      this.i++;
      return { k: t.value, e: a };
    }
    if (t && (t.t === 'word' || t.t === 'punct') && OPS[t.value]) {
      this.i++;
      return { k: 'cmp', op: OPS[t.value]!, a, b: this.operand(depth) };
    }
    return a;
  }

  private operand(depth: number): Expr {
    const t = this.peek();
    if (!t) return fail(this.length, ':条件不完整,缺少比较的对象');
    if (t.t === 'var') {
      this.i++;
      return t.row === undefined ? { k: 'var', name: t.name, at: t.at } : { k: 'var', name: t.name, row: t.row, at: t.at };
    }
    if (t.t === 'str' || t.t === 'num') {
      this.i++;
      return { k: 'lit', value: t.value };
    }
    if (t.t === 'word' && (t.value === 'true' || t.value === 'false')) {
      this.i++;
      return { k: 'lit', value: t.value === 'true' };
    }
    if (t.t === 'punct' && t.value === '(') {
      if (depth > MAX_DEPTH) fail(t.at, ':嵌套太深');
      this.i++;
      const e = this.or(depth + 1);
      this.expect(')', '右括号“)”');
      return e;
    }
    if (t.t === 'punct' && t.value === '[') {
      this.i++;
      const items: Expr[] = [];
      while (!this.is(']')) {
        const item = this.operand(depth + 1);
        if (item.k !== 'lit') fail(t.at, ':列表 [ ] 里只能写文字或数字');
        items.push(item);
        if (!this.is(',')) break;
        this.i++;
      }
      this.expect(']', '右方括号“]”');
      return { k: 'list', items };
    }
    return fail(t.at, `:这里应是题目、文字或数字,而不是“${t.value}”`);
  }
}

export function parseCondition(src: string): ParseResult {
  if (src.length > MAX_LENGTH) return { ok: false, error: `条件太长(最多 ${MAX_LENGTH} 个字符)` };
  try {
    return { ok: true, expr: new Parser(tokenize(src), src.length).parse() };
  } catch (e) {
    if (e instanceof ConditionError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Every `{name}` / `{name.row}` the condition reads, with its position. */
export function references(e: Expr): { name: string; row?: string; at: number }[] {
  switch (e.k) {
    case 'var':
      return [e.row === undefined ? { name: e.name, at: e.at } : { name: e.name, row: e.row, at: e.at }];
    case 'lit':
      return [];
    case 'list':
      return e.items.flatMap(references);
    case 'not':
    case 'empty':
    case 'notempty':
      return references(e.e);
    default:
      return [...references(e.a), ...references(e.b)];
  }
}

/** Reads an answer: `row` is a matrix row. Unanswered is `undefined`. */
export type Lookup = (name: string, row?: string) => unknown;

export function isEmptyValue(x: unknown): boolean {
  if (x === undefined || x === null || x === '') return true;
  if (Array.isArray(x)) return x.length === 0;
  if (typeof x === 'object') return Object.keys(x).length === 0;
  if (typeof x === 'string') return x.trim() === '';
  return false;
}

function truthy(x: unknown): boolean {
  return !isEmptyValue(x) && x !== false && x !== 0;
}

/** A number, or a string that is one (SurveyJS compares '5' and 5 as equal). */
function asNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  return undefined;
}

function same(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  return false;
}

const asList = (x: unknown): unknown[] => (Array.isArray(x) ? x : isEmptyValue(x) ? [] : [x]);
const has = (list: unknown[], x: unknown) => list.some((y) => same(x, y));

function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case '=':
      if (Array.isArray(a) || Array.isArray(b)) {
        // Two selections are equal when they hold the same choices, in any order.
        const la = asList(a);
        const lb = asList(b);
        return la.length === lb.length && la.every((x) => has(lb, x));
      }
      if (isEmptyValue(a) && isEmptyValue(b)) return true;
      return same(a, b);
    case '!=':
      return !compare('=', a, b);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const na = asNumber(a);
      const nb = asNumber(b);
      // An unanswered question is neither more nor less than anything.
      if (na === undefined || nb === undefined) return false;
      return op === '<' ? na < nb : op === '<=' ? na <= nb : op === '>' ? na > nb : na >= nb;
    }
    case 'contains':
      if (typeof a === 'string') return typeof b === 'string' || typeof b === 'number' ? a.includes(String(b)) : false;
      return asList(b).every((x) => has(asList(a), x)) && !isEmptyValue(b);
    case 'notcontains':
      return !compare('contains', a, b);
    case 'anyof':
      return asList(b).some((x) => has(asList(a), x));
    case 'allof':
      return asList(b).length > 0 && asList(b).every((x) => has(asList(a), x));
    case 'noneof':
      return !asList(b).some((x) => has(asList(a), x));
  }
}

function value(e: Expr, get: Lookup): unknown {
  switch (e.k) {
    case 'var':
      return get(e.name, e.row);
    case 'lit':
      return e.value;
    case 'list':
      return e.items.map((x) => value(x, get));
    default:
      return evaluate(e, get);
  }
}

export function evaluate(e: Expr, get: Lookup): boolean {
  switch (e.k) {
    case 'and':
      return evaluate(e.a, get) && evaluate(e.b, get);
    case 'or':
      return evaluate(e.a, get) || evaluate(e.b, get);
    case 'not':
      return !evaluate(e.e, get);
    case 'empty':
      return isEmptyValue(value(e.e, get));
    case 'notempty':
      return !isEmptyValue(value(e.e, get));
    case 'cmp':
      return compare(e.op, value(e.a, get), value(e.b, get));
    default:
      return truthy(value(e, get));
  }
}
