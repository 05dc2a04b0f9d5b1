/**
 * Checks page hashes and change signatures off the main thread, while the
 * page parses and validates the same pages: Ed25519 in Chromium's WebCrypto
 * runs on the calling thread (measured: ~57 µs a signature, 10,000 per full
 * sync of a large feed), so a worker is what makes it overlap.
 */
import type { TrustedKey } from '../contract/config.ts';
import type { PageRef } from '../contract/feed.ts';
import { KeyRing } from '../contract/signing.ts';
import { checkPageSignatures } from './verify.ts';

export type SignatureRequest = { id: number; keys: TrustedKey[]; bytes: ArrayBuffer; ref: PageRef; expectFirst: number };

let ring: { json: string; keys: KeyRing } | undefined;

addEventListener('message', (event: MessageEvent<SignatureRequest>) => {
  const { id, keys, bytes, ref, expectFirst } = event.data;
  const json = JSON.stringify(keys);
  if (ring?.json !== json) ring = { json, keys: new KeyRing(keys) };
  void checkPageSignatures(bytes, ref, ring.keys, expectFirst).then((result) => postMessage({ id, result }));
});
