/**
 * The questionnaire form (评议问卷): a documented subset of the SurveyJS JSON
 * schema (docs/questionnaire.md), so an office can author it with SurveyJS
 * Creator or by hand. This is the shape only; `checkForm` (check.ts) adds the
 * rules a shape cannot express (unique names, conditions that parse and name
 * earlier questions). Shared by the publisher, the hub and every device.
 */
import * as v from 'valibot';

export const QUESTION_TYPES = ['radiogroup', 'checkbox', 'rating', 'text', 'comment', 'matrix'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Limits that keep a form readable on a kiosk and cheap to check. */
export const FORM_LIMITS = {
  pages: 30,
  questionsPerPage: 30,
  questions: 120,
  choices: 40,
  matrixRows: 30,
  matrixColumns: 11,
  ratingPoints: 11,
  textMax: 200,
  commentMax: 2000,
  expression: 500,
} as const;

const str = (max: number, what: string) =>
  v.pipe(v.string(`${what}应为文字`), v.trim(), v.minLength(1, `${what}不能为空`), v.maxLength(max, `${what}不能超过 ${max} 个字`));
const optStr = (max: number, what: string) => v.optional(str(max, what));
const int = (what: string) => v.pipe(v.number(`${what}应为数字`), v.integer(`${what}应为整数`));

/**
 * Question names are plain ASCII so conditions (`{name}`) and exported answers
 * stay unambiguous; the citizen sees `title`.
 */
export const QuestionName = v.pipe(
  v.string('name 应为文字'),
  v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'name 只能用英文字母开头,由字母、数字、下划线和连字符组成,最长 64 位'),
);

/** A choice value: SurveyJS allows strings and numbers. */
export const ChoiceValue = v.union(
  [v.pipe(v.string(), v.minLength(1), v.maxLength(100)), v.pipe(v.number(), v.finite())],
  '选项值应为文字或数字',
);
export type ChoiceValue = v.InferOutput<typeof ChoiceValue>;

/** `"满意"` or `{ "value": 4, "text": "满意" }`. */
export const Choice = v.union(
  [ChoiceValue, v.object({ value: ChoiceValue, text: optStr(200, '选项文字') })],
  '选项应为文字、数字或 {value, text}',
);
export type Choice = v.InferOutput<typeof Choice>;

const expression = v.pipe(v.string('条件应为文字'), v.maxLength(FORM_LIMITS.expression, `条件不能超过 ${FORM_LIMITS.expression} 个字符`));

/** SurveyJS validators, the subset we run (docs/questionnaire.md). `text` is the message the citizen sees. */
export const Validator = v.variant(
  'type',
  [
    v.object({
      type: v.literal('text'),
      minLength: v.optional(int('minLength')),
      maxLength: v.optional(int('maxLength')),
      text: optStr(200, '提示'),
    }),
    v.object({ type: v.literal('numeric'), minValue: v.optional(v.number()), maxValue: v.optional(v.number()), text: optStr(200, '提示') }),
    v.object({
      type: v.literal('answercount'),
      minCount: v.optional(int('minCount')),
      maxCount: v.optional(int('maxCount')),
      text: optStr(200, '提示'),
    }),
    v.object({ type: v.literal('regex'), regex: str(200, 'regex'), text: str(200, '提示') }),
    v.object({ type: v.literal('expression'), expression, text: str(200, '提示') }),
  ],
  (issue) =>
    `不支持的校验类型 ${JSON.stringify(issue.received === 'undefined' ? undefined : issue.input)}:只支持 text、numeric、answercount、regex、expression`,
);
export type Validator = v.InferOutput<typeof Validator>;

const questionCommon = {
  name: QuestionName,
  title: str(300, '题目标题 title'),
  description: optStr(1000, '说明 description'),
  isRequired: v.optional(v.boolean('isRequired 应为 true 或 false')),
  /** Shown to the citizen instead of the standard "请回答这道题". */
  requiredErrorText: optStr(200, 'requiredErrorText'),
  visibleIf: v.optional(expression),
  validators: v.optional(v.array(Validator, 'validators 应为列表')),
};

const choices = v.pipe(
  v.array(Choice, 'choices 应为选项列表'),
  v.minLength(2, '至少要有 2 个选项'),
  v.maxLength(FORM_LIMITS.choices, `选项不能超过 ${FORM_LIMITS.choices} 个`),
);

