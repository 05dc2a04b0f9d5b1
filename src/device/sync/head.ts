/**
 * The head, checked on the page before any page is asked for (DESIGN
 * principle 2): signature, schema, feed, rollback and page continuity.
 */
import * as v from 'valibot';
import { describeIssues } from '../../contract/config.ts';
import { type Head, Head as HeadSchema } from '../../contract/feed.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { KeyRing, RejectCode } from '../../contract/signing.ts';

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
