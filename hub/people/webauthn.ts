/**
 * Passkeys for office staff (WebAuthn Level 2), checked on the hub with WebCrypto alone:
 * registration takes the public key the browser reports (`getPublicKey()`, a
 * SubjectPublicKeyInfo, the same form the roster carries: src/contract/roster.ts), and
 * sign-in checks an assertion over a single-use challenge. No attestation is asked for:
 * the county trusts the link IT handed to the person, not the authenticator's maker.
 * Both require user verification (fingerprint, face or PIN), not just a touch.
 */
import { webcrypto } from 'node:crypto';
import { derToRawP256 } from '../../src/contract/approvals.ts';
import { fromBase64Url, toBase64Url } from '../../src/contract/signing.ts';

const utf8 = new TextEncoder();
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface RelyingParty {
  /** The host name the workspace is opened at (a domain or `localhost`, never an IP address). */
  id: string;
  /** The exact origin, e.g. `https://zwgk.example.gov.cn` or `http://localhost:8080`. */
  origin: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const no = (message: string) => ({ ok: false as const, message });

/** Single-use challenges, a few minutes each, at most `max` outstanding (a stranger cannot fill memory). */
export class Challenges {
  private readonly open = new Map<string, { expires: number; purpose: string }>();
  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly max = 2000,
  ) {}

  issue(purpose: string): string {
    const now = Date.now();
    for (const [k, v] of this.open) if (v.expires < now || this.open.size >= this.max) this.open.delete(k);
    const c = toBase64Url(webcrypto.getRandomValues(new Uint8Array(32)));
    this.open.set(c, { expires: now + this.ttlMs, purpose });
    return c;
  }

  /** Takes the challenge (once) if it was issued for `purpose` and has not expired. */
  take(challenge: unknown, purpose: string): boolean {
    if (typeof challenge !== 'string') return false;
    const c = this.open.get(challenge);
    this.open.delete(challenge);
    return c !== undefined && c.purpose === purpose && c.expires >= Date.now();
  }
}

function clientData(b64: string, type: string, rp: RelyingParty): Checked<{ challenge: string; bytes: Uint8Array<ArrayBuffer> }> {
  let bytes: Uint8Array<ArrayBuffer>;
  let c: { type?: unknown; challenge?: unknown; origin?: unknown };
  try {
    bytes = fromBase64Url(b64);
    c = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return no('通行密钥的应答无法解析');
  }
  if (c.type !== type) return no('通行密钥的应答类型不对');
  if (c.origin !== rp.origin) return no(`通行密钥的应答来自 ${String(c.origin)},不是本工作台 ${rp.origin}`);
  if (typeof c.challenge !== 'string') return no('通行密钥的应答缺少挑战值');
  return { ok: true, value: { challenge: c.challenge, bytes } };
}

async function authData(b64: string, rp: RelyingParty): Promise<Checked<Uint8Array<ArrayBuffer>>> {
  let a: Uint8Array<ArrayBuffer>;
  try {
    a = fromBase64Url(b64);
  } catch {
    return no('通行密钥的认证数据无法解析');
  }
  if (a.length < 37) return no('通行密钥的认证数据不完整');
  const want = new Uint8Array(await webcrypto.subtle.digest('SHA-256', utf8.encode(rp.id)));
  if (!want.every((b, i) => a[i] === b)) return no('通行密钥不是为本工作台登记的');
  const flags = a[32] ?? 0;
  if (!(flags & FLAG_UP)) return no('请触碰安全密钥或确认登录');
  if (!(flags & FLAG_UV)) return no('请用指纹、面容或 PIN 验证本人:本工作台要求本人验证');
  return { ok: true, value: a };
}

function importKey(spki: string, alg: number): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('spki', fromBase64Url(spki), alg === -7 ? { name: 'ECDSA', namedCurve: 'P-256' } : 'Ed25519', false, [
    'verify',
  ]) as Promise<CryptoKey>;
}

export interface Registration {
  id: string;
  clientDataJSON: string;
  authenticatorData: string;
  publicKey: string;
  alg: number;
}

/** A passkey registered in the person's browser, checked; the challenge is checked by the caller's `take`. */
export async function verifyRegistration(
  r: Registration,
  rp: RelyingParty,
  takeChallenge: (c: string) => boolean,
): Promise<Checked<{ id: string; publicKey: string; alg: -7 | -8 }>> {
  if (typeof r?.id !== 'string' || typeof r.publicKey !== 'string' || typeof r.alg !== 'number') return no('登记数据不完整');
  if (r.alg !== -7 && r.alg !== -8) return no('这个通行密钥的算法不受支持(须 ES256 或 EdDSA),请换一个安全密钥');
  const c = clientData(r.clientDataJSON, 'webauthn.create', rp);
  if (!c.ok) return c;
  if (!takeChallenge(c.value.challenge)) return no('登记已超时,请刷新页面重试');
  const a = await authData(r.authenticatorData, rp);
  if (!a.ok) return a;
  const bytes = a.value;
  if (!((bytes[32] ?? 0) & FLAG_AT) || bytes.length < 55) return no('通行密钥没有给出凭据');
  const len = ((bytes[53] ?? 0) << 8) | (bytes[54] ?? 0);
  const credentialId = toBase64Url(bytes.subarray(55, 55 + len));
  if (credentialId !== r.id) return no('通行密钥的凭据编号不一致');
  try {
    await importKey(r.publicKey, r.alg);
  } catch {
    return no('通行密钥的公钥无法读取');
  }
  return { ok: true, value: { id: r.id, publicKey: r.publicKey, alg: r.alg } };
}

export interface Assertion {
  id: string;
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
}

/** A sign-in assertion checked against the stored public key of the credential it names. */
export async function verifyAssertion(
  s: Assertion,
  key: { publicKey: string; alg: number },
  rp: RelyingParty,
  takeChallenge: (c: string) => boolean,
): Promise<Checked<null>> {
  const c = clientData(s.clientDataJSON, 'webauthn.get', rp);
  if (!c.ok) return c;
  if (!takeChallenge(c.value.challenge)) return no('登录已超时,请重试');
  const a = await authData(s.authenticatorData, rp);
  if (!a.ok) return a;
  const signed = new Uint8Array(a.value.length + 32);
  signed.set(a.value);
  signed.set(new Uint8Array(await webcrypto.subtle.digest('SHA-256', c.value.bytes)), a.value.length);
  let good = false;
  try {
    const k = await importKey(key.publicKey, key.alg);
    const sig = fromBase64Url(s.signature);
    if (key.alg === -7) {
      const raw = derToRawP256(sig);
      good = raw !== null && (await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k, raw, signed));
    } else good = await webcrypto.subtle.verify('Ed25519', k, sig, signed);
  } catch {
    good = false;
  }
  return good ? { ok: true, value: null } : no('通行密钥的签名不符');
}
