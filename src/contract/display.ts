/**
 * Proof of display (公示留痕): what a wall board showed, as a hash-chained log.
 * Declared once here; the board writes it (src/device/store/display-log.ts), the hub
 * checks and keeps it (hub/display/). docs/board.md describes it for IT.
 *
 * One entry is one spell of one item revision on screen: shown `shows` times
 * between `from` and `to` for `seconds` in all, never across an hour
 * boundary (China time), so the hub can tell each working day apart. Each
 * entry carries the hash of the one before it, so an edited or deleted entry
 * breaks the chain where it happened (告示制度 第六条: the period must be
 * shown in full; 政务公开制度 十: and kept on record).
 */
import * as v from 'valibot';
import { DeviceId } from './device.ts';
import { ItemId } from './feed.ts';
import { sha256Hex } from './signing.ts';

export const DISPLAY_VERSION = 1;
/** The `prev` of a device's first entry. */
export const GENESIS = '0'.repeat(64);

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制哈希'));
const isoTime = v.pipe(v.string(), v.isoTimestamp('时间格式应为 ISO 8601'));

/** Random, made on the device the first time it starts; its enrolled identity (src/contract/device.ts). */
export { DeviceId };

export const DisplayEntry = v.pipe(
  v.object({
    v: v.literal(DISPLAY_VERSION),
    device: DeviceId,
    /** 1, 2, 3, … on each device, without gaps. */
    seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
    item: ItemId,
    rev: v.pipe(v.number(), v.integer(), v.minValue(1)),
    from: isoTime,
    to: isoTime,
    shows: v.pipe(v.number(), v.integer(), v.minValue(1)),
    seconds: v.pipe(v.number(), v.integer(), v.minValue(0)),
    prev: hex64,
    hash: hex64,
  }),
  v.check((e) => !(Date.parse(e.from) > Date.parse(e.to)), 'from 不能晚于 to'),
);
export type DisplayEntry = v.InferOutput<typeof DisplayEntry>;
export type UnsealedEntry = Omit<DisplayEntry, 'hash'>;

/** SHA-256 over the fields in a fixed order (no canonical JSON needed), hex. */
export function entryHash(e: UnsealedEntry): Promise<string> {
  const fields = [e.v, e.device, e.seq, e.item, e.rev, e.from, e.to, e.shows, e.seconds, e.prev];
  return sha256Hex(new TextEncoder().encode(JSON.stringify(fields)));
}

export async function sealEntry(e: UnsealedEntry): Promise<DisplayEntry> {
  return { ...e, hash: await entryHash(e) };
}

export type ChainProblemCode = 'altered' | 'broken-link' | 'missing' | 'conflict' | 'out-of-time';
export interface ChainProblem {
  seq: number;
  code: ChainProblemCode;
  message: string;
}

/**
 * Checks entries (ascending seq) against each other and against the entry
 * before the first one (`anchor`, or none for seq 1). Never throws.
 */
export async function verifyChain(entries: readonly DisplayEntry[], anchor?: { seq: number; hash: string }): Promise<ChainProblem[]> {
  const problems: ChainProblem[] = [];
  let before = anchor ?? { seq: 0, hash: GENESIS };
  for (const e of entries) {
    if ((await entryHash(e)) !== e.hash) problems.push({ seq: e.seq, code: 'altered', message: alteredMessage(e.seq) });
    if (e.seq !== before.seq + 1) problems.push({ seq: e.seq, code: 'missing', message: missingMessage(before.seq + 1, e.seq - 1) });
    else if (e.prev !== before.hash) problems.push({ seq: e.seq, code: 'broken-link', message: brokenLinkMessage(e.seq) });
    before = { seq: e.seq, hash: e.hash };
  }
  return problems;
}

export const alteredMessage = (seq: number) => `第 ${seq} 条展示记录的内容与其哈希不符:记录被改动过`;
export const brokenLinkMessage = (seq: number) => `第 ${seq} 条展示记录与前一条接不上:前一条记录被改动或删除`;
export const missingMessage = (from: number, to: number) =>
  from === to ? `缺少第 ${from} 条展示记录:记录被删除` : `缺少第 ${from}-${to} 条展示记录:记录被删除`;
export const conflictMessage = (seq: number) => `第 ${seq} 条展示记录与中心已收到的同号记录不同:记录被改动过`;
export const beforeEnrollmentMessage = (seq: number) => `第 ${seq} 条展示记录的时间早于本设备登记时间,不予采信`;
export const futureMessage = (seq: number) => `第 ${seq} 条展示记录的时间晚于上报时间,不予采信`;

/**
 * The text a board signs for one batch, beside the request's own signature: the device
 * and each entry's seq and hash (each hash covers its entry). The hub keeps the
 * signature with the batch, so the stored record can be checked again later against the
 * enrolled key without trusting the hub's database.
 */
export function batchText(device: string, entries: readonly Pick<DisplayEntry, 'seq' | 'hash'>[]): string {
  return [`zwgk-display-batch-v1`, device, ...entries.map((e) => `${e.seq} ${e.hash}`)].join('\n');
}

/** POST /api/display/v1/entries: a board's entries, oldest first, in batches. */
export const DISPLAY_UPLOAD_MAX = 500;
export const DisplayUpload = v.object({
  v: v.literal(DISPLAY_VERSION, 'v 应为 1'),
  device: DeviceId,
  entries: v.pipe(v.array(v.unknown()), v.maxLength(DISPLAY_UPLOAD_MAX, `每批最多 ${DISPLAY_UPLOAD_MAX} 条`)),
  /** The device's Ed25519 signature over batchText(device, entries), base64url. */
  sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, '批次签名格式无效')),
});
export type DisplayUpload = v.InferOutput<typeof DisplayUpload>;

export interface DisplayUploadReply {
  ok: true;
  /** Entries new to the hub / already held (sent again) / refused as altered. */
  stored: number;
  duplicates: number;
  /** The highest seq of this batch the hub now holds as sent (never one it refused): the board may forget up to here. */
  through: number;
  /** Tampering the hub found in this batch; it keeps the rest and reports these to the office. */
  problems: ChainProblem[];
}
