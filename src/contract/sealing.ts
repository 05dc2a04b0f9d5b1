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

/** Opens a part with the office's private key (raw X25519, 32 bytes). Throws if the key, the header or the bytes do not match. */
export async function openPart(
  privateKey: Uint8Array<ArrayBuffer>,
  part: PartName,
  header: Pick<Submission, 'id' | 'kind' | 'trackingCode' | 'subject'>,
  sealed: SealedPart,
): Promise<unknown> {
  const s = hpke();
  const recipientKey = await s.kem.deserializePrivateKey(privateKey);
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
