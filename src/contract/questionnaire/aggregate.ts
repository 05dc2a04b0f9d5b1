/**
 * Counting the answers (汇总): n, counts per choice, distribution and mean of
 * ratings, per row of a matrix (per evaluated area, 《政务公开评议制度》第三条).
 * Runs over decrypted answers on the office's side; each submission is checked
 * against the form first, and one that fails is set aside with its reasons,
 * never counted half.
 */
import { checkSubmission } from './answers.ts';
import { type Answers, choiceOf, ratingRange, type SurveyForm } from './form.ts';
import type { QuestionResult, UnitResult } from './result.ts';

export interface Tally {
  /** Submissions counted. */
  n: number;
  questions: QuestionResult[];
  /** Submissions set aside (index in the input, and why). */
  excluded: { index: number; reasons: string[] }[];
  /** Per unit evaluated, when the form asks which (question `unit`). */
  units?: UnitResult[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const same = (a: unknown, b: unknown) => a === b || String(a) === String(b);

export function aggregate(form: SurveyForm, submissions: readonly unknown[]): Tally {
  const counted: Answers[] = [];
  const excluded: Tally['excluded'] = [];
  submissions.forEach((raw, index) => {
    const r = checkSubmission(form, raw);
    if (r.ok) counted.push(r.answers);
    else excluded.push({ index, reasons: r.problems.map((p) => `${p.name || '(整份)'}: ${p.problem.code}`) });
  });

  const units = unitResults(form, counted);
  return { n: counted.length, questions: tally(form, counted), excluded, ...(units ? { units } : {}) };
}

/** The question that names the unit evaluated (评议对象), if the form asks it. */
export const UNIT_QUESTION = 'unit';

/**
 * 《政务公开评议制度》第二条、第六条: each township and department is evaluated and told its own
 * result. A form whose single-choice question `unit` names the unit gets a result per unit, every
 * other question counted over that unit's answers only.
 */
function unitResults(form: SurveyForm, counted: Answers[]): UnitResult[] | undefined {
  const q = form.pages.flatMap((p) => p.elements).find((e) => e.name === UNIT_QUESTION);
  if (!q || q.type !== 'radiogroup') return undefined;
  return q.choices.map((c) => {
    const { value, text } = choiceOf(c);
    const mine = counted.filter((a) => same(a[UNIT_QUESTION], value));
    return { name: text, n: mine.length, questions: tally(form, mine).filter((x) => x.name !== UNIT_QUESTION) };
  });
}

function tally(form: SurveyForm, counted: Answers[]): QuestionResult[] {
  const questions: QuestionResult[] = [];
  for (const page of form.pages)
    for (const q of page.elements) {
      const given = counted.map((a) => a[q.name]).filter((x) => x !== undefined);
      const base = { name: q.name, title: q.title, n: given.length };
      switch (q.type) {
        case 'radiogroup':
        case 'checkbox': {
          const options = q.choices.map((c) => {
            const { value, text } = choiceOf(c);
            const count = given.filter((a) => (Array.isArray(a) ? a.some((x) => same(x, value)) : same(a, value))).length;
            return { text, count };
          });
          questions.push({ ...base, type: 'choice', multiple: q.type === 'checkbox', options });
          break;
        }
        case 'rating': {
          const { min, max } = ratingRange(q);
          const counts = Array.from({ length: max - min + 1 }, (_, i) => given.filter((a) => a === min + i).length);
          const sum = (given as number[]).reduce((s, x) => s + x, 0);
          questions.push({
            ...base,
            type: 'rating',
            min,
            max,
            ...(q.minRateDescription ? { minText: q.minRateDescription } : {}),
            ...(q.maxRateDescription ? { maxText: q.maxRateDescription } : {}),
            counts,
            mean: given.length ? round2(sum / given.length) : null,
          });
          break;
        }
        case 'matrix': {
          const columns = q.columns.map((c) => {
            const { value, text } = choiceOf(c);
            return typeof value === 'number' ? { text, score: value } : { text };
          });
          const rows = q.rows.map((r) => {
            const { value, text } = choiceOf(r);
            const cells = given.map((a) => (a as Record<string, unknown>)[String(value)]).filter((x) => x !== undefined);
            const counts = q.columns.map((c) => cells.filter((x) => same(x, choiceOf(c).value)).length);
            const scores = cells.flatMap((x) => {
              const col = q.columns.map(choiceOf).find((c) => same(x, c.value));
              return col && typeof col.value === 'number' ? [col.value] : [];
            });
            return {
              text,
              n: cells.length,
              counts,
              mean: scores.length ? round2(scores.reduce((s, x) => s + x, 0) / scores.length) : null,
            };
          });
          questions.push({ ...base, type: 'matrix', columns, rows });
          break;
        }
        default:
          questions.push({ ...base, type: 'text' });
      }
    }
  return questions;
}
