/**
 * Ed25519 envelopes with WebCrypto, the same code in the browser and in Node.
 * Verification answers with a reason code, never throws: every rejection is
 * logged with its reason and nothing is stored.
 */
import type { TrustedKey } from './config.ts';
import type { Envelope } from './feed.ts';

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function sha256Hex(data: BufferSource): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  let s = '';
  for (const b of d) s += b.toString(16).padStart(2, '0');
  return s;
}

const utf8 = new TextEncoder();

export async function signEnvelope(payload: unknown, keyId: string, privateKey: CryptoKey): Promise<Envelope> {
  const text = JSON.stringify(payload);
  const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', privateKey, utf8.encode(text)));
  return { payload: text, keyId, sig: toBase64Url(sig) };
}

export type RejectCode =
  | 'unsigned'
  | 'untrusted-key'
  | 'bad-signature'
  | 'malformed'
  | 'schema'
  | 'no-approval'
  | 'oversized'
  | 'rollback'
  | 'gap'
  | 'wrong-feed'
  | 'hash-mismatch'
  | 'network';

export type Verified = { ok: true; payload: unknown } | { ok: false; code: RejectCode; message: string };

/** Imports trusted keys once; a kiosk verifies thousands of changes with the same few keys. */
export class KeyRing {
  private readonly imported = new Map<string, Promise<CryptoKey>>();
  constructor(private readonly keys: readonly TrustedKey[]) {}

  private inWindow(k: TrustedKey, at: number): boolean {
    return (k.notBefore === undefined || Date.parse(k.notBefore) <= at) && (k.notAfter === undefined || at <= Date.parse(k.notAfter));
  }

  private key(k: TrustedKey): Promise<CryptoKey> {
    let p = this.imported.get(k.id);
    if (!p) {
      p = crypto.subtle.importKey('raw', fromBase64Url(k.publicKey), 'Ed25519', false, ['verify']);
      this.imported.set(k.id, p);
    }
    return p;
  }

  /** Whether key `id` is trusted for something signed at `at` (ms). */
  validAt(id: string, at: number): boolean {
    const k = this.keys.find((x) => x.id === id);
    return k !== undefined && this.inWindow(k, at);
  }

  /**
   * The signature alone: a trusted key id and a good Ed25519 signature over the
   * payload's bytes. The payload is not parsed (callers that parse it anyway
   * check the key's validity window with `validAt`).
   */
  async checkSignature(
    env: unknown,
  ): Promise<{ ok: true; payload: string; keyId: string } | { ok: false; code: RejectCode; message: string }> {
    if (typeof env !== 'object' || env === null) return { ok: false, code: 'malformed', message: '不是签名信封' };
    const e = env as Partial<Envelope>;
    if (typeof e.payload !== 'string') return { ok: false, code: 'malformed', message: '缺少 payload' };
    if (typeof e.sig !== 'string' || e.sig === '' || typeof e.keyId !== 'string') return { ok: false, code: 'unsigned', message: '未签名' };
    const trusted = this.keys.find((k) => k.id === e.keyId);
    if (!trusted) return { ok: false, code: 'untrusted-key', message: `密钥 ${e.keyId.slice(0, 64)} 不在信任列表中` };
    let good = false;
    try {
      const sig = fromBase64Url(e.sig);
      good = sig.length === 64 && (await crypto.subtle.verify('Ed25519', await this.key(trusted), sig, utf8.encode(e.payload)));
    } catch {
      good = false;
    }
    if (!good) return { ok: false, code: 'bad-signature', message: `签名不符(密钥 ${e.keyId}),内容可能在签名后被改动` };
    return { ok: true, payload: e.payload, keyId: e.keyId };
  }

  /**
   * Checks an envelope (parsed JSON of unknown shape) and parses its payload.
   * The key must be valid at `at`, or, without `at`, at the time the payload
   * says it was signed (its `at` or `issued`): a change signed before a key was
   * rotated out stays good.
   */
  async verify(env: unknown, at?: number): Promise<Verified> {
    const signed = await this.checkSignature(env);
    if (!signed.ok) return signed;
    let payload: { at?: unknown; issued?: unknown };
    try {
      payload = JSON.parse(signed.payload);
    } catch {
      return { ok: false, code: 'malformed', message: 'payload 不是合法 JSON' };
    }
    const when = at ?? Date.parse(String(payload?.at ?? payload?.issued));
    if (!this.validAt(signed.keyId, when))
      return { ok: false, code: 'untrusted-key', message: `密钥 ${signed.keyId} 在签名时间不在有效期内` };
    return { ok: true, payload };
  }
}
