/**
 * Fleet health (issue 14): the heartbeat a kiosk or board sends, the remote action the hub
 * sends back, and how a device's status is computed from its heartbeats and its own
 * schedule. Declared once: the device builds beats with it (src/device/identity/heartbeat.ts), the
 * hub checks them and computes statuses and alarms with it (hub/fleet/). docs/fleet.md
 * describes the fields, the statuses and the webhook.
 *
 * A heartbeat (心跳) is a signed device request (src/contract/device.ts) carrying one or
 * more beats: a device offline keeps its beats and sends them later, oldest first; each
 * has its own id and the hub stores each id once, so nothing is lost or counted twice.
 */
import * as v from 'valibot';
import type { BoardSettings } from './config.ts';
import { DeviceId } from './device.ts';
import { inWindow, quietMode, type Window } from './schedule.ts';

export const FLEET_VERSION = 1;
export const HEARTBEAT_ENDPOINT = '/api/devices/v1/heartbeats';
/** A device beats this often, and at once when something changes (a sync result, a rejection, quiet hours). */
export const HEARTBEAT_SECONDS = 60;
/** Beats in one request: a device back from a week offline catches up in a few requests. */
export const MAX_BEATS_PER_REQUEST = 100;
/**
 * A device keeps unsent beats this long (a week at one a minute is ~10,000, a few MB);
 * the hub remembers beat ids a day longer, so a beat sent twice is always recognised.
 */
export const BEAT_KEEP_MS = 7 * 86_400_000;
export const BEAT_IDS_KEPT_MS = BEAT_KEEP_MS + 86_400_000;
/** A remote action not carried out by then is void. */
export const ACTION_TTL_MS = 15 * 60_000;

const iso = v.pipe(v.string(), v.isoTimestamp('时间格式应为 ISO 8601'));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const BeatId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/, '心跳编号只能用小写字母、数字和连字符'));

/** What the device's screen is doing: showing content, asleep by its quiet hours (dim or off), or a kiosk's attract screen. */
export const SCREEN_STATES = ['showing', 'quiet-dim', 'quiet-off', 'idle'] as const;
export type ScreenState = (typeof SCREEN_STATES)[number];
export const SYNC_RESULTS = ['none', 'unchanged', 'applied', 'rejected', 'offline'] as const;
export const REMOTE_ACTIONS = ['sync', 'reload'] as const;
export type RemoteActionKind = (typeof REMOTE_ACTIONS)[number];

export const Heartbeat = v.object({
  v: v.literal(FLEET_VERSION, 'v 应为 1'),
  /** Made on the device, once per beat: the hub's key for dropping duplicates. */
  id: BeatId,
  device: DeviceId,
  /** The device's clock when the beat was made (the hub records its own receiving time beside it). */
  at: iso,
  reason: v.picklist(['start', 'timer', 'change', 'action']),
  /** App version (package.json, from the build). */
  app: text(40),
  mode: v.picklist(['kiosk', 'board']),
  /** The kiosk-config it runs. */
  config: text(64),
  /** The feed as this device holds it: sequence, last successful check, the head's issue time. */
  feed: v.object({ seq: count, checkedAt: v.optional(iso), changedAt: v.optional(iso), issuedAt: v.optional(iso) }),
  /** The last sync round's result. */
  sync: v.object({ result: v.picklist(SYNC_RESULTS), code: v.optional(text(40)), message: v.optional(text(300)) }),
  /** Feed changes refused since the last beat (at most 20 listed; `rejected` counts them all). */
  rejections: v.pipe(v.array(v.object({ at: iso, code: text(40), message: text(300) })), v.maxLength(20)),
  rejected: count,
  outbox: v.object({ depth: count, refused: count, oldestAt: v.optional(iso) }),
  /** navigator.storage.estimate(), bytes. */
  storage: v.object({ used: count, quota: count }),
  screen: v.picklist(SCREEN_STATES),
  uptimeSeconds: count,
  lastError: v.optional(v.object({ at: iso, message: text(300) })),
  /** Remote actions carried out (or refused) since the last beat. */
  acted: v.optional(
    v.pipe(
      v.array(v.object({ id: BeatId, result: v.picklist(['done', 'failed', 'refused']), message: v.optional(text(300)) })),
      v.maxLength(20),
    ),
  ),
  /** Beats this device had to drop unsent (older than BEAT_KEEP_MS), since the last beat that arrived. */
  dropped: v.optional(count),
});
export type Heartbeat = v.InferOutput<typeof Heartbeat>;

