/**
 * Device config (kiosk-config/NAME.json): which screen, which feed, which
 * channels, which keys to trust. IT installs a device by pointing a browser at
 * `/?config=NAME`; the device keeps the config and works offline from it.
 */
import * as v from 'valibot';

export const CONFIG_VERSION = 1;

/** A public key the device trusts for feed signatures, with its validity window. */
export const TrustedKey = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Raw Ed25519 public key, base64url (32 bytes). */
  publicKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, '公钥应为 32 字节的 base64url')),
  notBefore: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  notAfter: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});
export type TrustedKey = v.InferOutput<typeof TrustedKey>;

/** An office public key for sealing submissions: raw X25519 (RFC 9180 DHKEM), base64url. */
export const OfficeKey = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, '密钥编号只能用字母、数字和 ._-')),
  publicKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, '公钥应为 32 字节的 base64url')),
});

/**
 * Where complaints, inquiries and hearing opinions go, and to which keys they
 * are sealed (docs/submission.md). The office's feed key vouches for the keys
 * (`endorsement`), so a device never seals to keys nobody trusted signed.
 */
export const IntakeConfig = v.object({
  /** Base URL of the hub's intake API, ending in "/". */
  endpoint: v.optional(v.pipe(v.string(), v.regex(/\/$/, 'intake.endpoint 应以 / 结尾')), '/api/intake/'),
  officeKeys: v.object({
    /** 保密密钥: name and phone; held by the office alone (《政务公开投诉制度》第四条). */
    identity: OfficeKey,
    /** 办理密钥: what was written; held by whoever handles the case. */
    content: OfficeKey,
  }),
  /** The hub's Ed25519 keys for signed receipts. */
  receiptKeys: v.pipe(v.array(TrustedKey), v.minLength(1, 'intake.receiptKeys 至少一个')),
  /** A trusted feed key's Ed25519 signature over intakeKeysStatement() (src/contract/submission.ts). */
  endorsement: v.object({
    keyId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, '签名格式无效')),
    at: v.pipe(v.string(), v.isoTimestamp()),
  }),
});
export type IntakeConfig = v.InferOutput<typeof IntakeConfig>;

export const DeviceConfig = v.object({
  $schema: v.optional(v.string()),
  v: v.literal(CONFIG_VERSION, 'v 应为 1'),
  /** A name IT recognises in the fleet list, e.g. "县政务服务中心-1号机". */
  name: v.pipe(v.string(), v.minLength(1, 'name 不能为空'), v.maxLength(80)),
  mode: v.picklist(['kiosk', 'board'], 'mode 应为 kiosk 或 board'),
  /** Shown in the header. */
  title: v.optional(v.pipe(v.string(), v.maxLength(60)), '清原满族自治县政务公开'),
  /** Base URL of the feed (absolute, or relative to the app), ending in "/". */
  feed: v.optional(v.pipe(v.string(), v.regex(/\/$/, 'feed 应以 / 结尾')), '/feed/'),
  channels: v.optional(
    v.pipe(v.array(v.picklist(['public', 'internal'], 'channels 只能包含 public 或 internal')), v.minLength(1, 'channels 至少一个')),
    ['public'],
  ),
  pollSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, 'pollSeconds 不少于 5'), v.maxValue(86_400)), 60),
  idleSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(15), v.maxValue(3600)), 90),
  /** 举报电话 (政务公开制度 八). */
  hotline: v.optional(v.pipe(v.string(), v.maxLength(40)), '53034645'),
  locale: v.optional(v.picklist(['zh-CN', 'en']), 'zh-CN'),
  /** Filled in by the hub with its development key when the file lists none. */
  trustedKeys: v.optional(v.array(TrustedKey), []),
  /** Complaints and inquiries (docs/submission.md); filled in by the hub in development when the file has none. */
  intake: v.optional(IntakeConfig),
});
export type DeviceConfig = v.InferOutput<typeof DeviceConfig>;
export type DeviceConfigInput = v.InferInput<typeof DeviceConfig>;

/** One line per problem, naming the field: what IT sees on a bad config. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((i) => `${v.getDotPath(i) ?? '(根)'}: ${i.message}`);
}

export function parseDeviceConfig(input: unknown): { ok: true; config: DeviceConfig } | { ok: false; problems: string[] } {
  const r = v.safeParse(DeviceConfig, input);
  return r.success ? { ok: true, config: r.output } : { ok: false, problems: describeIssues(r.issues) };
}
