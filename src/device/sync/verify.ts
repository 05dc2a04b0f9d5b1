/**
 * Verification of the feed's pages, before anything is stored (DESIGN
 * principle 2). Pure: bytes in, verified changes or a reason out. Runs in the
 * page workers (page-worker.ts); the head is checked on the page (head.ts).
 */
import * as v from 'valibot';
import { type ApprovalVerifier, contentHash, type VerifiedStep, withdrawalHash } from '../../contract/approvals.ts';
import { describeIssues } from '../../contract/config.ts';
import { Batch as BatchSchema, batchText, type Change, type PageRef, Page as PageSchema, parseChange } from '../../contract/feed.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { SyncRejectCode } from '../../contract/reject-codes.ts';
import { type KeyRing, sha256Hex } from '../../contract/signing.ts';

/** A rejection with the place it happened, so checks run apart can be merged in feed order. */
export type PageFailure = { ok: false; code: SyncRejectCode; message: string; at: number };

export type PageChecked<T> = { ok: true; value: T } | PageFailure;

const failAt = (at: number, code: SyncRejectCode, message: string): PageFailure => ({ ok: false, code, message, at });

export function parsePage(bytes: ArrayBuffer, ref: PageRef): PageChecked<{ changes: unknown[]; batches: unknown[]; approvals: unknown[] }> {
  // A page-level problem sorts before any change in the page.
  const at = ref.first - 0.5;
  if (bytes.byteLength > LIMITS.pageBytes || bytes.byteLength !== ref.bytes)
    return failAt(at, 'oversized', `变更页 ${ref.href} 大小 ${bytes.byteLength} 与头文件所记 ${ref.bytes} 不符或超限`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return failAt(at, 'malformed', `变更页 ${ref.href} 不是合法 JSON`);
  }
  const page = v.safeParse(PageSchema, raw);
  if (!page.success) return failAt(at, 'schema', `变更页 ${ref.href} 格式错误:${describeIssues(page.issues).join(';')}`);
  return { ok: true, value: { changes: page.output.changes, batches: page.output.batches, approvals: page.output.approvals } };
}

const payloadOf = (env: unknown) => (env as { payload?: unknown } | null)?.payload;

/** The page's bytes against the sha256 the signed head gives for it. */
export async function checkHash(bytes: ArrayBuffer, ref: PageRef): Promise<PageChecked<null>> {
  return (await sha256Hex(bytes)) === ref.sha256
    ? { ok: true, value: null }
    : failAt(ref.first - 0.5, 'hash-mismatch', `变更页 ${ref.href} 的 sha256 与头文件不符`);
}

/** Signatures checked per turn of the event loop: ~3 ms, so a store request waiting in the same worker is not held up. */
const SIGNATURES_PER_TURN = 50;

/**
 * Every change's Ed25519 signature with a trusted key, but for those a batch
 * signature already covers (`covered`, by sequence number); `envelopes` start
 * at sequence number `expectFirst`.
 */
export async function checkEnvelopeSignatures(
  envelopes: readonly unknown[],
  keys: KeyRing,
  expectFirst: number,
  covered: ReadonlySet<number> = new Set(),
): Promise<PageChecked<null>> {
  for (let from = 0; from < envelopes.length; from += SIGNATURES_PER_TURN) {
    const verified = await Promise.all(
      envelopes.slice(from, from + SIGNATURES_PER_TURN).map((env, i) => {
        const payload = payloadOf(env);
        if (covered.has(expectFirst + from + i)) return null;
        return typeof payload === 'string' && payload.length > LIMITS.changeBytes ? null : keys.checkSignature(env);
      }),
    );
    for (const [i, r] of verified.entries()) {
      const seq = expectFirst + from + i;
      if (r && !r.ok) return failAt(seq, r.code, `第 ${seq} 号变更:${r.message}`);
    }
  }
  return { ok: true, value: null };
}

/**
 * The page's batch signatures (contract `Batch`): each must be signed by a key
 * trusted when it was signed, belong to this feed and page, and match its
 * changes' payloads exactly. Answers the sequence numbers they cover; any batch
 * that fails refuses the page, as a change with a bad signature would.
 */
