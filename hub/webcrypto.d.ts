/** WebCrypto's type names, which the DOM library declares and Node keeps under node:crypto's webcrypto. */
import type { webcrypto } from 'node:crypto';

declare global {
  type CryptoKey = webcrypto.CryptoKey;
  type CryptoKeyPair = webcrypto.CryptoKeyPair;
  type BufferSource = webcrypto.BufferSource;
  type JsonWebKey = webcrypto.JsonWebKey;
}
