/**
 * Verification of what the feed serves, before anything is stored
 * (DESIGN principle 2). Pure: bytes in, verified changes or a reason out.
 */
import * as v from 'valibot';
import { describeIssues } from '../contract/config.ts';
import { type Change, Change as ChangeSchema, type Head, Head as HeadSchema, type PageRef, Page as PageSchema } from '../contract/feed.ts';
import { LIMITS } from '../contract/limits.ts';
import { type KeyRing, type RejectCode, sha256Hex } from '../contract/signing.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; code: RejectCode; message: string };

const fail = (code: RejectCode, message: string) => ({ ok: false, code, message }) as const;

export interface Cursor {
  feed?: string;
  seq: number;
  headIssued?: string;
}

export async function checkHead(text: string, keys: KeyRing, cursor: Cursor, now = Date.now()): Promise<Checked<Head>> {
  if (text.length > LIMITS.headBytes) return fail('oversized', `feed 头文件过大(${text.length} 字节)`);
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch {
    return fail('malformed', 'feed 头文件不是合法 JSON');
  }
  const verified = await keys.verify(env, now);
  if (!verified.ok) return { ...verified, message: `feed 头文件:${verified.message}` };
  const parsed = v.safeParse(HeadSchema, verified.payload);
  if (!parsed.success) return fail('schema', `feed 头文件格式错误:${describeIssues(parsed.issues).join(';')}`);
  const head = parsed.output;
  if (cursor.feed && head.feed !== cursor.feed) return fail('wrong-feed', `feed 标识 ${head.feed} 与本机已同步的 ${cursor.feed} 不同`);
  // TUF rollback attack: an older head, even correctly signed, is refused.
  if (head.seq < cursor.seq) return fail('rollback', `收到旧的 feed 头(序号 ${head.seq} < 本机 ${cursor.seq}),已拒绝`);
  if (cursor.headIssued && Date.parse(head.issued) < Date.parse(cursor.headIssued))
    return fail('rollback', `收到旧的 feed 头(签发于 ${head.issued},早于本机已有的 ${cursor.headIssued}),已拒绝`);
  let next = 1;
  for (const p of head.pages) {
    if (p.first !== next || p.last < p.first) return fail('gap', `feed 页序号不连续:应从 ${next} 开始,实际 ${p.first}-${p.last}`);
    next = p.last + 1;
  }
  if (next - 1 !== head.seq) return fail('gap', `feed 页只覆盖到 ${next - 1},而头文件序号为 ${head.seq}`);
  return { ok: true, value: head };
}

/** Verifies one fetched page; `expectFirst` is the next sequence number the device needs. */
export async function checkPage(
  bytes: ArrayBuffer,
  ref: PageRef,
  keys: KeyRing,
  feed: string,
  expectFirst: number,
): Promise<Checked<Change[]>> {
  if (bytes.byteLength > LIMITS.pageBytes || bytes.byteLength !== ref.bytes)
    return fail('oversized', `变更页 ${ref.href} 大小 ${bytes.byteLength} 与头文件所记 ${ref.bytes} 不符或超限`);
  const hash = await sha256Hex(bytes);
  if (hash !== ref.sha256) return fail('hash-mismatch', `变更页 ${ref.href} 的 sha256 与头文件不符`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return fail('malformed', `变更页 ${ref.href} 不是合法 JSON`);
  }
  const page = v.safeParse(PageSchema, raw);
  if (!page.success) return fail('schema', `变更页 ${ref.href} 格式错误:${describeIssues(page.issues).join(';')}`);
  const envelopes = page.output.changes.filter((_, i) => ref.first + i >= expectFirst);
  // Verify in parallel: WebCrypto runs on its own threads in Chromium.
  const verified = await Promise.all(
    envelopes.map((env) => {
      const size = (env as { payload?: unknown } | null)?.payload;
      return typeof size === 'string' && size.length > LIMITS.changeBytes
        ? Promise.resolve(fail('oversized', `变更过大(${size.length} 字符,上限 ${LIMITS.changeBytes})`))
        : keys.verify(env);
    }),
  );
  const changes: Change[] = [];
  let seq = expectFirst;
  for (const r of verified) {
    if (!r.ok) return { ...r, message: `第 ${seq} 号变更:${r.message}` };
    const raw = r.payload as { approval?: unknown };
    if (raw && typeof raw === 'object' && raw.approval === undefined)
      return fail('no-approval', `第 ${seq} 号变更没有预审和签发记录(预审制度 第三条),已拒绝`);
    const c = v.safeParse(ChangeSchema, r.payload);
    if (!c.success) return fail('schema', `第 ${seq} 号变更格式错误:${describeIssues(c.issues).slice(0, 3).join(';')}`);
    const change = c.output;
    if (change.feed !== feed) return fail('wrong-feed', `第 ${seq} 号变更属于另一个 feed(${change.feed})`);
    if (change.seq !== seq) return fail('gap', `变更序号不连续:应为 ${seq},实际为 ${change.seq}`);
    changes.push(change);
    seq++;
  }
  if (seq !== ref.last + 1) return fail('gap', `变更页 ${ref.href} 缺少变更:应到 ${ref.last},实际到 ${seq - 1}`);
  return { ok: true, value: changes };
}
