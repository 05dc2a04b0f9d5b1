/** The whole check of a page, its two halves and how their verdicts merge, with real Ed25519 in Node. */
import { beforeAll, describe, expect, test } from 'vitest';
import { generateKeyFile, importKeyFile, type SigningKey } from '../../../hub/keys.ts';
import { batchText, type Envelope, type PageRef } from '../../contract/feed.ts';
import { KeyRing, sha256Hex, signEnvelope } from '../../contract/signing.ts';
import { checkContent, checkEnvelopeSignatures, checkPage, parsePage } from './verify.ts';

let key: SigningKey;
let rogue: SigningKey;
let ring: KeyRing;
const approval = {
  preReview: { by: '预审小组', at: '2026-11-10T10:00:00+08:00' },
  signOff: { by: '分管副县长', at: '2026-11-11T10:00:00+08:00' },
};
const item = (id: string) => ({
  id,
  rev: 1,
  kind: 'disclosure',
  channel: 'public',
  category: 'org-duties',
  cadence: 'long-term',
  title: `标题 ${id}`,
  department: '县政务公开办',
  bodyHtml: '<p>正文</p>',
  publishedAt: '2026-11-11',
  attachments: [],
});
const change = (seq: number, extra: Record<string, unknown> = {}) => ({
  v: 1,
  feed: 'f',
  seq,
  at: '2026-11-11T12:00:00Z',
  approval,
  op: 'upsert',
  item: item(`i${seq}`),
  ...extra,
});

