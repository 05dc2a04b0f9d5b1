/**
 * Device config (kiosk-config/NAME.json): which screen, which feed, which
 * channels, which keys to trust. IT installs a device by pointing a browser at
 * `/?config=NAME`; the device keeps the config and works offline from it.
 */
import * as v from 'valibot';
import { CATEGORY_IDS } from './catalogue.ts';

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
/** A time of day in China time, "HH:MM" (24:00 allowed as an end). */
const TimeOfDay = v.pipe(v.string(), v.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, '时间应为 HH:MM,如 22:30'));
/** ISO weekdays the window starts on: 1 = Monday … 7 = Sunday; absent means every day. */
const Weekdays = v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(1, '星期应为 1-7'), v.maxValue(7, '星期应为 1-7'))));

/** What the board shows, in playlist order (emergency notices pre-empt them all). */
export const BOARD_SECTIONS = ['notices', 'hearings', 'new', 'answers', 'surveys'] as const;
export type BoardSection = (typeof BOARD_SECTIONS)[number];

/**
 * The wall board's settings (mode "board"; docs/board.md). Every field has a
 * default, so a config without `board` is a working board.
 */
export const BoardSettings = v.pipe(
  v.object({
    /** Shortest time a slide (or one page of it) stays on screen. */
    slideSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, 'slideSeconds 不少于 5'), v.maxValue(600)), 15),
    /** Disclosures published in the last N days are shown as new. */
    newDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)), 14),
    /** Catalogue categories to show; empty means all of the device's channels. */
    categories: v.optional(v.array(v.picklist(CATEGORY_IDS, 'categories 含有不在公开目录中的类别')), []),
    /** auto: follow the screen; landscape/portrait: turn the picture for a screen mounted the other way. */
    orientation: v.optional(v.picklist(['auto', 'landscape', 'portrait'], 'orientation 应为 auto、landscape 或 portrait'), 'auto'),
    /** Quiet hours: a dimmed screen with the clock, or off. Emergency notices still show. */
    quietHours: v.optional(
      v.array(v.object({ from: TimeOfDay, to: TimeOfDay, days: Weekdays, mode: v.picklist(['dim', 'off'], 'mode 应为 dim 或 off') })),
      [],
    ),
    /** Daytime schedule: within a slot only its sections are shown; outside every slot, all of them. */
    schedule: v.optional(
      v.array(v.object({ from: TimeOfDay, to: TimeOfDay, days: Weekdays, sections: v.array(v.picklist(BOARD_SECTIONS, '未知的栏目')) })),
      [],
    ),
    /** The page reloads itself when nothing has been drawn for this long. */
    watchdogSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30, 'watchdogSeconds 不少于 30'), v.maxValue(3600)), 120),
    /** Reading speed from 2-3 m, in Chinese characters a minute: long items page at this pace. */
    readingCharsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(60), v.maxValue(2000)), 300),
    /** Pages shown of a long item; the rest is one QR scan away. */
    maxPages: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)), 3),
    /** How often the proof-of-display log is sent to the hub. */
    uploadSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(86_400)), 300),
  }),
  // A page stays up to 3× slideSeconds; the watchdog must not take a long page for a stall.
  v.check((b) => b.watchdogSeconds >= 4 * b.slideSeconds, 'watchdogSeconds 应不少于 slideSeconds 的 4 倍'),
);
export type BoardSettings = v.InferOutput<typeof BoardSettings>;

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
  /**
   * The office's root keys, which sign its roster of people (docs/keys.md). With any
   * listed, every revision must carry approvals signed by people on the roster; once a
   * device has taken a roster it keeps requiring them, whatever a later config says.
   * Filled in by the hub in development (its demo office) when the file lists none.
   */
  rosterRoots: v.optional(v.array(TrustedKey), []),
  /** Take a roster marked `demo` (the demo people `npm start` makes). Never in production. */
  acceptDemoRoster: v.optional(v.boolean(), false),
  /** Complaints and inquiries (docs/submission.md); filled in by the hub in development when the file has none. */
  intake: v.optional(IntakeConfig),
  /** Wall board settings (mode "board"); optional, with defaults. */
  board: v.optional(BoardSettings, {}),
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