export async function checkBatches(
  batches: readonly unknown[],
  envelopes: readonly unknown[],
  ref: PageRef,
  keys: KeyRing,
  feed: string,
): Promise<PageChecked<Set<number>>> {
  const covered = new Set<number>();
  // Each batch covers at least one change: more batches than changes is a page built to waste the device's time.
  if (batches.length > envelopes.length)
    return failAt(ref.first - 0.25, 'schema', `变更页 ${ref.href} 的批量签名(${batches.length} 个)多于变更(${envelopes.length} 条)`);
  for (const env of batches) {
    const verified = await keys.verify(env);
    const where = (first: number, last: number) => `第 ${first}–${last} 号变更的批量签名`;
    if (!verified.ok) return failAt(ref.first - 0.25, verified.code, `变更页 ${ref.href} 的批量签名:${verified.message}`);
    const parsed = v.safeParse(BatchSchema, verified.payload);
    if (!parsed.success)
      return failAt(ref.first - 0.25, 'schema', `变更页 ${ref.href} 的批量签名格式错误:${describeIssues(parsed.issues).join(';')}`);
    const b = parsed.output;
    if (b.feed !== feed) return failAt(b.first, 'wrong-feed', `${where(b.first, b.last)}属于另一个 feed(${b.feed})`);
    if (b.first < ref.first || b.last > ref.last || b.last < b.first)
      return failAt(ref.first - 0.25, 'gap', `${where(b.first, b.last)}不在本页 ${ref.first}–${ref.last} 之内`);
    const payloads = envelopes.slice(b.first - ref.first, b.last - ref.first + 1).map(payloadOf);
    if (!payloads.every((p): p is string => typeof p === 'string'))
      return failAt(b.first, 'malformed', `${where(b.first, b.last)}所签的变更缺少 payload`);
    if ((await sha256Hex(utf8.encode(batchText(payloads)))) !== b.sha256)
      return failAt(b.first, 'bad-signature', `${where(b.first, b.last)}与变更内容不符,内容可能在签名后被改动`);
    for (let seq = b.first; seq <= b.last; seq++) covered.add(seq);
  }
  return { ok: true, value: covered };
}

const utf8 = new TextEncoder();

/**
 * Everything about one page, from its bytes: size, JSON, hash against the
 * signed head, its batch signatures (and the signature of any change no batch
 * covers), every change's approval, schema, key window, feed and sequence. Runs in a worker (page-worker.ts) so the page's own thread
 * only stores what passed. `expectFirst` is the first change still needed.
 */
export async function checkPage(
  bytes: ArrayBuffer,
  ref: PageRef,
  keys: KeyRing,
  feed: string,
  expectFirst: number,
  people?: ApprovalVerifier,
): Promise<PageChecked<Change[]>> {
  const parsed = parsePage(bytes, ref);
  if (!parsed.ok) return parsed;
  const { changes: envelopes, batches, approvals } = parsed.value;
  const hash = checkHash(bytes, ref);
  const content = checkContent(envelopes, ref, keys, feed, expectFirst);
  const batched = await checkBatches(batches, envelopes, ref, keys, feed);
  const signatures = batched.ok
    ? await checkEnvelopeSignatures(envelopes.slice(Math.max(0, expectFirst - ref.first)), keys, expectFirst, batched.value)
    : batched;
  const failed = firstFailure([await hash, signatures], [content]);
  if (failed || !content.ok) return failed ?? content;
  if (!people) return content;
  const approved = await checkPeople(content.value, approvals, people);
  return approved ?? content;
}

/**
 * The people's approvals of each change (docs/feed.md, "Approvals signed by people"):
 * a revision is kept only with valid 预审 and 签发 by the right people over its content
 * hash, a withdrawal only with a 撤回 signed by a leader. Marks each change's approval
 * record as verified, with the names and times from the signatures (not the feed's
 * text), which the kiosk and the archive show.
 */
