/**
 * Proof of display (公示留痕): what a wall board showed, as a hash-chained log.
 * Declared once here; the board writes it (src/store/display-log.ts), the hub
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
import { ItemId } from './feed.ts';
import { sha256Hex } from './signing.ts';

export const DISPLAY_VERSION = 1;
/** The `prev` of a device's first entry. */
export const GENESIS = '0'.repeat(64);

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制哈希'));
const isoTime = v.pipe(v.string(), v.isoTimestamp('时间格式应为 ISO 8601'));
/** Random, made on the device the first time it records anything. */
export const DeviceId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/, '设备编号只能用小写字母、数字和连字符,8-64 位'));

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

export type ChainProblemCode = 'altered' | 'broken-link' | 'missing' | 'conflict';
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

/** POST /api/display/v1/entries: a board's entries, oldest first, in batches. */
export const DISPLAY_UPLOAD_MAX = 500;
export const DisplayUpload = v.object({
  v: v.literal(DISPLAY_VERSION, 'v 应为 1'),
  device: DeviceId,
  /** kiosk-config name and the device's display name, for the office's report. */
  config: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '配置名只能用小写字母、数字和连字符')),
  name: v.pipe(v.string(), v.minLength(1, 'name 不能为空'), v.maxLength(80)),
  channels: v.pipe(v.array(v.picklist(['public', 'internal'], 'channels 只能包含 public 或 internal')), v.minLength(1)),
  entries: v.pipe(v.array(v.unknown()), v.maxLength(DISPLAY_UPLOAD_MAX, `每批最多 ${DISPLAY_UPLOAD_MAX} 条`)),
});
export type DisplayUpload = v.InferOutput<typeof DisplayUpload>;

export interface DisplayUploadReply {
  ok: true;
  /** Entries new to the hub / already held (sent again) / refused as altered. */
  stored: number;
  duplicates: number;
  /** The highest seq the hub now holds for this device: the board may forget up to here. */
  through: number;
  /** Tampering the hub found in this batch; it keeps the rest and reports these to the office. */
  problems: ChainProblem[];
}