async function page(envelopes: unknown[], first = 1, batches?: unknown[]): Promise<{ bytes: ArrayBuffer; ref: PageRef }> {
  const bytes = new TextEncoder().encode(
    JSON.stringify({ v: 1, first, last: first + envelopes.length - 1, changes: envelopes, ...(batches ? { batches } : {}) }),
  );
  const ref = { first, last: first + envelopes.length - 1, href: 'pages/p.json', sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
  return { bytes: bytes.buffer as ArrayBuffer, ref };
}

/** The content half alone, on the page's own parse. */
function contentOf(bytes: ArrayBuffer, ref: PageRef, keys: KeyRing, expectFirst = 1) {
  const parsed = parsePage(bytes, ref);
  if (!parsed.ok) throw new Error(parsed.message);
  return checkContent(parsed.value.changes, ref, keys, 'f', expectFirst);
}

async function check(envelopes: unknown[]) {
  const { bytes, ref } = await page(envelopes);
  const sig = await checkEnvelopeSignatures(envelopes, ring, 1);
  const content = contentOf(bytes, ref, ring);
  return { sig, content, first: await checkPage(bytes, ref, ring, 'f', 1) };
}

/** The office's signature over changes first..last at once (contract `Batch`), as the publisher writes it. */
async function batch(envelopes: Envelope[], first: number, signer = key, extra: Record<string, unknown> = {}): Promise<Envelope> {
  const sha256 = await sha256Hex(new TextEncoder().encode(batchText(envelopes.map((e) => e.payload))));
  const body = { v: 1, feed: 'f', first, last: first + envelopes.length - 1, at: '2026-11-11T12:00:00Z', sha256, ...extra };
  return signEnvelope(body, signer.id, signer.privateKey);
}

beforeAll(async () => {
  key = await importKeyFile(await generateKeyFile('office'));
  rogue = await importKeyFile(await generateKeyFile('rogue'));
  ring = new KeyRing([key.trusted]);
});

describe('page checks', () => {
  test('a good page passes both halves and yields its changes in order', async () => {
    const envs = [await signEnvelope(change(1), key.id, key.privateKey), await signEnvelope(change(2), key.id, key.privateKey)];
    const r = await check(envs);
    expect(r.first.ok && r.first.value.map((c) => c.seq)).toEqual([1, 2]);
  });

  test('on the same change the signature verdict wins: an unsigned change with no approval is "unsigned"', async () => {
    const env = await signEnvelope(change(1, { approval: undefined }), key.id, key.privateKey);
    const r = await check([{ payload: env.payload }]);
    expect(r.first).toMatchObject({ code: 'unsigned', at: 1 });
  });

  test('the earliest failure wins across halves', async () => {
    const good = await signEnvelope(change(1), key.id, key.privateKey);
    const noApproval = await signEnvelope(change(2, { approval: undefined }), key.id, key.privateKey);
    const forged = await signEnvelope(change(3), rogue.id, rogue.privateKey);
    const r = await check([good, noApproval, forged]);
    expect(r.sig).toMatchObject({ ok: false, code: 'untrusted-key', at: 3 });
    expect(r.content).toMatchObject({ ok: false, code: 'no-approval', at: 2 });
    expect(r.first).toMatchObject({ code: 'no-approval', at: 2 });
  });

  test('a payload edited after signing is a bad signature', async () => {
    const env = (await signEnvelope(change(1), key.id, key.privateKey)) as Envelope;
    const r = await check([{ ...env, payload: env.payload.replace('标题', '假标题') }]);
    expect(r.first).toMatchObject({ code: 'bad-signature' });
  });

  test('a page whose bytes differ from the head is refused before any change in it', async () => {
    const { bytes, ref } = await page([await signEnvelope(change(1), key.id, key.privateKey)]);
    const whole = await checkPage(bytes, { ...ref, sha256: '0'.repeat(64) }, ring, 'f', 1);
    expect(whole).toMatchObject({ ok: false, code: 'hash-mismatch', at: 0.5 });
  });

  test('a key outside its validity window at the change’s signing time is refused', async () => {
    const retired = new KeyRing([{ ...key.trusted, notAfter: '2026-01-01T00:00:00Z' }]);
    const { bytes, ref } = await page([await signEnvelope(change(1), key.id, key.privateKey)]);
    expect(contentOf(bytes, ref, retired)).toMatchObject({ ok: false, code: 'untrusted-key' });
    const stillGood = new KeyRing([{ ...key.trusted, notAfter: '2027-01-01T00:00:00Z' }]);
    expect((await checkPage(bytes, ref, stillGood, 'f', 1)).ok).toBe(true);
  });

  test('only the changes past the cursor are checked and returned', async () => {
    const envs = await Promise.all([1, 2, 3].map((n) => signEnvelope(change(n), key.id, key.privateKey)));
    const { bytes, ref } = await page(envs);
    const whole = await checkPage(bytes, ref, ring, 'f', 3);
    expect(whole.ok && whole.value.map((c) => c.seq)).toEqual([3]);
  });
});

describe('batch signatures', () => {
  const signedPage = async (n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => signEnvelope(change(i + 1), key.id, key.privateKey)));

  test('one signature covers a publishing run: its changes pass without their own signatures being checked', async () => {
    const envs = await signedPage(3);
    // Each change's own signature spoiled: only the batch's can make these pass.
    const bare = envs.map((e) => ({ ...e, sig: 'A'.repeat(86) }));
    const { bytes, ref } = await page(bare, 1, [await batch(envs, 1)]);
    const whole = await checkPage(bytes, ref, ring, 'f', 1);
    expect(whole.ok && whole.value.map((c) => c.seq)).toEqual([1, 2, 3]);
  });

  test('a change edited after the run was signed no longer matches its batch: bad-signature', async () => {
    const envs = await signedPage(2);
    const edited = [envs[0]!, { ...envs[1]!, payload: envs[1]!.payload.replace('标题', '假标题') }];
    const { bytes, ref } = await page(edited, 1, [await batch(envs, 1)]);
    expect(await checkPage(bytes, ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  test('a batch signed by an untrusted key, or by a key outside its window, refuses the page', async () => {
    const envs = await signedPage(2);
    const rogueBatch = await page(envs, 1, [await batch(envs, 1, rogue)]);
    expect(await checkPage(rogueBatch.bytes, rogueBatch.ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'untrusted-key' });
    const retired = new KeyRing([{ ...key.trusted, notAfter: '2026-01-01T00:00:00Z' }]);
    const late = await page(envs, 1, [await batch(envs, 1)]);
    expect(await checkPage(late.bytes, late.ref, retired, 'f', 1)).toMatchObject({ ok: false, code: 'untrusted-key' });
  });

  test('a batch of another feed or reaching outside its page is refused', async () => {
    const envs = await signedPage(2);
    const other = await page(envs, 1, [await batch(envs, 1, key, { feed: 'other' })]);
    expect(await checkPage(other.bytes, other.ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'wrong-feed' });
    const outside = await page(envs, 1, [await batch(envs, 1, key, { last: 3 })]);
    expect(await checkPage(outside.bytes, outside.ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'gap' });
  });

  test('a change no batch covers is checked on its own signature', async () => {
    const envs = await signedPage(2);
    const forged = await signEnvelope(change(3), rogue.id, rogue.privateKey);
    const { bytes, ref } = await page([...envs, forged], 1, [await batch(envs, 1)]);
    expect(await checkPage(bytes, ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'untrusted-key', at: 3 });
    const unsigned = await page([...envs, { payload: forged.payload }], 1, [await batch(envs, 1)]);
    expect(await checkPage(unsigned.bytes, unsigned.ref, ring, 'f', 1)).toMatchObject({ ok: false, code: 'unsigned', at: 3 });
  });
});
