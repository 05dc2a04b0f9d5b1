/**
 * Answering: which pages and questions are visible for the answers so far,
 * what is wrong with an answer (as a code the screens turn into plain Chinese),
 * and the clean set of answers that is submitted. The same functions run on the
 * kiosk, the phone and the office's side, so all three agree.
 */
import { type Expr, evaluate, isEmptyValue, parseCondition } from './condition.ts';
import {
  type Answers,
  type ChoiceValue,
  choiceOf,
  FORM_LIMITS,
  type FormPage,
  type Question,
  ratingRange,
  type SurveyForm,
} from './form.ts';

/** What is wrong with one answer; `text` is the form's own message where it has one. */
export type Problem =
  | { code: 'required'; text?: string }
  | { code: 'allRows'; missing: number; text?: string }
  | { code: 'notChoice' }
  | { code: 'notNumber' }
  | { code: 'tooLong'; max: number; actual: number; text?: string }
  | { code: 'tooShort'; min: number; actual: number; text?: string }
  | { code: 'tooFew'; min: number; text?: string }
  | { code: 'tooMany'; max: number; text?: string }
  | { code: 'range'; min?: number; max?: number; text?: string }
  | { code: 'custom'; text: string };

const parsed = new Map<string, Expr | null>();
/** Conditions are parsed once and kept; a broken one (refused by the publisher) counts as false. */
function condition(src: string): Expr | null {
  let e = parsed.get(src);
  if (e === undefined) {
    const r = parseCondition(src);
    e = r.ok ? r.expr : null;
    if (parsed.size > 2000) parsed.clear();
    parsed.set(src, e);
  }
  return e;
}

const sameValue = (a: unknown, b: ChoiceValue) => a === b || (typeof a !== 'object' && String(a) === String(b));

/**
 * Visibility for the given answers. Conditions read only earlier questions
 * (check.ts), so one pass in order is enough; the answer of a hidden question
 * counts as not given, so hiding a question also hides what depends on it.
 */
export function visibility(form: SurveyForm, answers: Answers): { pages: boolean[]; questions: Set<string> } {
  const visible = new Set<string>();
  const get = (name: string, row?: string) => {
    if (!visible.has(name)) return undefined;
    const a = answers[name];
    return row === undefined ? a : a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, unknown>)[row] : undefined;
  };
  const test = (src: string | undefined) => {
    if (src === undefined) return true;
    const e = condition(src);
    return e !== null && evaluate(e, get);
  };
  const pages = form.pages.map((p) => {
    if (!test(p.visibleIf)) return false;
    let any = false;
    for (const q of p.elements)
      if (test(q.visibleIf)) {
        visible.add(q.name);
        any = true;
      }
    return any;
  });
  return { pages, questions: visible };
}

const textLength = (s: string) => [...s].length;

/** The problem with one answer, or undefined. Hidden questions are not checked. */
export function checkAnswer(q: Question, value: unknown, answers: Answers = {}, visible?: Set<string>): Problem | undefined {
  if (isEmptyValue(value)) {
    if (q.isRequired) return { code: 'required', ...(q.requiredErrorText ? { text: q.requiredErrorText } : {}) };
    // As in SurveyJS, isAllRowRequired asks for every row even when none is answered.
    if (q.type === 'matrix' && q.isAllRowRequired) return { code: 'allRows', missing: q.rows.length };
    // Only expression validators speak about an empty answer ("explain when the rating is low").
    return runValidators(q, value, answers, visible, true);
  }
  switch (q.type) {
    case 'radiogroup':
      if (!q.choices.some((c) => sameValue(value, choiceOf(c).value))) return { code: 'notChoice' };
      break;
    case 'checkbox': {
      if (!Array.isArray(value) || !value.every((x) => q.choices.some((c) => sameValue(x, choiceOf(c).value))))
        return { code: 'notChoice' };
      if (new Set(value.map(String)).size !== value.length) return { code: 'notChoice' };
      if (q.maxSelectedChoices !== undefined && value.length > q.maxSelectedChoices) return { code: 'tooMany', max: q.maxSelectedChoices };
      if (q.minSelectedChoices !== undefined && value.length < q.minSelectedChoices) return { code: 'tooFew', min: q.minSelectedChoices };
      break;
    }
    case 'rating': {
      const { min, max } = ratingRange(q);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return { code: 'range', min, max };
      break;
    }
    case 'text':
    case 'comment': {
      if (q.type === 'text' && q.inputType === 'number') {
        if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'notNumber' };
        break;
      }
      if (typeof value !== 'string') return { code: 'notChoice' };
      const max = q.maxLength ?? (q.type === 'text' ? FORM_LIMITS.textMax : FORM_LIMITS.commentMax);
      const n = textLength(value.trim());
      if (n > max) return { code: 'tooLong', max, actual: n };
      break;
    }
    case 'matrix': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return { code: 'notChoice' };
      const rows = q.rows.map((r) => String(choiceOf(r).value));
      for (const [row, col] of Object.entries(value))
        if (!rows.includes(row) || !q.columns.some((c) => sameValue(col, choiceOf(c).value))) return { code: 'notChoice' };
      const missing = rows.filter((r) => isEmptyValue((value as Record<string, unknown>)[r])).length;
      if (q.isAllRowRequired && missing > 0) return { code: 'allRows', missing };
      break;
    }
  }
  return runValidators(q, value, answers, visible, false);
}

