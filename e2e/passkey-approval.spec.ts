/**
 * The approval format against a real authenticator: Chromium's virtual passkey
 * (CDP WebAuthn) registers, then signs a statement's challenge as `signStep` does
 * (src/ui/views/office/sign-step.ts); the device-side verifier (src/contract/approvals.ts)
 * accepts it, and refuses it once the statement is changed.
 */
import * as v from 'valibot';
import { ApprovalVerifier, contentHash, makeStatement, statementChallenge } from '../src/contract/approvals.ts';
import { RosterPayload } from '../src/contract/roster.ts';
import { toBase64Url } from '../src/contract/signing.ts';
import { expect, test } from './support/fixtures.ts';

test('a passkey assertion made in Chromium verifies as a 签发 by the roster member who holds it', async ({ page, hub }) => {
  // WebAuthn takes a domain, not an IP address, as its relying party: the office is opened by name.
  const origin = hub.url.replace('127.0.0.1', 'localhost');
  await page.goto(`${origin}/healthz`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const registered = await page.evaluate(async () => {
    const cred = (await navigator.credentials.create({
      publicKey: {
        rp: { id: 'localhost', name: '县政务公开工作台' },
        user: { id: new TextEncoder().encode('wang-wu'), name: 'wang-wu', displayName: '王五' },
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { userVerification: 'required', residentKey: 'required' },
      },
    })) as PublicKeyCredential;
    const r = cred.response as AuthenticatorAttestationResponse;
    const b64 = (b: ArrayBuffer) =>
      btoa(String.fromCharCode(...new Uint8Array(b)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    return { id: b64(cred.rawId), publicKey: b64(r.getPublicKey()!), alg: r.getPublicKeyAlgorithm() };
  });
  expect(registered.alg).toBe(-7);

  const hash = await contentHash({ id: 'notice-1', rev: 1, title: '关于城区道路施工的告示' });
  const statement = makeStatement({ step: 'signoff', person: 'wang-wu', at: new Date().toISOString(), revisions: [hash] });
  const challenge = toBase64Url(await statementChallenge(statement));
  const assertion = await page.evaluate(
    async ({ challenge, id }) => {
      const d = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const b64 = (b: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(b)))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '');
      const cred = (await navigator.credentials.get({
        publicKey: {
          challenge: d(challenge),
          rpId: 'localhost',
          allowCredentials: [{ type: 'public-key', id: d(id) }],
          userVerification: 'required',
        },
      })) as PublicKeyCredential;
      const r = cred.response as AuthenticatorAssertionResponse;
      return { authenticatorData: b64(r.authenticatorData), clientDataJSON: b64(r.clientDataJSON), signature: b64(r.signature) };
    },
    { challenge, id: registered.id },
  );

  const from = '2020-01-01T00:00:00Z';
  const roster = v.parse(RosterPayload, {
    v: 1,
    kind: 'roster',
    office: '测试县政务公开办',
    serial: 1,
    issued: from,
    rpId: 'localhost',
    origins: [origin],
    people: [
      {
        id: 'wang-wu',
        name: '王五',
        from,
        roles: [{ role: 'signoff', from }],
        credentials: [{ id: registered.id, alg: -7, publicKey: registered.publicKey, from }],
      },
    ],
  });
  const verifier = new ApprovalVerifier(roster);
  const approval = { statement, credential: registered.id, ...assertion };
  const checked = await verifier.check(approval);
  expect(checked.ok, JSON.stringify(checked)).toBe(true);
  // The same signature over another revision's hash is not the same approval.
  const other = await contentHash({ id: 'notice-2', rev: 1, title: '另一则告示' });
  const moved = { ...approval, statement: { ...statement, revisions: [other] } };
  expect(await new ApprovalVerifier(roster).check(moved)).toMatchObject({ ok: false, code: 'approval-challenge' });
  // A roster that lists the page under another origin refuses it.
  expect(await new ApprovalVerifier({ ...roster, origins: ['https://office.example'] }).check(approval)).toMatchObject({
    ok: false,
    code: 'approval-origin',
  });
});
