/**
 * What is sealed inside a submission: checked by the device before sealing and
 * by the office's tools after opening. The hub never sees these.
 * A questionnaire's answers are declared with the questionnaire
 * (src/contract/questionnaire/content.ts) and sealed like a complaint: free text may
 * hold personal data.
 */
import * as v from 'valibot';
import { QuestionnaireContent } from './questionnaire/content.ts';

/** The five kinds of complaint the office accepts (《政务公开投诉制度》第三条). */
export const COMPLAINT_CATEGORIES = [
  {
    id: 'delay',
    article: '第三条(一)',
    zh: '拖着不办或超时未办',
    detail: '对所申办的事项拖着不办,或在规定时间内未办理完毕又不能说明理由',
    en: 'Delay: a matter not handled, or not finished in time without a reason',
  },
  {
    id: 'conduct',
    article: '第三条(二)',
    zh: '态度恶劣、故意刁难',
    detail: '对服务对象态度恶劣、作风粗暴、故意刁难、索拿卡要',
    en: 'Rudeness, obstruction or asking for favours',
  },
  {
    id: 'procedure',
    article: '第三条(三)',
    zh: '违反操作规程造成损失',
    detail: '违反操作规程,并对服务对象造成精神或经济损失',
    en: 'Breach of procedure that caused harm or loss',
  },
  {
    id: 'retaliation',
    article: '第三条(四)',
    zh: '对投诉者打击报复',
    detail: '对投诉者实施打击报复',
    en: 'Retaliation against a complainant',
  },
  { id: 'other', article: '第三条(五)', zh: '其他违纪违规行为', detail: '有其它违纪违规行为', en: 'Other breaches of discipline or rules' },
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['id'];
export const COMPLAINT_CATEGORY_IDS = COMPLAINT_CATEGORIES.map((c) => c.id) as [ComplaintCategory, ...ComplaintCategory[]];

/** Field limits, shared by the forms (which explain them) and the schemas (which enforce them). */
export const FIELD_LIMITS = {
  text: { min: 5, max: 500 },
  when: 50,
  where: 100,
  department: 100,
  name: { min: 2, max: 30 },
  address: 200,
} as const;

/** A department the complaint or inquiry is about; "不清楚" when the citizen does not know. */
export const UNKNOWN_DEPARTMENT = '不清楚';

/**
 * Mainland China phone numbers, as people write them: a mobile number
 * (11 digits from 13–19), or a fixed line with its area code (024-53032718),
 * or a local 7–8 digit number of the county (53034645). Spaces and dashes are
 * ignored. Returns the number without them, or undefined.
 */
export function normaliseMainlandPhone(input: string): string | undefined {
  const s = input.replace(/[\s\-()()—]/g, '').replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  if (/^0\d{2,3}\d{7,8}$/.test(s)) return s;
  if (/^[2-9]\d{6,7}$/.test(s)) return s;
  return undefined;
}

const text = (min: number, max: number) => v.pipe(v.string(), v.trim(), v.minLength(min), v.maxLength(max));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));

/** The identity part, sealed to the confidentiality key. */
export const IdentityContent = v.object({
  name: v.optional(text(FIELD_LIMITS.name.min, FIELD_LIMITS.name.max)),
  phone: v.optional(
    v.pipe(
      v.string(),
      v.check((p) => normaliseMainlandPhone(p) === p, '电话号码格式不对'),
    ),
  ),
  address: optionalText(FIELD_LIMITS.address),
});
export type IdentityContent = v.InferOutput<typeof IdentityContent>;

/** 投诉 (《政务公开投诉制度》第三、四条). */
export const ComplaintContent = v.pipe(
  v.object({
    kind: v.literal('complaint'),
    category: v.picklist(COMPLAINT_CATEGORY_IDS),
    department: text(1, FIELD_LIMITS.department),
    what: text(FIELD_LIMITS.text.min, FIELD_LIMITS.text.max),
    when: optionalText(FIELD_LIMITS.when),
    where: optionalText(FIELD_LIMITS.where),
    /** 涉及重大事项: must be a named, written complaint (第四条). */
    major: v.boolean(),
    named: v.boolean(),
  }),
  v.check((c) => !c.major || c.named, '涉及重大事项的投诉应署名(《政务公开投诉制度》第四条)'),
);
export type ComplaintContent = v.InferOutput<typeof ComplaintContent>;

/** 咨询: answered in writing, the result published (《政务公开制度》七). */
export const InquiryContent = v.object({
  kind: v.literal('inquiry'),
  question: text(FIELD_LIMITS.text.min, FIELD_LIMITS.text.max),
  department: optionalText(FIELD_LIMITS.department),
  /** The citizen wants the written answer delivered to them (书面送达), so gave a contact. */
  wantsReply: v.boolean(),
});
export type InquiryContent = v.InferOutput<typeof InquiryContent>;

/** 听证意见 on a hearing item, taken until the hearing starts (《政务公开听证制度》第九条). */
export const HearingOpinionContent = v.object({
  kind: v.literal('hearing-opinion'),
  hearing: v.object({ id: v.string(), title: v.pipe(v.string(), v.maxLength(200)), startsAt: v.pipe(v.string(), v.isoTimestamp()) }),
  opinion: text(FIELD_LIMITS.text.min, FIELD_LIMITS.text.max),
});
export type HearingOpinionContent = v.InferOutput<typeof HearingOpinionContent>;

/**
 * 征求意见 on a 决策类 notice, taken through its 告示期 (《政务公开告示制度》第七条:
 * 决策类告示 … 征求意见); it reaches the office like a hearing opinion.
 */
export const NoticeOpinionContent = v.object({
  kind: v.literal('notice-opinion'),
  notice: v.object({ id: v.string(), title: v.pipe(v.string(), v.maxLength(200)), periodEnd: v.pipe(v.string(), v.isoDate()) }),
  opinion: text(FIELD_LIMITS.text.min, FIELD_LIMITS.text.max),
});
export type NoticeOpinionContent = v.InferOutput<typeof NoticeOpinionContent>;

export const SealedContent = v.variant('kind', [
  ComplaintContent,
  InquiryContent,
  HearingOpinionContent,
  QuestionnaireContent,
  NoticeOpinionContent,
]);
export type SealedContent = v.InferOutput<typeof SealedContent>;