/** POST HEARTBEAT_ENDPOINT, signed by the device. */
export const HeartbeatBatch = v.object({
  v: v.literal(FLEET_VERSION, 'v 应为 1'),
  beats: v.pipe(
    v.array(Heartbeat),
    v.minLength(1, '至少一次心跳'),
    v.maxLength(MAX_BEATS_PER_REQUEST, `一次最多 ${MAX_BEATS_PER_REQUEST} 次心跳`),
  ),
});
export type HeartbeatBatch = v.InferOutput<typeof HeartbeatBatch>;

/** The hub's reply: what it stored, and remote actions for this device, each a signed envelope. */
export interface HeartbeatReply {
  ok: true;
  stored: number;
  duplicates: number;
  actions: { payload: string; keyId: string; sig: string }[];
}

/**
 * A remote action (远程操作), signed with the office's feed key, which every device already
 * trusts (config trustedKeys): a hub that does not hold the feed key cannot send any.
 */
export const RemoteAction = v.object({
  kind: v.literal('zwgk-remote-action'),
  v: v.literal(FLEET_VERSION),
  id: BeatId,
  /** Only the device it names acts on it. */
  device: DeviceId,
  action: v.picklist(REMOTE_ACTIONS),
  /** The hub's clock when it was issued (the key must be valid then) and when it lapses. */
  at: iso,
  expiresAt: iso,
  by: text(100),
});
export type RemoteAction = v.InferOutput<typeof RemoteAction>;

export function parseRemoteAction(payload: unknown): RemoteAction | undefined {
  const r = v.safeParse(RemoteAction, payload);
  return r.success ? r.output : undefined;
}

// ---- Status ----

/** ok, 内容过期, 未上报, 待发送积压, 存储将满, 静默时段. */
export const FLEET_STATUSES = ['silent', 'stale', 'outbox-stuck', 'storage-low', 'quiet', 'ok'] as const;
export type FleetStatus = (typeof FLEET_STATUSES)[number];
export const ALARM_KINDS = ['device-silent', 'feed-stale', 'outbox-stuck', 'storage-low'] as const;
export type FleetAlarmKind = (typeof ALARM_KINDS)[number];

export const STATUS_NAMES: Record<FleetStatus, string> = {
  silent: '未上报',
  stale: '内容过期',
  'outbox-stuck': '待发送积压',
  'storage-low': '存储将满',
  quiet: '静默时段',
  ok: '正常',
};
const STATUS_OF: Record<FleetAlarmKind, FleetStatus> = {
  'device-silent': 'silent',
  'feed-stale': 'stale',
  'outbox-stuck': 'outbox-stuck',
  'storage-low': 'storage-low',
};

export interface FleetLimits {
  /** No beat for this long, while the device should be on, is 未上报. */
  silentAfterMs: number;
  /** The feed not confirmed current for this long (or three polls, if longer) is 内容过期. */
  feedMaxAgeMs: number;
  /** The outbox's oldest entry waiting this long is 积压. */
  outboxStuckMs: number;
  /** Storage used over this share of the quota. */
  storageRatio: number;
}
/** Silence after three missed beats: with the hub's 30 s check, an alarm within 3.5 minutes (the issue asks for 5). */
export const DEFAULT_FLEET_LIMITS: FleetLimits = {
  silentAfterMs: 3 * HEARTBEAT_SECONDS * 1000,
  feedMaxAgeMs: 30 * 60_000,
  outboxStuckMs: 30 * 60_000,
  storageRatio: 0.8,
};

/** What the status of one device depends on besides its beats: its config (mode, poll, quiet hours) and the office's opening hours. */
export interface DeviceSchedule {
  mode: 'kiosk' | 'board';
  pollSeconds: number;
  quietHours: BoardSettings['quietHours'];
  /** When the device must be on (the hub's setting; none: always). A board's quiet hours come off these. */
  openingHours?: readonly Window[] | undefined;
}

export interface LastBeat {
  /** The hub's clock when the beat arrived. */
  receivedAt: string;
  beat: Heartbeat;
}

export interface Condition {
  alarm: FleetAlarmKind;
  message: string;
}

export interface DeviceHealth {
  status: FleetStatus;
  /** Every condition that holds now, worst first; each one is an alarm. */
  conditions: Condition[];
  /** Asleep by its own schedule now. */
  quiet?: 'dim' | 'off';
}

