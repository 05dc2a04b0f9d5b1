/**
 * Checks a questionnaire definition beyond its shape: what the publisher
 * refuses (with the place and the reason, for the clerk who has to fix it) and
 * what a device checks again before it lets anyone answer.
 */
import * as v from 'valibot';
import { type Expr, parseCondition, references } from './condition.ts';
import { type Choice, choiceOf, FORM_LIMITS, type Question, type QuestionType, ratingRange, SurveyForm, type Validator } from './form.ts';

export type FormCheck = { ok: true; form: SurveyForm } | { ok: false; problems: string[] };

const COMMON_KEYS = ['type', 'name', 'title', 'description', 'isRequired', 'requiredErrorText', 'visibleIf', 'validators'];
const TYPE_KEYS: Record<QuestionType, string[]> = {
  radiogroup: ['choices'],
  checkbox: ['choices', 'maxSelectedChoices', 'minSelectedChoices'],
  rating: ['rateMin', 'rateMax', 'minRateDescription', 'maxRateDescription'],
  text: ['inputType', 'maxLength', 'placeholder'],
  comment: ['maxLength', 'placeholder'],
  matrix: ['columns', 'rows', 'isAllRowRequired'],
};
/** SurveyJS layout settings our screens decide for themselves: accepted and ignored. */
const LAYOUT_KEYS = new Set([
  'startWithNewLine',
  'width',
  'minWidth',
  'maxWidth',
  'titleLocation',
  'descriptionLocation',
  'hideNumber',
  'indent',
  'colCount',
  'rateType',
  'displayMode',
  'autoGrow',
  'allowResize',
]);
const FORM_KEYS = ['title', 'description', 'completedHtml', 'pages'];
const FORM_LAYOUT_KEYS = new Set([
  'logoPosition',
  'showProgressBar',
  'progressBarType',
  'showQuestionNumbers',
  'showTitle',
  'widthMode',
  'questionsOnPageMode',
  'completeText',
  'pageNextText',
  'pagePrevText',
  'checkErrorsMode',
]);
const PAGE_KEYS = ['name', 'title', 'description', 'visibleIf', 'elements'];

/** Where a question is, in the words of the clerk: 第 2 页第 3 题(q5). */
function where(page: number, index: number, name?: unknown): string {
  return `第 ${page + 1} 页第 ${index + 1} 题${typeof name === 'string' ? `(${name})` : ''}`;
}

function pathText(path: readonly (string | number)[], raw: unknown): string {
  const [p0, page, p2, index, ...rest] = path;
  if (p0 === 'pages' && typeof page === 'number') {
    if (p2 === 'elements' && typeof index === 'number') {
      const name = (raw as { pages?: { elements?: { name?: unknown }[] }[] })?.pages?.[page]?.elements?.[index]?.name;
      return `${where(page, index, name)}${rest.length ? ` ${rest.join('.')}` : ''}`;
    }
    return `第 ${page + 1} 页${p2 !== undefined ? ` ${[p2, index, ...rest].filter((x) => x !== undefined).join('.')}` : ''}`;
  }
  return path.length ? path.join('.') : '问卷';
}

/** valibot's own English for a missing key or a wrong type, in the clerk's words. */
function issueText(i: v.BaseIssue<unknown>): string {
  if (!i.message.startsWith('Invalid')) return i.message;
  if (i.input === undefined) return '缺少此项';
  return i.type === 'object' ? '应为 JSON 对象 {…}' : i.type === 'array' ? '应为列表 […]' : `格式不对(${i.expected ?? i.type})`;
}

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Properties outside the documented subset change what a form means; refuse them rather than drop them silently. */
function unsupportedKeys(raw: unknown): string[] {
  const out: string[] = [];
  if (!isRecord(raw)) return out;
  for (const k of Object.keys(raw))
    if (!FORM_KEYS.includes(k) && !FORM_LAYOUT_KEYS.has(k)) out.push(`问卷:不支持的属性 ${k}(见 docs/questionnaire.md)`);
  const pages = Array.isArray(raw.pages) ? raw.pages : [];
  pages.forEach((p, pi) => {
    if (!isRecord(p)) return;
    for (const k of Object.keys(p)) if (!PAGE_KEYS.includes(k)) out.push(`第 ${pi + 1} 页:不支持的属性 ${k}`);
    const elements = Array.isArray(p.elements) ? p.elements : [];
    elements.forEach((q, qi) => {
      if (!isRecord(q) || typeof q.type !== 'string' || !(q.type in TYPE_KEYS)) return;
      const allowed = [...COMMON_KEYS, ...TYPE_KEYS[q.type as QuestionType]];
      for (const k of Object.keys(q))
        if (!allowed.includes(k) && !LAYOUT_KEYS.has(k) && !(q.type === 'comment' && k === 'rows'))
          out.push(`${where(pi, qi, q.name)}:不支持的属性 ${k}(见 docs/questionnaire.md)`);
    });
  });
  return out;
}

