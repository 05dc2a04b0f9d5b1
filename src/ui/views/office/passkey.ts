/**
 * The browser half of office sign-in (hub/people/webauthn.ts): register a passkey from a
 * one-time link, sign in with one. What goes to the hub is the public key the browser
 * reports and the signed assertion; the private key never leaves the authenticator.
 */
import { fromBase64Url, toBase64Url } from '../../../contract/signing.ts';

const b64 = (b: ArrayBuffer) => toBase64Url(new Uint8Array(b));

export class PasskeyError extends Error {}

function explain(e: unknown): PasskeyError {
  const name = (e as Error).name;
  if (name === 'NotAllowedError') return new PasskeyError('已取消,或通行密钥没有响应。请重试,并按提示触碰安全密钥或验证指纹、PIN。');
  if (name === 'InvalidStateError') return new PasskeyError('这个安全密钥已经登记过了。');
  if (name === 'SecurityError') return new PasskeyError('通行密钥不能在这个地址下使用:请用工作台的域名打开(本机请用 http://localhost)。');
  return new PasskeyError(`通行密钥出错:${(e as Error).message}`);
}

export function passkeysAvailable(): boolean {
  return typeof PublicKeyCredential !== 'undefined' && typeof navigator.credentials?.create === 'function';
}

export async function createPasskey(o: {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials: string[];
}): Promise<{ id: string; clientDataJSON: string; authenticatorData: string; publicKey: string; alg: number }> {
  let cred: Credential | null;
  try {
    cred = await navigator.credentials.create({
      publicKey: {
        challenge: fromBase64Url(o.challenge),
        rp: o.rp,
        user: { id: fromBase64Url(o.user.id), name: o.user.name, displayName: o.user.displayName },
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -8 },
        ],
        excludeCredentials: o.excludeCredentials.map((id) => ({ type: 'public-key', id: fromBase64Url(id) })),
        // A phone, a laptop's fingerprint reader, or a USB security key for a PC with neither.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        attestation: 'none',
        timeout: 120_000,
      },
    });
  } catch (e) {
    throw explain(e);
  }
  if (!(cred instanceof PublicKeyCredential)) throw new PasskeyError('没有得到通行密钥');
  const r = cred.response as AuthenticatorAttestationResponse;
  const publicKey = r.getPublicKey();
  if (!publicKey) throw new PasskeyError('这个安全密钥的算法不受支持,请换一个');
  return {
    id: b64(cred.rawId),
    clientDataJSON: b64(r.clientDataJSON),
    authenticatorData: b64(r.getAuthenticatorData()),
    publicKey: b64(publicKey),
    alg: r.getPublicKeyAlgorithm(),
  };
}

export async function usePasskey(o: {
  challenge: string;
  rpId: string;
}): Promise<{ id: string; clientDataJSON: string; authenticatorData: string; signature: string }> {
  let cred: Credential | null;
  try {
    cred = await navigator.credentials.get({
      publicKey: { challenge: fromBase64Url(o.challenge), rpId: o.rpId, userVerification: 'required', timeout: 120_000 },
    });
  } catch (e) {
    throw explain(e);
  }
  if (!(cred instanceof PublicKeyCredential)) throw new PasskeyError('没有得到通行密钥');
  const r = cred.response as AuthenticatorAssertionResponse;
  return {
    id: b64(cred.rawId),
    clientDataJSON: b64(r.clientDataJSON),
    authenticatorData: b64(r.authenticatorData),
    signature: b64(r.signature),
  };
}
