/**
 * Approvals signed by the people who gave them (预审, 签发, 撤回), checked by every
 * device before it stores a revision. The office's server key alone can no longer
 * put anything on a public screen: each step is a WebAuthn assertion made with the
 * acting person's passkey over a digest of exactly what they approved, and the
 * roster (roster.ts, signed by the offline root key) says who held which role when.
 *
 * What a person signs (the WebAuthn challenge) is SHA-256 of the canonical JSON of
 * a statement: `{ v, step, person, at, revisions }`, where `revisions` are the
 * canonical content hashes (contentHash) of the revisions approved; one statement
 * may cover a whole period (期) of items, as 政务公开制度 四 describes the leader
 * signing each period. docs/feed.md ("Approvals") is the format for other offices.
 *
 * Usage:
 *   const verifier = new ApprovalVerifier(roster);
 *   const r = await verifier.checkRevision({ contentHash, drafter, approvals });
 *   if (!r.ok) log(r.code, r.message); else show(r.preReview, r.signOff);
 */
import * as v from 'valibot';
import { chinaMinute } from './china-time.ts';
import { type ApprovalStepName, credentialAt, heldRoleAt, personAt, type Roster, STEP_ROLE } from './roster.ts';
import { fromBase64Url, sha256Hex, toBase64Url } from './signing.ts';

export const APPROVAL_VERSION = 1;
const utf8 = new TextEncoder();

/** JSON with object keys sorted at every level and no white space: the same bytes everywhere. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** A revision's content hash: SHA-256 (hex) of its item's canonical JSON. Any changed byte changes it. */
export function contentHash(item: unknown): Promise<string> {
  return sha256Hex(utf8.encode(canonicalJson(item)));
}

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const b64url = (max: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.maxLength(max));

export const ApprovalStatement = v.object({
  v: v.literal(APPROVAL_VERSION),
  step: v.picklist(['prereview', 'signoff', 'withdraw']),
  /** The roster id of the person who signed. */
  person: v.pipe(v.string(), v.maxLength(64)),
  at: v.pipe(v.string(), v.isoTimestamp()),
  /** Content hashes of every revision approved by this one act, sorted. */
  revisions: v.pipe(v.array(hex64), v.minLength(1), v.maxLength(20_000)),
});
export type ApprovalStatement = v.InferOutput<typeof ApprovalStatement>;

/** One person's signed step, as it travels in the feed. */
export const PersonApproval = v.object({
  statement: ApprovalStatement,
  /** The WebAuthn credential id used. */
  credential: b64url(1024),
  authenticatorData: b64url(4096),
  clientDataJSON: b64url(4096),
  signature: b64url(512),
});
export type PersonApproval = v.InferOutput<typeof PersonApproval>;

/** The statement with its revisions sorted and unique, ready to sign. */
export function makeStatement(s: Omit<ApprovalStatement, 'v'>): ApprovalStatement {
  return { v: APPROVAL_VERSION, step: s.step, person: s.person, at: s.at, revisions: [...new Set(s.revisions)].sort() };
}

/** The WebAuthn challenge for a statement: SHA-256 of its canonical JSON. */
export async function statementChallenge(s: ApprovalStatement): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(canonicalJson(s))));
}

export type ApprovalRejectCode =
  | 'approval-malformed'
  | 'approval-challenge'
  | 'approval-origin'
  | 'approval-rp'
  | 'approval-presence'
  | 'approval-signature'
  | 'approval-unknown-person'
  | 'approval-removed'
  | 'approval-role'
  | 'approval-not-covering'
  | 'approval-self'
  | 'approval-same-person'
  | 'approval-order'
  | 'approval-missing';

export type Checked =
  | { ok: true; statement: ApprovalStatement; name: string; revisions: ReadonlySet<string> }
  | { ok: false; code: ApprovalRejectCode; message: string };

/** A verified fact to show: who did a step, and when. */
export interface VerifiedStep {
  person: string;
  name: string;
  at: string;
}

export type RevisionCheck =
  | { ok: true; preReview: VerifiedStep[]; signOff: VerifiedStep[] }
  | { ok: true; withdrawnBy: VerifiedStep[] }
  | { ok: false; code: ApprovalRejectCode; message: string };

/** An ECDSA signature as authenticators make it (ASN.1 DER) to the raw r‖s WebCrypto verifies. */
export function derToRawP256(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  // SEQUENCE { INTEGER r, INTEGER s }, short-form lengths (a P-256 signature is at most 72 bytes).
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const out = new Uint8Array(64);
  let i = 2;
  for (const slot of [0, 32]) {
    if (der[i] !== 0x02) return null;
    const len = der[i + 1] ?? 0;
    let int = der.subarray(i + 2, i + 2 + len);
    if (int.length !== len || len === 0) return null;
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    if (int.length > 32) return null;
    out.set(int, slot + 32 - int.length);
    i += 2 + len;
  }
  return i === der.length ? out : null;
}

