/**
 * 评议结果: what the office publishes back (《政务公开评议制度》第六条) as an
 * item of kind `result`. Counts only: free-text answers are never published,
 * their number is (the office summarises them in the item's text).
 */
import * as v from 'valibot';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const label = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
const mean = v.nullable(v.pipe(v.number(), v.finite()));
const dateOnly = v.pipe(v.string(), v.isoDate('日期格式应为 YYYY-MM-DD'));

const base = { name: v.pipe(v.string(), v.maxLength(64)), title: label, n: count };

/** 单选 / 多选: how many chose each option. For multiple choice the counts add up to more than n. */
export const ChoiceResult = v.object({
  ...base,
  type: v.literal('choice'),
  multiple: v.boolean(),
  options: v.array(v.object({ text: label, count })),
});
/** 评分: distribution from min to max, and the mean. */
export const RatingResult = v.object({
  ...base,
  type: v.literal('rating'),
  min: v.pipe(v.number(), v.integer()),
  max: v.pipe(v.number(), v.integer()),
  minText: v.optional(v.pipe(v.string(), v.maxLength(40))),
  maxText: v.optional(v.pipe(v.string(), v.maxLength(40))),
  counts: v.array(count),
  mean,
});
/** 矩阵: per row (e.g. per evaluated area), the distribution over the columns and the mean of the scored columns. */
export const MatrixResult = v.object({
  ...base,
  type: v.literal('matrix'),
  /** `score` for columns with a numeric value; others (e.g. 不了解) are counted but not averaged. */
  columns: v.array(v.object({ text: label, score: v.optional(v.number()) })),
  rows: v.array(v.object({ text: label, n: count, counts: v.array(count), mean })),
});
/** 简答 / 问答: only how many answered. */
export const TextResult = v.object({ ...base, type: v.literal('text') });

export const QuestionResult = v.variant('type', [ChoiceResult, RatingResult, MatrixResult, TextResult]);
export type QuestionResult = v.InferOutput<typeof QuestionResult>;
export type ChoiceResult = v.InferOutput<typeof ChoiceResult>;
export type RatingResult = v.InferOutput<typeof RatingResult>;
export type MatrixResult = v.InferOutput<typeof MatrixResult>;

/** One unit's own result (《政务公开评议制度》第二条、第六条: 评议结果向各单位通报). */
export const UnitResult = v.object({ name: label, n: count, questions: v.array(QuestionResult) });
export type UnitResult = v.InferOutput<typeof UnitResult>;

export const REPRESENTATIVE_GRADES = ['满意', '基本满意', '不满意'] as const;

/**
 * 代表评议 (《政务公开评议制度》第四条(二)): a panel of 特邀监督员、人大代表、政协委员 and citizens
 * evaluates each unit; the office enters what the panel decided.
 */
export const RepresentativeEvaluation = v.object({
  /** Who sat on the panel, e.g. 特邀监督员 3 人、人大代表 2 人、政协委员 2 人、群众代表 4 人. */
  panel: v.pipe(v.string(), v.minLength(1, '请写明评议小组的组成'), v.maxLength(300)),
  heldOn: dateOnly,
  units: v.pipe(
    v.array(
      v.object({
        name: label,
        grade: v.picklist(REPRESENTATIVE_GRADES, '评议等次应为 满意、基本满意 或 不满意'),
        note: v.optional(v.pipe(v.string(), v.maxLength(1000))),
      }),
    ),
    v.minLength(1, '代表评议至少评一个单位'),
  ),
});
export type RepresentativeEvaluation = v.InferOutput<typeof RepresentativeEvaluation>;

export const ResultFacts = v.object({
  /** The questionnaire item and the revision whose answers were counted. */
  questionnaire: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/)),
  rev: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The period the questionnaire was open. */
  opensOn: dateOnly,
  closesOn: dateOnly,
  /**
   * Set when counted before the questionnaire closed (China date): an interim
   * result (阶段性结果), shown as such wherever it is drawn.
   */
  interimThrough: v.optional(dateOnly),
  /** Submissions counted. */
  n: count,
  questions: v.array(QuestionResult),
  /** 问卷评议 per unit evaluated, when the questionnaire asked which unit (question `unit`). */
  units: v.optional(v.array(UnitResult)),
  /** 代表评议, entered by the office. */
  representative: v.optional(RepresentativeEvaluation),
});
export type ResultFacts = v.InferOutput<typeof ResultFacts>;

/** Numbers that cannot be right (counts that do not add up): what the publisher refuses. */
export function checkResult(r: ResultFacts): string[] {
  const out: string[] = [];
  if (r.closesOn < r.opensOn) out.push('评议结果:截止日期早于开始日期');
  for (const q of r.questions) {
    const at = `评议结果 ${q.name}`;
    if (q.n > r.n) out.push(`${at}:作答人数 ${q.n} 多于总数 ${r.n}`);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    if (q.type === 'choice' && !q.multiple && sum(q.options.map((o) => o.count)) !== q.n) out.push(`${at}:各选项人数之和不等于作答人数`);
    if (q.type === 'choice' && q.multiple && q.options.some((o) => o.count > q.n)) out.push(`${at}:某选项人数多于作答人数`);
    if (q.type === 'rating') {
      if (q.counts.length !== q.max - q.min + 1) out.push(`${at}:分布的档数与分值范围不符`);
      if (sum(q.counts) !== q.n) out.push(`${at}:各分值人数之和不等于作答人数`);
    }
    if (q.type === 'matrix')
      for (const row of q.rows) {
        if (row.counts.length !== q.columns.length) out.push(`${at} ${row.text}:列数不符`);
        if (sum(row.counts) !== row.n) out.push(`${at} ${row.text}:各列人数之和不等于作答人数`);
        if (row.n > q.n) out.push(`${at} ${row.text}:作答人数多于本题作答人数`);
      }
  }
  if (r.units) {
    const sum = r.units.reduce((a, u) => a + u.n, 0);
    if (sum > r.n) out.push(`评议结果:各单位的评议份数之和 ${sum} 多于总数 ${r.n}`);
    for (const u of r.units)
      for (const q of u.questions) if (q.n > u.n) out.push(`评议结果 ${u.name} ${q.name}:作答人数 ${q.n} 多于该单位的评议份数 ${u.n}`);
  }
  const names = r.representative?.units.map((u) => u.name) ?? [];
  if (new Set(names).size !== names.length) out.push('代表评议:同一单位出现了两次');
  return out;
}
