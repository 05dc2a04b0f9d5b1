/**
 * A passkey in software: makes the same WebAuthn assertions a security key or a
 * phone makes (ES256, DER signature over authenticatorData ‖ SHA-256(clientDataJSON)).
 * For the demo people `npm start` makes and for tests and benchmarks that need
 * person-signed approvals without a browser. A real office never uses it: its people
 * sign in their browsers (src/ui/views/office/).
 */
import { webcrypto } from 'node:crypto';
import { makeStatement, type PersonApproval, statementChallenge } from '../../src/contract/approvals.ts';
import type { RosterCredential } from '../../src/contract/roster.ts';
import { fromBase64Url, toBase64Url } from '../../src/contract/signing.ts';

const utf8 = new TextEncoder();

export interface SoftPasskey {
  credential: RosterCredential;
  /** What to keep on disk to use it again (the demo office in var/keys/). */
  stored(): Promise<StoredPasskey>;
  /** Signs a statement the way navigator.credentials.get would, as `person`. */
  approve(o: { step: 'prereview' | 'signoff' | 'withdraw'; person: string; at: string; revisions: string[] }): Promise<PersonApproval>;
}

/** Raw r‖s (what WebCrypto makes) to ASN.1 DER (what authenticators send). */
function rawToDer(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return (v[0] ?? 0) & 0x80 ? Uint8Array.of(0x02, v.length + 1, 0, ...v) : Uint8Array.of(0x02, v.length, ...v);
  };
  const r = int(raw.subarray(0, 32));
  const s = int(raw.subarray(32));
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

export interface StoredPasskey {
  id: string;
  publicKey: string;
  privateKey: JsonWebKey;
}

export async function makeSoftPasskey(o: {
  rpId: string;
  origin: string;
  from: string;
  until?: string;
  /** Flags: user present and verified unless told otherwise (tests of refusals). */
  flags?: number;
  /** A passkey made before (`stored()`), instead of a new one. */
  restore?: StoredPasskey;
}): Promise<SoftPasskey> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  let privateKey: CryptoKey;
  let spki: Uint8Array;
  let id: string;
  if (o.restore) {
    privateKey = await webcrypto.subtle.importKey('jwk', o.restore.privateKey, alg, true, ['sign']);
    spki = fromBase64Url(o.restore.publicKey);
    id = o.restore.id;
  } else {
    const pair = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    privateKey = pair.privateKey;
    spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
    id = toBase64Url(webcrypto.getRandomValues(new Uint8Array(16)));
  }
  const rpIdHash = new Uint8Array(await webcrypto.subtle.digest('SHA-256', utf8.encode(o.rpId)));
  let counter = 0;
  return {
    credential: { id, alg: -7, publicKey: toBase64Url(spki), from: o.from, ...(o.until ? { until: o.until } : {}) },
    async stored() {
      return { id, publicKey: toBase64Url(spki), privateKey: await webcrypto.subtle.exportKey('jwk', privateKey) };
    },
    async approve(a) {
      const statement = makeStatement(a);
      const challenge = toBase64Url(await statementChallenge(statement));
      const clientDataJSON = utf8.encode(JSON.stringify({ type: 'webauthn.get', challenge, origin: o.origin, crossOrigin: false }));
      counter++;
      const auth = new Uint8Array(37);
      auth.set(rpIdHash);
      auth[32] = o.flags ?? 0x05;
      new DataView(auth.buffer).setUint32(33, counter);
      const signed = new Uint8Array(auth.length + 32);
      signed.set(auth);
      signed.set(new Uint8Array(await webcrypto.subtle.digest('SHA-256', clientDataJSON)), auth.length);
      const raw = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, signed));
      return {
        statement,
        credential: id,
        authenticatorData: toBase64Url(auth),
        clientDataJSON: toBase64Url(clientDataJSON),
        signature: toBase64Url(rawToDer(raw)),
      };
    },
  };
}