const fail = (code: ApprovalRejectCode, message: string) => ({ ok: false as const, code, message });

/**
 * Checks approvals against one roster. Keeps what it has checked: a period's
 * sign-off covers thousands of revisions with one signature, checked once.
 */
export class ApprovalVerifier {
  private readonly checked = new Map<string, Promise<Checked>>();
  private readonly keys = new Map<string, Promise<CryptoKey>>();
  private readonly rpIdHash: Promise<string>;

  constructor(readonly roster: Roster) {
    this.rpIdHash = sha256Hex(utf8.encode(roster.rpId));
  }

  /** The same approval object, as a page's changes share it: parsed and compared once. */
  private readonly byObject = new WeakMap<object, Promise<Checked>>();

  /** One signed step: well formed, a real assertion by a roster member who held the step's role at the time. */
  check(raw: unknown): Promise<Checked> {
    if (raw === null || typeof raw !== 'object') return Promise.resolve(fail('approval-malformed', '审批签名格式有误'));
    let known = this.byObject.get(raw);
    if (!known) {
      known = this.checkParsed(raw);
      this.byObject.set(raw, known);
    }
    return known;
  }

  private checkParsed(raw: object): Promise<Checked> {
    const parsed = v.safeParse(PersonApproval, raw);
    if (!parsed.success) return Promise.resolve(fail('approval-malformed', '审批签名格式有误'));
    const a = parsed.output;
    let p = this.checked.get(a.signature);
    if (!p) {
      p = this.checkOnce(a);
      this.checked.set(a.signature, p);
    }
    // The same signature with another statement is not the same approval.
    return p.then((r) => (r.ok && canonicalJson(r.statement) !== canonicalJson(a.statement) ? this.checkOnce(a) : r));
  }

