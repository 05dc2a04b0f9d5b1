/**
 * The office's roster (名册): who may pre-review, sign off and withdraw, with which
 * passkeys, and from when until when. It is signed by the office's root key, which
 * is kept offline (docs/keys.md), and travels to every device through the feed, so
 * a device checks each approval against people, not against a server key
 * (预审制度 第七条, 责任追究制度 第二条: named people answer for what is disclosed).
 *
 * A person removed from the office is not deleted from the roster: their `until` is
 * set, so approvals they gave before it stay good and any dated after it do not.
 */
import * as v from 'valibot';
import { ROLES } from './roles.ts';
import type { KeyRing } from './signing.ts';

export const ROSTER_VERSION = 1;

const isoTime = v.pipe(v.string(), v.isoTimestamp('时间格式应为 ISO 8601'));
const b64url = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,2048}$/, '应为 base64url'));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** A validity window: from (inclusive) until (exclusive, open when absent). */
const window = { from: isoTime, until: v.optional(isoTime) };

/** COSE algorithm numbers of the passkeys we accept: ES256 (-7), EdDSA (-8). */
export const PASSKEY_ALGS = [-7, -8] as const;

export const RosterCredential = v.object({
  /** The WebAuthn credential id. */
  id: b64url,
  alg: v.picklist(PASSKEY_ALGS, '只接受 ES256 或 EdDSA 通行密钥'),
  /** SubjectPublicKeyInfo (DER), base64url. */
  publicKey: b64url,
  ...window,
});
export type RosterCredential = v.InferOutput<typeof RosterCredential>;

export const RosterRole = v.object({ role: v.picklist(ROLES, '未知的角色'), ...window });

export const RosterPerson = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '人员编号只能用小写字母、数字和连字符')),
  name,
  department: v.optional(name),
  ...window,
  roles: v.pipe(v.array(RosterRole), v.maxLength(32)),
  credentials: v.pipe(v.array(RosterCredential), v.maxLength(16)),
});
export type RosterPerson = v.InferOutput<typeof RosterPerson>;

/** How many distinct people each step needs (the office's choice; 1 and 1 by default). */
export const Thresholds = v.object({
  prereview: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9)),
  signoff: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9)),
  withdraw: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9)),
});
export type Thresholds = v.InferOutput<typeof Thresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = { prereview: 1, signoff: 1, withdraw: 1 };

export const RosterPayload = v.object({
  v: v.literal(ROSTER_VERSION),
  kind: v.literal('roster'),
  /** The office, e.g. 清原满族自治县政务公开办. */
  office: name,
  /** Increases with every roster the root signs; a device never goes back to a lower one. */
  serial: v.pipe(v.number(), v.integer(), v.minValue(1)),
  issued: isoTime,
  /** A roster of demo people made by `npm start`: a production device refuses it. */
  demo: v.optional(v.boolean(), false),
  /** The WebAuthn relying party (the office workspace's host) and the origins its pages are served from. */
  rpId: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  origins: v.pipe(v.array(v.pipe(v.string(), v.url())), v.minLength(1), v.maxLength(8)),
  requireUserVerification: v.optional(v.boolean(), true),
  thresholds: v.optional(Thresholds, DEFAULT_THRESHOLDS),
  people: v.pipe(v.array(RosterPerson), v.maxLength(2000)),
});
export type Roster = v.InferOutput<typeof RosterPayload>;

/** Which role may take each signed step. */
export const STEP_ROLE = { prereview: 'prereview', signoff: 'signoff', withdraw: 'signoff' } as const;
export type ApprovalStepName = keyof typeof STEP_ROLE;

const inWindow = (w: { from: string; until?: string | undefined }, at: number) =>
  Date.parse(w.from) <= at && (w.until === undefined || at < Date.parse(w.until));

/** The person, if they were on the roster at `at`. */
export function personAt(roster: Roster, id: string, at: number): RosterPerson | undefined {
  const p = roster.people.find((x) => x.id === id);
  return p && inWindow(p, at) ? p : undefined;
}

export function heldRoleAt(p: RosterPerson, role: string, at: number): boolean {
  return p.roles.some((r) => r.role === role && inWindow(r, at));
}

export function credentialAt(p: RosterPerson, credentialId: string, at: number): RosterCredential | undefined {
  const c = p.credentials.find((x) => x.id === credentialId);
  return c && inWindow(c, at) ? c : undefined;
}

export type RosterCheck =
  | { ok: true; roster: Roster }
  | { ok: false; code: 'roster-signature' | 'roster-malformed' | 'roster-demo' | 'roster-rollback'; message: string };

/**
 * A roster envelope checked against the office's root keys (device config), never the
 * feed's server key: whoever holds the server key cannot add a person. A demo roster is
 * refused unless the device's config accepts it; an older serial than one already seen
 * is refused (a rollback would bring back a removed person).
 */
export async function verifyRoster(
  env: unknown,
  roots: KeyRing,
  o: { acceptDemo: boolean; minSerial?: number | undefined },
): Promise<RosterCheck> {
  const signed = await roots.verify(env);
  if (!signed.ok) return { ok: false, code: 'roster-signature', message: `名册未经本办根密钥签名:${signed.message}` };
  const parsed = v.safeParse(RosterPayload, signed.payload);
  if (!parsed.success) return { ok: false, code: 'roster-malformed', message: `名册格式有误:${parsed.issues[0]?.message ?? ''}` };
  const roster = parsed.output;
  if (roster.demo && !o.acceptDemo) return { ok: false, code: 'roster-demo', message: '这是演示名册,正式设备不予采信' };
  if (o.minSerial !== undefined && roster.serial < o.minSerial)
    return { ok: false, code: 'roster-rollback', message: `名册序号 ${roster.serial} 早于已采用的 ${o.minSerial}` };
  return { ok: true, roster };
}