function runValidators(
  q: Question,
  value: unknown,
  answers: Answers,
  visible: Set<string> | undefined,
  onlyExpressions: boolean,
): Problem | undefined {
  for (const val of q.validators ?? []) {
    if (onlyExpressions && val.type !== 'expression') continue;
    const text = val.text ? { text: val.text } : {};
    if (val.type === 'text' && typeof value === 'string') {
      const n = textLength(value.trim());
      if (val.minLength !== undefined && n < val.minLength) return { code: 'tooShort', min: val.minLength, actual: n, ...text };
      if (val.maxLength !== undefined && n > val.maxLength) return { code: 'tooLong', max: val.maxLength, actual: n, ...text };
    }
    if (val.type === 'numeric' && typeof value === 'number') {
      if ((val.minValue !== undefined && value < val.minValue) || (val.maxValue !== undefined && value > val.maxValue))
        return {
          code: 'range',
          ...(val.minValue !== undefined ? { min: val.minValue } : {}),
          ...(val.maxValue !== undefined ? { max: val.maxValue } : {}),
          ...text,
        };
    }
    if (val.type === 'answercount' && Array.isArray(value)) {
      if (val.minCount !== undefined && value.length < val.minCount) return { code: 'tooFew', min: val.minCount, ...text };
      if (val.maxCount !== undefined && value.length > val.maxCount) return { code: 'tooMany', max: val.maxCount, ...text };
    }
    if (val.type === 'regex' && typeof value === 'string' && !new RegExp(val.regex, 'u').test(value))
      return { code: 'custom', text: val.text };
    if (val.type === 'expression') {
      const e = condition(val.expression);
      const get = (name: string, row?: string) => {
        if (name !== q.name && visible && !visible.has(name)) return undefined;
        const a = name === q.name ? value : answers[name];
        return row === undefined ? a : a && typeof a === 'object' ? (a as Record<string, unknown>)[row] : undefined;
      };
      if (!e || !evaluate(e, get)) return { code: 'custom', text: val.text };
    }
  }
  return undefined;
}

/** Problems on one page, by question name, for the visible questions only. */
export function checkPage(form: SurveyForm, page: number, answers: Answers): Map<string, Problem> {
  const { questions } = visibility(form, answers);
  const out = new Map<string, Problem>();
  for (const q of (form.pages[page] as FormPage | undefined)?.elements ?? []) {
    if (!questions.has(q.name)) continue;
    const p = checkAnswer(q, answers[q.name], answers, questions);
    if (p) out.set(q.name, p);
  }
  return out;
}

/**
 * What is submitted: the answers of visible questions only (an answer given
 * before a question was hidden again is dropped, as SurveyJS does on
 * completion), text trimmed, empty answers left out.
 */
export function cleanAnswers(form: SurveyForm, answers: Answers): Answers {
  const { questions } = visibility(form, answers);
  const out: Answers = {};
  for (const p of form.pages)
    for (const q of p.elements) {
      if (!questions.has(q.name)) continue;
      let a = answers[q.name];
      if (typeof a === 'string') a = a.trim();
      if (a && typeof a === 'object' && !Array.isArray(a))
        a = Object.fromEntries(Object.entries(a as Record<string, unknown>).filter(([, x]) => !isEmptyValue(x)));
      if (!isEmptyValue(a)) out[q.name] = a;
    }
  return out;
}

export type AnswersCheck =
  | { ok: true; answers: Answers }
  | { ok: false; problems: { name: string; problem: Problem | { code: 'unknown' } }[] };

/**
 * Checks a whole submission as received (untrusted JSON): only known, visible
 * questions; every answer valid; every visible required question answered.
 */
export function checkSubmission(form: SurveyForm, raw: unknown): AnswersCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: [{ name: '', problem: { code: 'unknown' } }] };
  const answers = raw as Answers;
  const { questions } = visibility(form, answers);
  const problems: { name: string; problem: Problem | { code: 'unknown' } }[] = [];
  const known = new Set(form.pages.flatMap((p) => p.elements.map((q) => q.name)));
  for (const name of Object.keys(answers))
    if (!known.has(name) || !questions.has(name)) problems.push({ name, problem: { code: 'unknown' } });
  for (const p of form.pages)
    for (const q of p.elements) {
      if (!questions.has(q.name)) continue;
      const problem = checkAnswer(q, answers[q.name], answers, questions);
      if (problem) problems.push({ name: q.name, problem });
    }
  return problems.length ? { ok: false, problems } : { ok: true, answers: cleanAnswers(form, answers) };
}