function duplicates(list: Choice[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const c of list) {
    const key = String(choiceOf(c).value);
    if (seen.has(key)) dup.push(key);
    seen.add(key);
  }
  return dup;
}

function choiceValues(q: Question, row?: string): (string | number)[] | undefined {
  if (q.type === 'radiogroup' || q.type === 'checkbox') return q.choices.map((c) => choiceOf(c).value);
  if (q.type === 'matrix' && row !== undefined) return q.columns.map((c) => choiceOf(c).value);
  return undefined;
}

const ORDER_OPS = new Set(['<', '<=', '>', '>=']);

/** Literals compared with a choice question must be among its choices: a typo there would silently never match. */
function literalProblems(e: Expr, byName: Map<string, Question>): string[] {
  if (e.k === 'cmp') {
    const pairs: [Expr, Expr][] = [
      [e.a, e.b],
      [e.b, e.a],
    ];
    const out: string[] = [];
    for (const [x, y] of pairs) {
      if (x.k !== 'var') continue;
      const q = byName.get(x.name);
      if (!q) continue;
      const lits = y.k === 'lit' ? [y.value] : y.k === 'list' ? y.items.flatMap((i) => (i.k === 'lit' ? [i.value] : [])) : [];
      const values = choiceValues(q, x.row);
      for (const lit of lits) {
        if (typeof lit === 'boolean') continue;
        if (values && !ORDER_OPS.has(e.op) && !values.some((c) => String(c) === String(lit)))
          out.push(
            `条件中的 ${JSON.stringify(lit)} 不是题目 ${x.name}${x.row !== undefined ? `.${x.row}` : ''} 的选项(可选:${values.join('、')})`,
          );
        if (q.type === 'rating' && ['=', '!='].includes(e.op)) {
          const { min, max } = ratingRange(q);
          const n = Number(lit);
          if (!Number.isInteger(n) || n < min || n > max)
            out.push(`条件中的 ${JSON.stringify(lit)} 不在评分题 ${x.name} 的分值 ${min}–${max} 之内`);
        }
      }
    }
    return out;
  }
  if (e.k === 'and' || e.k === 'or') return [...literalProblems(e.a, byName), ...literalProblems(e.b, byName)];
  if (e.k === 'not' || e.k === 'empty' || e.k === 'notempty') return literalProblems(e.e, byName);
  return [];
}

/**
 * A condition may only read questions the citizen has already met (earlier on
 * the page, or on an earlier page): no cycles, and nothing on a screen changes
 * because of a later answer.
 */
function conditionProblems(
  src: string,
  place: string,
  byName: Map<string, Question>,
  earlier: Set<string>,
  self: string | undefined,
  allowSelf: boolean,
): string[] {
  const parsed = parseCondition(src);
  if (!parsed.ok) return [`${place}:条件 “${src}” 有误,${parsed.error}`];
  const out: string[] = [];
  for (const ref of references(parsed.expr)) {
    const q = byName.get(ref.name);
    if (!q) out.push(`${place}:条件 “${src}” 引用了不存在的题目 ${ref.name}`);
    else if (ref.name === self && !allowSelf) out.push(`${place}:条件 “${src}” 不能引用本题自己`);
    else if (ref.name !== self && !earlier.has(ref.name))
      out.push(`${place}:条件 “${src}” 引用的题目 ${ref.name} 在本题之后,只能引用前面的题目`);
    else if (ref.row !== undefined) {
      if (q.type !== 'matrix') out.push(`${place}:条件 “${src}” 中 ${ref.name}.${ref.row}:只有矩阵题可以按行引用`);
      else if (!q.rows.some((r) => String(choiceOf(r).value) === ref.row))
        out.push(`${place}:条件 “${src}” 引用的行 ${ref.row} 不在矩阵题 ${ref.name} 中`);
    }
  }
  if (out.length === 0) out.push(...literalProblems(parsed.expr, byName).map((p) => `${place}:${p}`));
  return out;
}

