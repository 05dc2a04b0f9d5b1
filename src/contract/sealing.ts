/**
 * Sealing and opening the parts of a submission with HPKE (RFC 9180, base
 * mode): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, from
 * @hpke/core on WebCrypto — the same code on the device, in the hub's tests and
 * in the office's tools. No home-made crypto here: this module only decides
 * what is sealed to which key, with which `info` and additional data.
 */
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { fromBase64Url, toBase64Url } from './signing.ts';
import { type SealedPart, SUBMISSION_LIMITS, type Submission, sealedHeader } from './submission.ts';

export const HPKE_SUITE = 'DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM';

export type PartName = 'identity' | 'content';

let suite: CipherSuite | undefined;
function hpke(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  return suite;
}

const utf8 = new TextEncoder();
/** RFC 9180 §5.1 `info`: names the application and the part, so a key pair is never used for two purposes by mistake. */
const info = (part: PartName) => utf8.encode(`zwgk-intake/v1/${part}`);

/** An office public key as the device config lists it: raw X25519, base64url. */
export interface OfficePublicKey {
  id: string;
  publicKey: string;
}

/** Pads JSON with spaces to a multiple of SUBMISSION_LIMITS.padTo bytes (JSON.parse ignores them). */
function padded(value: unknown): Uint8Array<ArrayBuffer> {
  const bytes = utf8.encode(JSON.stringify(value));
  const size = Math.ceil((bytes.length + 1) / SUBMISSION_LIMITS.padTo) * SUBMISSION_LIMITS.padTo;
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}

export async function sealPart(
  key: OfficePublicKey,
  part: PartName,
  header: Pick<Submission, 'id' | 'kind' | 'trackingCode' | 'subject'>,
  value: unknown,
): Promise<SealedPart> {
  const s = hpke();
  const recipientPublicKey = await s.kem.deserializePublicKey(fromBase64Url(key.publicKey));
  const plain = padded(value);
  const { ct, enc } = await s.seal({ recipientPublicKey, info: info(part) }, plain, utf8.encode(sealedHeader(header, part)));
  // Not kept: the plaintext buffer is overwritten as soon as it is sealed.
  plain.fill(0);
  return { keyId: key.id, enc: toBase64Url(new Uint8Array(enc)), ct: toBase64Url(new Uint8Array(ct)) };
}

/**
 * Opens a part with the office's private key: raw X25519 (32 bytes, the CLI reading a key file) or a
 * key pair whose private half is a non-extractable CryptoKey (the office's browser,
 * src/ui/views/office/inbox/keys.ts). Throws if the key, the header or the bytes do not match.
 */
export async function openPart(
  privateKey: Uint8Array<ArrayBuffer> | CryptoKeyPair,
  part: PartName,
  header: Pick<Submission, 'id' | 'kind' | 'trackingCode' | 'subject'>,
  sealed: SealedPart,
): Promise<unknown> {
  const s = hpke();
  const recipientKey = privateKey instanceof Uint8Array ? await s.kem.deserializePrivateKey(privateKey) : privateKey;
  const plain = await s.open(
    { recipientKey, enc: fromBase64Url(sealed.enc), info: info(part) },
    fromBase64Url(sealed.ct),
    utf8.encode(sealedHeader(header, part)),
  );
  return JSON.parse(new TextDecoder().decode(plain));
}

/** A new office key pair (raw X25519 keys, base64url). */
export async function generateOfficeKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const s = hpke();
  const pair = await s.kem.generateKeyPair();
  return {
    publicKey: toBase64Url(new Uint8Array(await s.kem.serializePublicKey(pair.publicKey))),
    privateKey: toBase64Url(new Uint8Array(await s.kem.serializePrivateKey(pair.privateKey))),
  };
}

/** PKCS#8 wrapping of a raw X25519 private key (RFC 8410), so WebCrypto can import it. */
const PKCS8_X25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];

/**
 * Imports an office key pair (raw X25519, base64url) as WebCrypto keys whose private half can
 * never be read back (extractable: false): it can open parts, and nothing can copy it out.
 * The public half is checked against the private one, so a mixed-up file is refused.
 */
export async function importOfficeKeyPair(privateKey: string, publicKey: string): Promise<CryptoKeyPair> {
  const raw = fromBase64Url(privateKey);
  if (raw.length !== 32) throw new Error('私钥长度不对(应为 32 字节的 X25519 私钥)');
  const der = new Uint8Array(PKCS8_X25519.length + 32);
  der.set(PKCS8_X25519);
  der.set(raw, PKCS8_X25519.length);
  raw.fill(0);
  const priv = await crypto.subtle.importKey('pkcs8', der, { name: 'X25519' }, false, ['deriveBits']);
  der.fill(0);
  const pub = await crypto.subtle.importKey('raw', fromBase64Url(publicKey), { name: 'X25519' }, true, []);
  // The pair must belong together: a sealed test message to the public half must open with the private one.
  const probe = { id: 'probe', kind: 'inquiry' as const, trackingCode: 'probe' };
  const sealed = await sealPart({ id: 'probe', publicKey }, 'content', probe, 'probe');
  const opened = await openPart({ privateKey: priv, publicKey: pub }, 'content', probe, sealed).catch(() => undefined);
  if (opened !== 'probe') throw new Error('私钥与公钥不是一对');
  return { privateKey: priv, publicKey: pub };
}

/** A new office key pair made in the browser: the private half is non-extractable from the start. */
export async function generateNonExtractableKeyPair(): Promise<{ pair: CryptoKeyPair; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as CryptoKeyPair;
  const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return { pair, publicKey };
}
