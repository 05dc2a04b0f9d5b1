/**
 * A person signs one step (预审, 签发, 撤回) with their passkey, in the office's
 * browser: the WebAuthn challenge is the digest of exactly what they approve
 * (src/contract/approvals.ts), so the assertion travels with the revisions in the
 * feed and every kiosk can check who approved what. The hub only carries it.
 *
 * Usage:
 *   const approval = await signStep({ step: 'signoff', person: me.id, revisions: [hash] }, { rpId, credentialIds });
 */
import { makeStatement, type PersonApproval, statementChallenge } from '../../../contract/approvals.ts';
import { fromBase64Url, toBase64Url } from '../../../contract/signing.ts';

export class SignCancelled extends Error {}

export async function signStep(
  s: { step: 'prereview' | 'signoff' | 'withdraw'; person: string; revisions: string[]; at?: string },
  o: { rpId: string; credentialIds: readonly string[] },
): Promise<PersonApproval> {
  const statement = makeStatement({ ...s, at: s.at ?? new Date().toISOString() });
  let cred: Credential | null;
  try {
    cred = await navigator.credentials.get({
      publicKey: {
        challenge: await statementChallenge(statement),
        rpId: o.rpId,
        allowCredentials: o.credentialIds.map((id) => ({ type: 'public-key', id: fromBase64Url(id) })),
        // 本人验证 (fingerprint or PIN), not just a touch: the roster requires it by default.
        userVerification: 'required',
        timeout: 120_000,
      },
    });
  } catch (e) {
    throw new SignCancelled((e as Error).name === 'NotAllowedError' ? '已取消签名,或通行密钥未响应' : (e as Error).message);
  }
  if (!(cred instanceof PublicKeyCredential)) throw new SignCancelled('没有得到签名');
  const r = cred.response as AuthenticatorAssertionResponse;
  return {
    statement,
    credential: toBase64Url(new Uint8Array(cred.rawId)),
    authenticatorData: toBase64Url(new Uint8Array(r.authenticatorData)),
    clientDataJSON: toBase64Url(new Uint8Array(r.clientDataJSON)),
    signature: toBase64Url(new Uint8Array(r.signature)),
  };
}
