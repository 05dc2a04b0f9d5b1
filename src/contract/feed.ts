/**
 * The signed feed: the one contract between the publishing office and every
 * device. Declared once here, validated by the publisher, the hub and the PWA.
 * docs/feed.md describes it for other offices.
 */
import * as v from 'valibot';
import { CADENCES, CATEGORY_IDS } from './catalogue.ts';
import { LIMITS, VOCAB_LIMITS } from './limits.ts';
import type { SurveyForm } from './questionnaire/form.ts';
import type { ResultFacts } from './questionnaire/result.ts';

export const FEED_VERSION = 1;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, '不能为空'), v.maxLength(max, `不能超过 ${max} 个字符`));
const isoDate = v.pipe(v.string(), v.isoDate('日期格式应为 YYYY-MM-DD'));
const isoTime = v.pipe(v.string(), v.isoTimestamp('时间格式应为 ISO 8601,如 2026-11-20T09:00:00+08:00'));
const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'sha256 应为 64 位十六进制'));
export const ItemId = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '编号只能用小写字母、数字和连字符,最长 80 位'));

/** One step of approval: who did it, when. */
const ApprovalStep = v.object({ by: text(100), at: isoTime });

/**
 * The approval record every change carries: 预审 by the pre-review group
 * (预审制度 第三条: nothing is disclosed without it) and 签字 by the
 * responsible leader (政务公开制度 四).
 */
export const Approval = v.pipe(
  v.object({ preReview: ApprovalStep, signOff: ApprovalStep }),
  v.check((a) => Date.parse(a.preReview.at) <= Date.parse(a.signOff.at), '签发时间不能早于预审时间'),
);
export type Approval = v.InferOutput<typeof Approval>;

export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export const Attachment = v.object({
  name: text(120),
  /** Relative to the feed base, e.g. `files/<sha256>.pdf`; immutable. */
  href: v.pipe(v.string(), v.regex(/^files\/[0-9a-f]{64}\.(pdf|png|jpg|webp)$/, '附件地址无效')),
  type: v.picklist(ATTACHMENT_TYPES),
  sha256: sha256Hex,
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.attachmentBytes, '附件过大')),
});
export type Attachment = v.InferOutput<typeof Attachment>;

const common = {
  id: ItemId,
  /** Revision, increasing by one for each new version of the item. */
  rev: v.pipe(v.number(), v.integer(), v.minValue(1)),
  channel: v.picklist(['public', 'internal']),
  category: v.picklist(CATEGORY_IDS, '不在公开目录中的类别'),
  cadence: v.picklist(CADENCES),
  title: text(200),
  summary: v.optional(v.pipe(v.string(), v.maxLength(300))),
  department: text(100),
  /** Sanitized again on every device before display. */
  bodyHtml: v.pipe(v.string(), v.maxLength(200_000)),
  publishedAt: isoDate,
  validFrom: v.optional(isoDate),
  validUntil: v.optional(isoDate),
  attachments: v.optional(v.array(Attachment), []),
  /** Pinyin search keys, computed at publish time: full syllables and initials. */
  search: v.optional(v.object({ pinyin: v.string(), initials: v.string() })),
};

