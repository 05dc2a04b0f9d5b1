/**
 * Checks change signatures off the main thread, while the page validates the
 * same changes: Ed25519 in Chromium's WebCrypto
 * runs on the calling thread (measured: ~57 µs a signature, 10,000 per full
 * sync of a large feed), so a worker is what makes it overlap.
 */
import type { TrustedKey } from '../contract/config.ts';
import { KeyRing } from '../contract/signing.ts';
import { checkEnvelopeSignatures } from './verify.ts';

/** The page already parsed on the main thread: only the envelopes from `expectFirst` on travel here. */
export type SignatureRequest = { id: number; keys: TrustedKey[]; envelopes: unknown[]; expectFirst: number };

let ring: { json: string; keys: KeyRing } | undefined;

addEventListener('message', (event: MessageEvent<SignatureRequest>) => {
  const { id, keys, envelopes, expectFirst } = event.data;
  const json = JSON.stringify(keys);
  if (ring?.json !== json) ring = { json, keys: new KeyRing(keys) };
  void checkEnvelopeSignatures(envelopes, ring.keys, expectFirst).then((result) => postMessage({ id, result }));
});