/** 单选 */
export const RadiogroupQuestion = v.object({ ...questionCommon, type: v.literal('radiogroup'), choices });
/** 多选 */
export const CheckboxQuestion = v.object({
  ...questionCommon,
  type: v.literal('checkbox'),
  choices,
  maxSelectedChoices: v.optional(v.pipe(int('maxSelectedChoices'), v.minValue(1))),
  minSelectedChoices: v.optional(v.pipe(int('minSelectedChoices'), v.minValue(0))),
});
/** 评分, e.g. 满意度 1–5. */
export const RatingQuestion = v.object({
  ...questionCommon,
  type: v.literal('rating'),
  rateMin: v.optional(int('rateMin')),
  rateMax: v.optional(int('rateMax')),
  minRateDescription: optStr(40, 'minRateDescription'),
  maxRateDescription: optStr(40, 'maxRateDescription'),
});
/** 简答 (one line). */
export const TextQuestion = v.object({
  ...questionCommon,
  type: v.literal('text'),
  inputType: v.optional(v.picklist(['text', 'number'], 'inputType 只支持 text 或 number')),
  maxLength: v.optional(v.pipe(int('maxLength'), v.minValue(1), v.maxValue(FORM_LIMITS.textMax, `简答最多 ${FORM_LIMITS.textMax} 字`))),
  placeholder: optStr(100, 'placeholder'),
});
/** 问答 (several lines). */
export const CommentQuestion = v.object({
  ...questionCommon,
  type: v.literal('comment'),
  maxLength: v.optional(
    v.pipe(int('maxLength'), v.minValue(1), v.maxValue(FORM_LIMITS.commentMax, `问答最多 ${FORM_LIMITS.commentMax} 字`)),
  ),
  placeholder: optStr(100, 'placeholder'),
});
/** 矩阵: rows (e.g. the nine areas) × columns (a satisfaction scale), one column per row. */
export const MatrixQuestion = v.object({
  ...questionCommon,
  type: v.literal('matrix'),
  columns: v.pipe(
    v.array(Choice, 'columns 应为列表'),
    v.minLength(2, '至少要有 2 列'),
    v.maxLength(FORM_LIMITS.matrixColumns, `列不能超过 ${FORM_LIMITS.matrixColumns} 个`),
  ),
  rows: v.pipe(
    v.array(Choice, 'rows 应为列表'),
    v.minLength(1, '至少要有 1 行'),
    v.maxLength(FORM_LIMITS.matrixRows, `行不能超过 ${FORM_LIMITS.matrixRows} 个`),
  ),
  /** Every row must be answered (SurveyJS `isAllRowRequired`). */
  isAllRowRequired: v.optional(v.boolean()),
});

export const Question = v.variant(
  'type',
  [RadiogroupQuestion, CheckboxQuestion, RatingQuestion, TextQuestion, CommentQuestion, MatrixQuestion],
  (issue) =>
    `不支持的题型 ${JSON.stringify(issue.input)}:只支持 radiogroup(单选)、checkbox(多选)、rating(评分)、text(简答)、comment(问答)、matrix(矩阵)`,
);
export type Question = v.InferOutput<typeof Question>;
export type RadiogroupQuestion = v.InferOutput<typeof RadiogroupQuestion>;
export type CheckboxQuestion = v.InferOutput<typeof CheckboxQuestion>;
export type RatingQuestion = v.InferOutput<typeof RatingQuestion>;
export type TextQuestion = v.InferOutput<typeof TextQuestion>;
export type CommentQuestion = v.InferOutput<typeof CommentQuestion>;
export type MatrixQuestion = v.InferOutput<typeof MatrixQuestion>;

/** One screen of the questionnaire (一屏一组题). */
export const FormPage = v.object({
  name: v.optional(v.pipe(v.string(), v.maxLength(64))),
  title: optStr(200, '页标题 title'),
  description: optStr(1000, '页说明 description'),
  visibleIf: v.optional(expression),
  elements: v.pipe(
    v.array(Question, 'elements 应为题目列表'),
    v.minLength(1, '每页至少一道题'),
    v.maxLength(FORM_LIMITS.questionsPerPage, `每页不能超过 ${FORM_LIMITS.questionsPerPage} 道题`),
  ),
});
export type FormPage = v.InferOutput<typeof FormPage>;

export const SurveyForm = v.object({
  title: optStr(200, '问卷标题 title'),
  description: optStr(2000, '问卷说明 description'),
  /** Shown after a successful submission. */
  completedHtml: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  pages: v.pipe(
    v.array(FormPage, 'pages 应为页面列表'),
    v.minLength(1, '问卷至少要有一页'),
    v.maxLength(FORM_LIMITS.pages, `问卷不能超过 ${FORM_LIMITS.pages} 页`),
  ),
});
export type SurveyForm = v.InferOutput<typeof SurveyForm>;

/** A choice as `{value, text}`; the text defaults to the value, as in SurveyJS. */
export function choiceOf(c: Choice): { value: ChoiceValue; text: string } {
  return typeof c === 'object' ? { value: c.value, text: c.text ?? String(c.value) } : { value: c, text: String(c) };
}

export function ratingRange(q: RatingQuestion): { min: number; max: number } {
  return { min: q.rateMin ?? 1, max: q.rateMax ?? 5 };
}

/** Every question with the page it is on, in the order the citizen meets them. */
export function allQuestions(form: SurveyForm): { question: Question; page: number }[] {
  return form.pages.flatMap((p, page) => p.elements.map((question) => ({ question, page })));
}

/** Answers by question name. Values: choice value, choice values, number, text, or {row: column}. */
export type Answers = Record<string, unknown>;