/** 告示 of 告示制度: decision (决策类), execution (执行类), emergency (应急类). */
export const NOTICE_TYPES = ['decision', 'execution', 'emergency'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** The required elements of a notice (告示制度 第八条). */
export const NoticeFacts = v.object({
  type: v.picklist(NOTICE_TYPES),
  periodStart: isoDate,
  periodEnd: isoDate,
  basis: v.object({ cause: text(2000), time: text(200), place: text(200), scope: text(500) }),
  impact: text(2000),
  measures: text(4000),
  annex: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});
export type NoticeFacts = v.InferOutput<typeof NoticeFacts>;

/**
 * The record of a held hearing, published as a new revision of the hearing:
 * who chaired and who kept the 听证笔录 (听证制度 第六条、第七条: 书记员要详细记录听证过程),
 * the 听证会议纪要 (第十一条) and, once decided, the 办理结果 with a link to the
 * item that publishes it (第十三条: 办理结果应通过政务公开栏 … 公开、反馈).
 */
export const HearingRecord = v.object({
  heldAt: isoTime,
  chair: text(100),
  recorder: text(100),
  /** 听证会议纪要 (第十一条). */
  minutes: text(8000),
  /** 未达成一致意见时可再次听证 (第十一条). */
  agreed: v.optional(v.boolean(), true),
  outcome: v.optional(v.object({ text: text(4000), item: v.optional(ItemId) })),
});
export type HearingRecord = v.InferOutput<typeof HearingRecord>;

/** 听证 (听证制度 第九条: matter, time, place, requirements, announced ≥ 5 working days ahead). */
export const HearingFacts = v.object({
  matter: text(500),
  startsAt: isoTime,
  place: text(200),
  noticeDate: isoDate,
  howToJoin: text(2000),
  record: v.optional(HearingRecord),
});
export type HearingFacts = v.InferOutput<typeof HearingFacts>;

export const Disclosure = v.object({ ...common, kind: v.literal('disclosure') });
export const Notice = v.object({ ...common, kind: v.literal('notice'), notice: NoticeFacts });
export const Hearing = v.object({ ...common, kind: v.literal('hearing'), hearing: HearingFacts });
/**
 * 评议问卷 (《政务公开评议制度》第四条(一)): open from `opensOn` to `closesOn`
 * inclusive (China dates); answers outside that period are refused.
 */
export const QuestionnaireFacts = v.pipe(
  v.object({ opensOn: isoDate, closesOn: isoDate, subject: v.optional(text(200)) }),
  v.check((q) => q.opensOn <= q.closesOn, '截止日期 closesOn 不能早于开始日期 opensOn'),
);
export type QuestionnaireFacts = v.InferOutput<typeof QuestionnaireFacts>;
const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
/**
 * The form is a SurveyJS subset (src/contract/questionnaire/form.ts, docs/questionnaire.md).
 * Only its outline is checked here, to keep the form's schema out of the first
 * screen's bundle; the whole form is checked (`checkForm`) by the publisher, by
 * the hub, and on the device before anyone answers.
 */
export const Questionnaire = v.object({
  ...common,
  kind: v.literal('questionnaire'),
  questionnaire: QuestionnaireFacts,
  form: v.custom<SurveyForm>((x) => isRecord(x) && Array.isArray(x.pages) && x.pages.length > 0, '问卷表单 form 应包含 pages'),
});
export const Answer = v.object({ ...common, kind: v.literal('answer'), answer: v.optional(v.unknown()) });
export const Bulletin = v.object({ ...common, kind: v.literal('bulletin') });
/**
 * 评议结果 (《政务公开评议制度》第六条): the counted answers of a questionnaire,
 * shown as charts. Outline only here; `ResultFacts` (src/contract/questionnaire/result.ts)
 * is checked in full by the publisher and before the charts are drawn.
 */
export const Result = v.object({
  ...common,
  kind: v.literal('result'),
  result: v.custom<ResultFacts>((x) => isRecord(x) && Array.isArray(x.questions) && typeof x.n === 'number', '评议结果 result 格式不对'),
});

export const Item = v.variant('kind', [Disclosure, Notice, Hearing, Questionnaire, Answer, Bulletin, Result], '未知的条目类型');
export type Item = v.InferOutput<typeof Item>;
export type ItemKind = Item['kind'];
export type NoticeItem = v.InferOutput<typeof Notice>;
export type HearingItem = v.InferOutput<typeof Hearing>;
export type QuestionnaireItem = v.InferOutput<typeof Questionnaire>;
export type ResultItem = v.InferOutput<typeof Result>;

const changeCommon = {
  v: v.literal(FEED_VERSION),
  /** The feed this change belongs to; a change from another feed is refused. */
  feed: text(80),
  /** Strictly increasing by one, from 1. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: isoTime,
  approval: Approval,
  /**
   * The people's signed approvals of this change (预审, 签发; 撤回 for a withdrawal),
   * by their `signature`: the assertions travel once in the page's `approvals` and in
   * the item document (docs/feed.md, "Approvals signed by people").
   */
  approvals: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(512))), v.maxLength(32))),
  /** The roster id of the person who drafted the revision: nobody approves their own draft. */
  drafter: v.optional(v.pipe(v.string(), v.maxLength(64))),
};

/** A new revision of an item. */
export const Upsert = v.object({ ...changeCommon, op: v.literal('upsert'), item: Item });
/** 撤回: the item leaves every screen; the archive keeps it. */
export const Withdrawal = v.object({ ...changeCommon, op: v.literal('withdraw'), id: ItemId, reason: text(500) });
export const Change = v.variant('op', [Upsert, Withdrawal], '未知的变更类型');
export type Change = v.InferOutput<typeof Change>;

/**
 * The same check as `Change`, picking the schema by `op` and `kind` directly:
 * valibot's nested `variant` costs ~20 µs a change, which a 10,000-item sync
 * on a kiosk notices (bench/full-sync.ts).
 */
const UPSERT_BY_KIND = Object.fromEntries(
  [Disclosure, Notice, Hearing, Questionnaire, Answer, Bulletin, Result].map((item) => [
    item.entries.kind.literal,
    v.object({ ...changeCommon, op: v.literal('upsert'), item }),
  ]),
) as Record<string, v.GenericSchema<unknown, Change>>;

