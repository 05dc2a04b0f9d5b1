/**
 * The submission: what a device sends the hub when a citizen files a complaint
 * (投诉), an inquiry (咨询), a hearing opinion (听证意见) or answers to a
 * questionnaire (评议问卷; content in src/contract/questionnaire/content.ts, listed in
 * SealedContent of submission-content.ts). Declared once here, validated on the device before
 * it is queued and by the hub before it is stored. docs/submission.md
 * describes it for other implementers.
 *
 * The hub never sees what the citizen wrote: `content` is sealed on the device
 * to the office's handling key and `identity` (name, phone) to its
 * confidentiality key (HPKE, RFC 9180; src/contract/sealing.ts), so whoever
 * handles a complaint does not learn who made it unless the office releases it
 * (《政务公开投诉制度》第四条: 对投诉者的身份、姓名予以保密).
 */
import * as v from 'valibot';
import type { IntakeConfig } from './config.ts';
import { type Envelope, ItemId } from './feed.ts';
import { type KeyRing, sha256Hex } from './signing.ts';
import { isValidTrackingCode } from './tracking-code.ts';

export const SUBMISSION_VERSION = 1;

/** Every kind the outbox and the hub carry; each kind's sealed content is declared below. */
/** 'notice-opinion': 征求意见 on a 决策类 notice through its period (《政务公开告示制度》第七条). */
export const SUBMISSION_KINDS = ['complaint', 'inquiry', 'hearing-opinion', 'questionnaire', 'notice-opinion'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** Limits the device, the hub and the office tools enforce alike. */
export const SUBMISSION_LIMITS = {
  /** One POST body. */
  bodyBytes: 64 * 1024,
  /** Sealed content, base64url characters (≈ 32 KB of ciphertext). */
  contentChars: 43_700,
  /** Sealed identity, base64url characters (≈ 3 KB). */
  identityChars: 4_100,
  /** Plaintext is padded to a multiple of this, so the ciphertext's length tells little about what was written. */
  padTo: 256,
} as const;

const b64url = (min: number, max: number, what: string) =>
  v.pipe(
    v.string(`${what}应为字符串`),
    v.regex(/^[A-Za-z0-9_-]*$/, `${what}应为 base64url`),
    v.minLength(min, `${what}过短`),
    v.maxLength(max, `${what}过长`),
  );

export const KeyId = v.pipe(v.string('密钥编号应为字符串'), v.regex(/^[A-Za-z0-9._-]{1,64}$/, '密钥编号格式无效'));

/** One part sealed with HPKE: the encapsulated key and the ciphertext (AES-128-GCM, tag included). */
export const SealedPart = v.object({
  keyId: KeyId,
  /** X25519 encapsulated key, 32 bytes. */
  enc: v.pipe(v.string('enc 应为字符串'), v.regex(/^[A-Za-z0-9_-]{43}$/, 'enc 应为 32 字节的 base64url')),
  ct: b64url(22, SUBMISSION_LIMITS.contentChars, '密文'),
});
export type SealedPart = v.InferOutput<typeof SealedPart>;

export const TrackingCode = v.pipe(
  v.string('查询码应为字符串'),
  v.check((c) => isValidTrackingCode(c), '查询码无效(应为 12 位,末位为校验位)'),
);

export const Submission = v.object({
  v: v.literal(SUBMISSION_VERSION, `v 应为 ${SUBMISSION_VERSION}`),
  /** Made on the device (UUID v4) before anything is stored; the hub keeps one row per id, however often it is sent. */
  id: v.pipe(v.string('id 应为字符串'), v.uuid('id 应为 UUID')),
  kind: v.picklist(SUBMISSION_KINDS, '未知的提交类型'),
  trackingCode: TrackingCode,
  /** A random id for this browser, for rate limits; it says nothing about the citizen. */
  device: v.pipe(v.string('device 应为字符串'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'device 格式无效')),
  /**
   * Where it was filled in: a kiosk of the service center, or a citizen's phone; or recorded by a
   * clerk of the office from a call to the hotline or a visit (hub/cases/, 《政务公开投诉制度》第四条:
   * 口头投诉). The public intake route refuses the last two: only a signed-in clerk records them.
   */
  source: v.picklist(['kiosk', 'phone', 'hotline', 'walk-in'], 'source 应为 kiosk、phone、hotline 或 walk-in'),
  /** The kiosk's name in the fleet (device config `name`), so the office knows where it was filed. */
  deviceName: v.optional(
    v.pipe(
      v.string(),
      v.regex(/\S/, 'deviceName 不能为空'),
      // No control or bidi-override characters: the office reads this name on its screen.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
      v.regex(/^[^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]*$/, 'deviceName 含有控制字符'),
      v.maxLength(80, 'deviceName 过长'),
    ),
  ),
  /** When the citizen pressed 提交, by the device's clock; the hub records its own time too. */
  createdAt: v.pipe(v.string('createdAt 应为字符串'), v.isoTimestamp('createdAt 应为 ISO 8601 时间')),
  /** The item it responds to: the hearing of a hearing opinion, the questionnaire of its answers. */
  subject: v.optional(ItemId),
  /** Name and contact, sealed to the confidentiality key; absent when the citizen stays anonymous. */
  identity: v.optional(v.object({ ...SealedPart.entries, ct: b64url(22, SUBMISSION_LIMITS.identityChars, '身份信息密文') })),
  /** What the citizen wrote, sealed to the handling key. */
  content: SealedPart,
});
export type Submission = v.InferOutput<typeof Submission>;

/** What sealing binds each part to (HPKE additional data): a part cannot be moved to another submission or kind. */
export function sealedHeader(s: Pick<Submission, 'id' | 'kind' | 'trackingCode' | 'subject'>, part: 'identity' | 'content'): string {
  return ['zwgk-submission', SUBMISSION_VERSION, s.id, s.kind, s.trackingCode, s.subject ?? '', part].join('\n');
}

/**
 * One hash over everything the hub stores of a submission: the receipt names
 * it, so a receipt proves the hub holds exactly what the device sent.
 */
export function submissionDigest(s: Submission): Promise<string> {
  const text = JSON.stringify([
    s.v,
    s.id,
    s.kind,
    s.trackingCode,
    s.device,
    s.source,
    s.deviceName ?? null,
    s.createdAt,
    s.subject ?? null,
    s.identity ? [s.identity.keyId, s.identity.enc, s.identity.ct] : null,
    [s.content.keyId, s.content.enc, s.content.ct],
  ]);
  return sha256Hex(new TextEncoder().encode(text));
}

// ——— Receipts ———

/** Signed by the hub (Ed25519) once the row is on disk; the device keeps a submission until it holds one. */
export const ReceiptPayload = v.object({
  v: v.literal(SUBMISSION_VERSION),
  type: v.literal('zwgk-receipt'),
  id: v.pipe(v.string(), v.uuid()),
  trackingCode: v.string(),
  kind: v.picklist(SUBMISSION_KINDS),
  digest: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** When the hub committed it. */
  at: v.pipe(v.string(), v.isoTimestamp()),
});
export type ReceiptPayload = v.InferOutput<typeof ReceiptPayload>;

export interface IntakeAccepted {
  receipt: Envelope;
  /** True when the hub already had this id: the same receipt, and no second row. */
  duplicate: boolean;
}

/** Every refusal: a code for machines, a sentence in Chinese for people. */
export interface IntakeError {
  error: string;
  message: string;
  problems?: string[];
  retryAfterSeconds?: number;
}

export type ReceiptCheck = { ok: true; payload: ReceiptPayload } | { ok: false; message: string };

/** Checks the hub's receipt for `s`: a trusted receipt key, a good signature, this id, this exact content. */
export async function verifyReceipt(receiptKeys: KeyRing, receipt: unknown, s: Submission): Promise<ReceiptCheck> {
  const verified = await receiptKeys.verify(receipt);
  if (!verified.ok) return { ok: false, message: `回执未通过校验:${verified.message}` };
  const parsed = v.safeParse(ReceiptPayload, verified.payload);
  if (!parsed.success) return { ok: false, message: '回执内容格式不对' };
  const p = parsed.output;
  if (p.id !== s.id || p.trackingCode !== s.trackingCode || p.kind !== s.kind) return { ok: false, message: '回执不是这件提交的' };
  if (p.digest !== (await submissionDigest(s))) return { ok: false, message: '回执所记内容与本机发出的不一致' };
  return { ok: true, payload: p };
}

// ——— The intake keys, vouched for by the office ———

/**
 * The text the office signs to vouch for its intake keys (docs/intake-keys.md):
 * the keys submissions are sealed to, and the hub keys receipts are signed
 * with. Fixed field order, so signer and device make the same bytes.
 */
export function intakeKeysStatement(intake: Pick<IntakeConfig, 'officeKeys' | 'receiptKeys'>, at: string): string {
  return JSON.stringify({
    type: 'zwgk-intake-keys',
    v: 1,
    at,
    identity: { id: intake.officeKeys.identity.id, publicKey: intake.officeKeys.identity.publicKey },
    content: { id: intake.officeKeys.content.id, publicKey: intake.officeKeys.content.publicKey },
    receipt: intake.receiptKeys.map((k) => ({ id: k.id, publicKey: k.publicKey })),
  });
}

/**
 * A device seals only to keys a trusted feed key vouched for: whoever could
 * swap them would also have to be able to sign the feed.
 */
export async function verifyIntakeKeys(trusted: KeyRing, intake: IntakeConfig): Promise<{ ok: true } | { ok: false; message: string }> {
  const e = intake.endorsement;
  const r = await trusted.verify({ payload: intakeKeysStatement(intake, e.at), keyId: e.keyId, sig: e.sig }, Date.parse(e.at));
  return r.ok ? { ok: true } : { ok: false, message: `受理密钥未经信任的签名担保:${r.message}` };
}

// ——— Status, as the citizen sees it ———

/** 已受理 / 办理中 / 已答复 / 已办结. */
export const SUBMISSION_STATUSES = ['received', 'in-progress', 'answered', 'closed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const STATUS_ZH: Record<SubmissionStatus, string> = {
  received: '已受理',
  'in-progress': '办理中',
  answered: '已答复',
  closed: '已办结',
};

/** What `GET /api/intake/track/CODE` answers: the status and the answer, never who sent it or what they wrote. */
export const TrackResponse = v.object({
  trackingCode: v.string(),
  kind: v.picklist(SUBMISSION_KINDS),
  status: v.picklist(SUBMISSION_STATUSES),
  history: v.array(
    v.object({
      status: v.picklist(SUBMISSION_STATUSES),
      at: v.pipe(v.string(), v.isoTimestamp()),
      /** The office's note to the citizen on this status change (npm run office -- status … --note). */
      note: v.optional(v.pipe(v.string(), v.maxLength(2_000))),
    }),
  ),
  answer: v.optional(v.object({ text: v.pipe(v.string(), v.maxLength(10_000)), at: v.pipe(v.string(), v.isoTimestamp()) })),
  /** The anonymised answer published on the board, when there is one (政务公开制度 七). */
  publishedItem: v.optional(ItemId),
  /** The citizen's rating of the answer, once given (hub/cases/). */
  rating: v.optional(v.picklist(['satisfied', 'mostly', 'unsatisfied'])),
  /** Whether the answer can be rated now (answered and not yet rated). */
  canRate: v.optional(v.boolean()),
  /** The case number the office gave it at registration (2026-投-0001). */
  caseNumber: v.optional(v.string()),
});
export type TrackResponse = v.InferOutput<typeof TrackResponse>;
