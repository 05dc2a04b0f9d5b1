/**
 * What a clerk writes in the drafting form (起草), before it is an item of the feed: the same
 * fields as the Markdown front matter of docs/content.md, with the body as Markdown. Loose on
 * purpose: a draft may be saved half-written, and the hub turns it into an item and runs the
 * publisher's own schema and rules on it (hub/workflow/build.ts) so the form can show each
 * problem beside its field. Shared by the office's browser and the hub.
 */
import * as v from 'valibot';
import { ATTACHMENT_TYPES } from './feed.ts';
import { LIMITS } from './limits.ts';

const str = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max, `不能超过 ${max} 个字`)));

export const DRAFT_KINDS = ['notice', 'hearing', 'disclosure', 'questionnaire', 'answer', 'result'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
export const DRAFT_KIND_ZH: Record<DraftKind, string> = {
  notice: '告示',
  hearing: '听证公告',
  disclosure: '目录公开',
  questionnaire: '评议问卷',
  answer: '答复',
  result: '评议结果',
};

export const DraftAttachment = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  href: v.pipe(v.string(), v.regex(/^files\/[0-9a-f]{64}\.(pdf|png|jpg|webp)$/)),
  type: v.picklist(ATTACHMENT_TYPES),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.attachmentBytes)),
});
export type DraftAttachment = v.InferOutput<typeof DraftAttachment>;

export const DraftContent = v.object({
  kind: v.picklist(DRAFT_KINDS, '未知的稿件类型'),
  channel: v.optional(v.picklist(['public', 'internal'])),
  category: str(40),
  cadence: str(20),
  title: str(200),
  summary: str(300),
  /** Markdown, as in content/*.md. */
  body: str(100_000),
  /** 'YYYY-MM-DD' (China): the day it is to be published. */
  publishedAt: str(10),
  validFrom: str(10),
  validUntil: str(10),
  notice: v.optional(
    v.object({
      type: str(20),
      periodStart: str(10),
      periodEnd: str(10),
      basis: v.optional(v.object({ cause: str(2000), time: str(200), place: str(200), scope: str(500) })),
      impact: str(2000),
      measures: str(4000),
      annex: str(4000),
    }),
  ),
  hearing: v.optional(
    v.object({
      matter: str(500),
      startsAt: str(40),
      place: str(200),
      noticeDate: str(10),
      howToJoin: str(2000),
    }),
  ),
  questionnaire: v.optional(v.object({ opensOn: str(10), closesOn: str(10), subject: str(200) })),
  /** The questionnaire's form (SurveyJS subset), as uploaded JSON; checked by the publisher's checkForm. */
  form: v.optional(v.unknown()),
  /** A 评议结果's counts (src/contract/questionnaire/result.ts), as `npm run questionnaire -- results` wrote them; checked by the publisher. */
  result: v.optional(v.unknown()),
  attachments: v.optional(v.pipe(v.array(DraftAttachment), v.maxLength(20, '附件至多 20 个'))),
});
export type DraftContent = v.InferOutput<typeof DraftContent>;

/** A problem with a draft, shown beside its field: the same sentences `npm run publish` prints. */
export interface DraftProblem {
  /** The field's dotted path, e.g. 'notice.periodEnd'; absent when it is about the whole draft. */
  field?: string | undefined;
  message: string;
  /** The regulation and article, e.g. '《政务公开告示制度》第六条'. */
  article?: string | undefined;
}