const VALIDATOR_FITS: Record<Validator['type'], (q: Question) => boolean> = {
  text: (q) => q.type === 'comment' || (q.type === 'text' && q.inputType !== 'number'),
  regex: (q) => q.type === 'comment' || (q.type === 'text' && q.inputType !== 'number'),
  numeric: (q) => q.type === 'rating' || (q.type === 'text' && q.inputType === 'number'),
  answercount: (q) => q.type === 'checkbox',
  expression: () => true,
};

function questionProblems(q: Question, place: string): string[] {
  const out: string[] = [];
  if (q.type === 'radiogroup' || q.type === 'checkbox') {
    for (const d of duplicates(q.choices)) out.push(`${place}:选项 ${d} 重复`);
  }
  if (q.type === 'checkbox') {
    const { minSelectedChoices: min, maxSelectedChoices: max } = q;
    if (max !== undefined && max > q.choices.length) out.push(`${place}:最多可选 ${max} 项,但只有 ${q.choices.length} 个选项`);
    if (min !== undefined && max !== undefined && min > max) out.push(`${place}:最少可选数大于最多可选数`);
  }
  if (q.type === 'matrix') {
    for (const d of duplicates(q.rows)) out.push(`${place}:行 ${d} 重复`);
    for (const d of duplicates(q.columns)) out.push(`${place}:列 ${d} 重复`);
    for (const r of q.rows)
      if (String(choiceOf(r).value).includes('.')) out.push(`${place}:行的值 ${choiceOf(r).value} 不能含“.”(条件中按 {题目.行} 引用)`);
  }
  if (q.type === 'rating') {
    const { min, max } = ratingRange(q);
    if (min >= max) out.push(`${place}:rateMin 应小于 rateMax`);
    else if (max - min + 1 > FORM_LIMITS.ratingPoints) out.push(`${place}:评分最多 ${FORM_LIMITS.ratingPoints} 档`);
  }
  for (const val of q.validators ?? []) {
    if (!VALIDATOR_FITS[val.type](q)) out.push(`${place}:${val.type} 校验不适用于 ${q.type} 题`);
    if (val.type === 'regex') {
      try {
        new RegExp(val.regex, 'u');
      } catch {
        out.push(`${place}:正则表达式 ${val.regex} 无效`);
      }
    }
    if (val.type === 'text' && val.minLength !== undefined && val.maxLength !== undefined && val.minLength > val.maxLength)
      out.push(`${place}:最少字数大于最多字数`);
    if (val.type === 'numeric' && val.minValue !== undefined && val.maxValue !== undefined && val.minValue > val.maxValue)
      out.push(`${place}:最小值大于最大值`);
  }
  return out;
}

/** Shape, unsupported properties, names, choices, conditions: every problem, each with its place. */
export function checkForm(raw: unknown): FormCheck {
  const shape = v.safeParse(SurveyForm, raw);
  if (!shape.success)
    return {
      ok: false,
      problems: shape.issues.map(
        (i) =>
          `${pathText(
            (i.path ?? []).map((p) => p.key as string | number),
            raw,
          )}:${issueText(i)}`,
      ),
    };
  const problems = unsupportedKeys(raw);
  const form = shape.output;

  const byName = new Map<string, Question>();
  const firstPlace = new Map<string, string>();
  form.pages.forEach((p, pi) => {
    p.elements.forEach((q, qi) => {
      const place = where(pi, qi, q.name);
      if (firstPlace.has(q.name)) problems.push(`${place}:题目名 ${q.name} 与${firstPlace.get(q.name)}重复`);
      else {
        firstPlace.set(q.name, place);
        byName.set(q.name, q);
      }
    });
  });
  if (byName.size > FORM_LIMITS.questions) problems.push(`问卷不能超过 ${FORM_LIMITS.questions} 道题`);

  const earlier = new Set<string>();
  form.pages.forEach((p, pi) => {
    // A page's condition reads answers from earlier pages only.
    if (p.visibleIf !== undefined) problems.push(...conditionProblems(p.visibleIf, `第 ${pi + 1} 页`, byName, earlier, undefined, false));
    p.elements.forEach((q, qi) => {
      const place = where(pi, qi, q.name);
      problems.push(...questionProblems(q, place));
      if (q.visibleIf !== undefined) problems.push(...conditionProblems(q.visibleIf, place, byName, earlier, q.name, false));
      for (const val of q.validators ?? [])
        if (val.type === 'expression') problems.push(...conditionProblems(val.expression, place, byName, earlier, q.name, true));
      earlier.add(q.name);
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, form };
}