  private async checkOnce(a: PersonApproval): Promise<Checked> {
    const s = a.statement;
    const at = Date.parse(s.at);
    const person = this.roster.people.find((x) => x.id === s.person);
    if (!person) return fail('approval-unknown-person', `审批人 ${s.person} 不在名册中`);
    if (!personAt(this.roster, s.person, at))
      return fail('approval-removed', `${person.name} 在 ${chinaMinute(s.at)} 不在名册有效期内(已调离或尚未加入),其审批无效`);
    const role = STEP_ROLE[s.step as ApprovalStepName];
    if (!heldRoleAt(person, role, at))
      return fail('approval-role', `${person.name} 在 ${chinaMinute(s.at)} 不具有${STEP_NAMES[s.step]}所需的角色`);
    const cred = credentialAt(person, a.credential, at);
    if (!cred) return fail('approval-signature', `${person.name} 的通行密钥不在名册中或不在有效期内`);

    let client: { type?: unknown; challenge?: unknown; origin?: unknown };
    let clientBytes: Uint8Array<ArrayBuffer>;
    let auth: Uint8Array<ArrayBuffer>;
    let sig: Uint8Array<ArrayBuffer>;
    try {
      clientBytes = fromBase64Url(a.clientDataJSON);
      client = JSON.parse(new TextDecoder().decode(clientBytes));
      auth = fromBase64Url(a.authenticatorData);
      sig = fromBase64Url(a.signature);
    } catch {
      return fail('approval-malformed', '审批签名数据无法解析');
    }
    if (client.type !== 'webauthn.get') return fail('approval-malformed', '审批签名不是一次登录断言');
    if (client.challenge !== toBase64Url(await statementChallenge(s)))
      return fail('approval-challenge', `${person.name} 的签名不是对这份审批内容做出的`);
    if (typeof client.origin !== 'string' || !this.roster.origins.includes(client.origin))
      return fail('approval-origin', `审批签名来自未登记的网址 ${String(client.origin).slice(0, 80)}`);
    if (auth.length < 37 || hex(auth.subarray(0, 32)) !== (await this.rpIdHash))
      return fail('approval-rp', '审批签名不是为本办公平台做出的');
    const flags = auth[32] ?? 0;
    if (!(flags & 0x01)) return fail('approval-presence', '审批签名时本人不在场(未触碰密钥)');
    if (this.roster.requireUserVerification && !(flags & 0x04)) return fail('approval-presence', '审批签名未经本人验证(指纹或PIN)');

    const signed = new Uint8Array(auth.length + 32);
    signed.set(auth);
    signed.set(new Uint8Array(await crypto.subtle.digest('SHA-256', clientBytes)), auth.length);
    let good = false;
    try {
      const key = await this.key(cred.id, cred.alg, cred.publicKey);
      if (cred.alg === -7) {
        const raw = derToRawP256(sig);
        good = raw !== null && (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, signed));
      } else {
        good = await crypto.subtle.verify('Ed25519', key, sig, signed);
      }
    } catch {
      good = false;
    }
    if (!good) return fail('approval-signature', `${person.name} 的签名不符,内容可能在审批后被改动`);
    return { ok: true, statement: s, name: person.name, revisions: new Set(s.revisions) };
  }

  private key(id: string, alg: -7 | -8, spki: string): Promise<CryptoKey> {
    let k = this.keys.get(id);
    if (!k) {
      k = crypto.subtle.importKey('spki', fromBase64Url(spki), alg === -7 ? { name: 'ECDSA', namedCurve: 'P-256' } : 'Ed25519', false, [
        'verify',
      ]);
      this.keys.set(id, k);
    }
    return k;
  }

  /**
   * Whether a revision may be shown: enough distinct people of the 预审小组 and enough
   * 分管领导 (the roster's thresholds), each over this revision's content hash, nobody
   * approving their own draft, 预审 and 签发 by different people, 签发 after 预审.
   */
  async checkRevision(o: { contentHash: string; drafter?: string | undefined; approvals: readonly unknown[] }): Promise<RevisionCheck> {
    const steps = await this.validSteps(o.contentHash, o.drafter, o.approvals);
    if (!steps.ok) return steps;
    const t = this.roster.thresholds;
    const pre = firstDistinct(steps.byStep.prereview, t.prereview);
    if (!pre) return fail('approval-missing', `缺少预审:需要 ${t.prereview} 名预审小组成员签名`);
    const preDone = Date.parse(pre[pre.length - 1]!.at);
    const preIds = new Set(pre.map((p) => p.person));
    const sign = steps.byStep.signoff.filter((s) => !preIds.has(s.person));
    if (sign.length < steps.byStep.signoff.length && sign.length < t.signoff) return fail('approval-same-person', '预审和签发不能是同一人');
    const after = sign.filter((s) => Date.parse(s.at) >= preDone);
    const signOff = firstDistinct(after, t.signoff);
    if (!signOff) {
      if (sign.length > after.length) return fail('approval-order', '签发早于预审完成');
      return fail('approval-missing', `缺少签发:需要 ${t.signoff} 名分管领导签字`);
    }
    return { ok: true, preReview: pre, signOff };
  }

  /** Whether a withdrawal (撤回) of the revision with this content hash was signed by enough 分管领导. */
  async checkWithdrawal(o: { contentHash: string; approvals: readonly unknown[] }): Promise<RevisionCheck> {
    const steps = await this.validSteps(o.contentHash, undefined, o.approvals);
    if (!steps.ok) return steps;
    const by = firstDistinct(steps.byStep.withdraw, this.roster.thresholds.withdraw);
    if (!by) return fail('approval-missing', `撤回需要 ${this.roster.thresholds.withdraw} 名分管领导签字`);
    return { ok: true, withdrawnBy: by };
  }

  private async validSteps(
    hash: string,
    drafter: string | undefined,
    approvals: readonly unknown[],
  ): Promise<{ ok: true; byStep: Record<ApprovalStepName, VerifiedStep[]> } | { ok: false; code: ApprovalRejectCode; message: string }> {
    const byStep: Record<ApprovalStepName, VerifiedStep[]> = { prereview: [], signoff: [], withdraw: [] };
    if (approvals.length > 32) return fail('approval-malformed', '审批签名过多');
    // Every approval present must be good: a forged one is a sign of tampering, not noise to skip.
    for (const raw of approvals) {
      const c = await this.check(raw);
      if (!c.ok) return c;
      if (!c.revisions.has(hash))
        return fail('approval-not-covering', `${c.name} 的${STEP_NAMES[c.statement.step]}签名不是针对这一版本的内容`);
      if (drafter !== undefined && c.statement.person === drafter) return fail('approval-self', `${c.name} 不能审批自己起草的内容`);
      byStep[c.statement.step].push({ person: c.statement.person, name: c.name, at: c.statement.at });
    }
    for (const list of Object.values(byStep)) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return { ok: true, byStep };
  }
}

const STEP_NAMES: Record<ApprovalStatement['step'], string> = { prereview: '预审', signoff: '签发', withdraw: '撤回' };

/** The first `n` steps by distinct people, or null when there are fewer. */
function firstDistinct(steps: readonly VerifiedStep[], n: number): VerifiedStep[] | null {
  const out: VerifiedStep[] = [];
  for (const s of steps) if (!out.some((o) => o.person === s.person)) out.push(s);
  return out.length >= n ? out.slice(0, n) : null;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** What a withdrawal's signers approve: the item to take down and the reason given. */
export function withdrawalHash(w: { id: string; reason: string }): Promise<string> {
  return contentHash({ op: 'withdraw', id: w.id, reason: w.reason });
}