export async function checkPeople(
  changes: readonly Change[],
  pageApprovals: readonly unknown[],
  verifier: ApprovalVerifier,
): Promise<PageFailure | undefined> {
  const bySignature = new Map<string, unknown>();
  for (const a of pageApprovals) {
    const sig = (a as { signature?: unknown } | null)?.signature;
    if (typeof sig === 'string') bySignature.set(sig, a);
  }
  // All of the page's content hashes at once: WebCrypto digests run off the calling thread, and one by one
  // each would wait its round trip (~30 µs) in turn.
  const hashes = await Promise.all(changes.map((c) => (c.op === 'upsert' ? contentHash(c.item) : withdrawalHash(c))));
  for (const [i, change] of changes.entries()) {
    const seq = change.seq;
    const named = change.approvals ?? [];
    if (named.length === 0) return failAt(seq, 'approval-missing', `第 ${seq} 号变更没有预审、签发人本人的签名(仅有服务器签名),已拒绝`);
    const list: unknown[] = [];
    for (const sig of named) {
      const a = bySignature.get(sig);
      if (!a) return failAt(seq, 'approval-missing', `第 ${seq} 号变更所列的审批签名不在本页中`);
      list.push(a);
    }
    const hash = hashes[i]!;
    const r =
      change.op === 'upsert'
        ? await verifier.checkRevision({ contentHash: hash, drafter: change.drafter, approvals: list })
        : await verifier.checkWithdrawal({ contentHash: hash, approvals: list });
    if (!r.ok)
      return failAt(
        seq,
        r.code,
        `第 ${seq} 号变更(${change.op === 'upsert' ? change.item.title.slice(0, 40) : `撤回 ${change.id}`}):${r.message}`,
      );
    const names = (steps: readonly VerifiedStep[]) => ({ by: steps.map((x) => x.name).join('、'), at: steps[steps.length - 1]!.at });
    const verified: VerifiedApproval =
      'withdrawnBy' in r
        ? { ...change.approval, signOff: names(r.withdrawnBy), verified: true }
        : { preReview: names(r.preReview), signOff: names(r.signOff), verified: true };
    change.approval = verified;
  }
  return undefined;
}

/** An approval record whose names and times come from signatures the device checked. */
export type VerifiedApproval = Change['approval'] & { verified?: true };

/**
 * The content half on a page already parsed (`parsePage`): size, approval record,
 * schema, feed and sequence of every change. Trusts nothing: its result counts
 * only together with the signatures.
 */
export function checkContent(
  envelopes: readonly unknown[],
  ref: PageRef,
  keys: KeyRing,
  feed: string,
  expectFirst: number,
): PageChecked<Change[]> {
  const changes: Change[] = [];
  let seq = expectFirst;
  for (const env of envelopes.slice(Math.max(0, expectFirst - ref.first))) {
    const payload = payloadOf(env);
    if (typeof payload !== 'string') return failAt(seq, 'malformed', `第 ${seq} 号变更:缺少 payload`);
    if (payload.length > LIMITS.changeBytes)
      return failAt(seq, 'oversized', `第 ${seq} 号变更过大(${payload.length} 字符,上限 ${LIMITS.changeBytes})`);
    let raw: { approval?: unknown };
    try {
      raw = JSON.parse(payload);
    } catch {
      return failAt(seq, 'malformed', `第 ${seq} 号变更:payload 不是合法 JSON`);
    }
    if (raw && typeof raw === 'object' && raw.approval === undefined)
      return failAt(seq, 'no-approval', `第 ${seq} 号变更没有预审和签发记录(预审制度 第三条),已拒绝`);
    const c = parseChange(raw);
    if (!c.success) return failAt(seq, 'schema', `第 ${seq} 号变更格式错误:${describeIssues(c.issues).slice(0, 3).join(';')}`);
    const change = c.output;
    // The key must have been valid when the change was signed (a retired key's old changes stay good).
    const keyId = String((env as { keyId?: unknown }).keyId);
    if (!keys.validAt(keyId, Date.parse(change.at)))
      return failAt(seq, 'untrusted-key', `第 ${seq} 号变更:密钥 ${keyId.slice(0, 64)} 在签名时间不在有效期内`);
    if (change.feed !== feed) return failAt(seq, 'wrong-feed', `第 ${seq} 号变更属于另一个 feed(${change.feed})`);
    if (change.seq !== seq) return failAt(seq, 'gap', `变更序号不连续:应为 ${seq},实际为 ${change.seq}`);
    changes.push(change);
    seq++;
  }
  if (seq !== ref.last + 1) return failAt(seq, 'gap', `变更页 ${ref.href} 缺少变更:应到 ${ref.last},实际到 ${seq - 1}`);
  return { ok: true, value: changes };
}

/**
 * The first failure in feed order; on the same change, the signature's verdict
 * comes first (an unsigned change is "unsigned", whatever else is wrong with it).
 */
export function firstFailure(
  signatures: readonly PageChecked<unknown>[],
  content: readonly PageChecked<unknown>[],
): PageFailure | undefined {
  const failures = [...signatures, ...content].filter((r): r is PageFailure => !r.ok);
  return failures.reduce<PageFailure | undefined>((best, f) => (best === undefined || f.at < best.at ? f : best), undefined);
}