export function parseChange(raw: unknown): v.SafeParseResult<typeof Change> {
  const r = raw as { op?: unknown; item?: { kind?: unknown } } | null;
  const kind = r?.op === 'upsert' && typeof r.item?.kind === 'string' ? r.item.kind : undefined;
  const fast = r?.op === 'withdraw' ? Withdrawal : kind !== undefined ? UPSERT_BY_KIND[kind] : undefined;
  return (fast ? v.safeParse(fast, raw) : v.safeParse(Change, raw)) as v.SafeParseResult<typeof Change>;
}
export type UpsertChange = v.InferOutput<typeof Upsert>;

/**
 * A signed envelope: `payload` is JSON text, signed as its UTF-8 bytes with
 * Ed25519, so no canonicalisation is needed (as in DSSE and JWS).
 */
export const Envelope = v.object({
  payload: v.string(),
  keyId: v.pipe(v.string(), v.maxLength(64)),
  sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, '签名格式无效')),
});
export type Envelope = v.InferOutput<typeof Envelope>;

export const PageRef = v.object({
  first: v.pipe(v.number(), v.integer(), v.minValue(1)),
  last: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Relative to the feed base, immutable: `pages/…json`. */
  href: v.pipe(v.string(), v.regex(/^pages\/[0-9a-z-]+\.json$/)),
  sha256: sha256Hex,
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.pageBytes)),
});
export type PageRef = v.InferOutput<typeof PageRef>;

/** Where the pinyin input vocabulary (contract/vocab.ts) is: content-addressed, immutable. */
export const VocabRef = v.object({
  href: v.pipe(v.string(), v.regex(/^vocab\/[0-9a-f]{16}\.json$/, '词库地址无效')),
  sha256: sha256Hex,
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(VOCAB_LIMITS.bytes, '词库过大')),
});
export type VocabRef = v.InferOutput<typeof VocabRef>;

export const Department = v.object({ id: v.string(), name: v.string() });

/**
 * The head: the one small document devices poll (conditional GET). Signed, so a
 * replayed older head (rollback) or a stale one (freeze) can be told apart.
 */
export const Head = v.object({
  v: v.literal(FEED_VERSION),
  feed: text(80),
  /** The office's name, shown on screens. */
  publisher: text(100),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  issued: isoTime,
  /** After this a device says its content may be out of date. */
  expires: isoTime,
  pages: v.array(PageRef),
  departments: v.optional(v.array(Department), []),
  /** The pinyin input vocabulary built from this feed's text (contract/vocab.ts). */
  vocab: v.optional(VocabRef),
  /** The roster (contract/roster.ts), signed by the office's root key: content-addressed, immutable. */
  roster: v.optional(
    v.object({
      href: v.pipe(v.string(), v.regex(/^roster\/[0-9a-f]{16}\.json$/, '名册地址无效')),
      sha256: sha256Hex,
      bytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.rosterBytes, '名册过大')),
    }),
  ),
});
export type Head = v.InferOutput<typeof Head>;

/**
 * A batch signature, the payload of a signed envelope in a page's `batches`:
 * the office's key over one publishing run's changes within one page (sequence
 * numbers `first`–`last`), by the sha256 of their payloads joined with "\n"
 * (`batchText`). A device checks one signature for the run instead of one per
 * change. Each change keeps its own signature as well: phones check it on the
 * per-item documents, and a device checks it for any change no batch covers.
 */
export const Batch = v.object({
  v: v.literal(FEED_VERSION),
  feed: text(80),
  first: v.pipe(v.number(), v.integer(), v.minValue(1)),
  last: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** When it was signed: the key must be valid then. */
  at: isoTime,
  sha256: sha256Hex,
});
export type Batch = v.InferOutput<typeof Batch>;

/** What a batch's sha256 is taken over: its changes' payloads, in order. */
export const batchText = (payloads: readonly string[]): string => payloads.join('\n');

/**
 * A change page: not signed itself; the head holds its hash, each change its own
 * signature, and `batches` sign the changes of each publishing run at once.
 * Changes are checked one by one (src/device/sync/verify.ts), so each rejection names
 * its own reason.
 */
export const Page = v.object({
  v: v.literal(FEED_VERSION),
  first: v.number(),
  last: v.number(),
  changes: v.array(v.unknown()),
  batches: v.optional(v.array(v.unknown()), []),
  /** The people's signed approvals (contract/approvals.ts) the page's changes name, each once. */
  approvals: v.optional(v.array(v.unknown()), []),
});
export type Page = v.InferOutput<typeof Page>;

/** Paths inside the feed base. */
export const FEED_PATHS = {
  head: 'head.json',
  item: (id: string) => `items/${id}.json`,
  roster: (sha256: string) => `roster/${sha256.slice(0, 16)}.json`,
} as const;