/** Whether the device should be on and beating at `at`: within opening hours and not in its quiet hours. */
export function expectedOn(s: DeviceSchedule, at: Date): boolean {
  if (s.mode === 'board' && quietMode(s, at)) return false;
  return !s.openingHours || s.openingHours.length === 0 || s.openingHours.some((w) => inWindow(w, at));
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/**
 * The status of one device at `now`. Silence counts only while the device should have
 * been on for the whole silent period: a board that wakes from its quiet hours at 07:00
 * has until 07:03 to say so, and a board asleep by schedule is never dark. A device that
 * is silent is only 未上报: what its last beat said is no longer known to be true.
 */
export function deviceHealth(
  s: DeviceSchedule,
  last: LastBeat | undefined,
  since: string,
  now: Date,
  limits = DEFAULT_FLEET_LIMITS,
): DeviceHealth {
  const t = now.getTime();
  const quiet = s.mode === 'board' ? quietMode(s, now) : undefined;
  const on = expectedOn(s, now);
  const lastAt = last ? Date.parse(last.receivedAt) : Date.parse(since);
  const conditions: Condition[] = [];
  if (on && t - lastAt > limits.silentAfterMs) {
    // Windows are minute-grained: the device was due on at every minute of the silent period.
    let dueAll = true;
    for (let m = t - limits.silentAfterMs; m < t && dueAll; m += 60_000) dueAll = expectedOn(s, new Date(m));
    if (dueAll)
      conditions.push({
        alarm: 'device-silent',
        message: last ? `已 ${minutes(t - lastAt)} 分钟没有心跳(应在开放时间内每分钟上报)` : '批准登记后从未上报心跳',
      });
  }
  if (last && conditions.length === 0) {
    const b = last.beat;
    // Ages as the device reported them, on its own clock. Not grown since: a device that stopped beating
    // is 未上报 while it should be on, and off (closed, asleep) otherwise, where nothing is expected of it.
    const ageAtBeat = (at: string | undefined) => (at ? Date.parse(b.at) - Date.parse(at) : Number.POSITIVE_INFINITY);
    const feedLimit = Math.max(limits.feedMaxAgeMs, 3 * s.pollSeconds * 1000);
    // A page that has not finished its first sync round yet (just switched on) is given its uptime as the age.
    const feedAge = b.sync.result === 'none' ? b.uptimeSeconds * 1000 : ageAtBeat(b.feed.checkedAt);
    if (on && feedAge > feedLimit)
      conditions.push({
        alarm: 'feed-stale',
        message: b.feed.checkedAt
          ? `内容已 ${minutes(feedAge)} 分钟未能与中心核对(上限 ${minutes(feedLimit)} 分钟;上次同步:${b.sync.message ?? b.sync.result})`
          : `从未成功同步内容(上次同步:${b.sync.message ?? b.sync.result})`,
      });
    const oldest = ageAtBeat(b.outbox.oldestAt);
    if (b.outbox.depth > 0 && oldest > limits.outboxStuckMs)
      conditions.push({
        alarm: 'outbox-stuck',
        message: `${b.outbox.depth} 件群众提交未送达,最早一件已等待 ${minutes(oldest)} 分钟${b.outbox.refused ? `(其中 ${b.outbox.refused} 件被中心拒收)` : ''}`,
      });
    if (b.storage.quota > 0 && b.storage.used / b.storage.quota > limits.storageRatio)
      conditions.push({
        alarm: 'storage-low',
        message: `本机存储已用 ${Math.round((100 * b.storage.used) / b.storage.quota)}%(${mb(b.storage.used)} / ${mb(b.storage.quota)})`,
      });
  }
  const status = conditions.length > 0 ? STATUS_OF[conditions[0]!.alarm] : quiet ? 'quiet' : 'ok';
  return { status, conditions, ...(quiet ? { quiet } : {}) };
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;

/** One device as the fleet page lists it (GET /api/office/v1/fleet). */
export interface FleetRow {
  id: string;
  name: string;
  place: string;
  channels: string[];
  config: string;
  mode: 'kiosk' | 'board';
  status: FleetStatus;
  conditions: Condition[];
  quiet?: 'dim' | 'off';
  /** When the hub received its latest beat. */
  lastBeatAt: string | null;
  app: string | null;
  feedSeq: number | null;
  screen: ScreenState | null;
  outboxDepth: number | null;
  /** Share of the storage quota used, 0-1. */
  storage: number | null;
  lastError: string | null;
}
