/**
 * Issue 12 on the hub: with a roster, 预审 and 签发 each carry the person's own passkey
 * signature, checked as devices check it before anything is published, and the feed gets the
 * signatures and the roster. Passkeys here are software ones (hub/approvals/soft-passkey.ts)
 * making the same WebAuthn assertions a browser makes; e2e/office-workflow.spec.ts does it with
 * Chromium's authenticator.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApprovalVerifier } from '../../src/contract/approvals.ts';
import { RosterPayload } from '../../src/contract/roster.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import type { DraftContent } from '../../src/contract/workflow-content.ts';
import type { PersonIdentity } from '../access.ts';
import { makeSoftPasskey, type SoftPasskey } from '../approvals/soft-passkey.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { readFeed } from '../publish/feed-writer.ts';
import { buildHub } from '../server.ts';

let dir: string;
let app: FastifyInstance;
let root: SigningKey;
const keys = new Map<string, SoftPasskey>();
let stranger: SoftPasskey;
const FROM = '2026-01-01T00:00:00Z';
const clock = new Date('2026-12-07T01:00:00Z'); // Monday 09:00 in the county
const RP = { rpId: 'localhost', origin: 'http://localhost' };

const people: Record<string, PersonIdentity> = {
  dr: { id: 'p-dr', name: '王起草', roles: ['drafter'], department: '县交通运输局' },
  pre: { id: 'p-pre', name: '赵预审', roles: ['prereview'] },
  del: { id: 'p-del', name: '钱审议', roles: ['deliberation'] },
  sign: { id: 'p-sign', name: '孙领导', roles: ['signoff'] },
  admin: { id: 'p-admin', name: '管理员', roles: ['admin'] },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-signatures-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const signing = await importKeyFile(await generateKeyFile('test'));
  root = await importKeyFile(await generateKeyFile('root'));
  for (const p of Object.values(people)) keys.set(p.id, await makeSoftPasskey({ ...RP, from: FROM }));
  stranger = await makeSoftPasskey({ ...RP, from: FROM });
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    cases: { signingKey: signing },
    roster: { roots: [root.trusted], office: '测试县政务公开办' },
    now: () => clock,
  });
  app.identify.person = async (req) => people[String(req.headers['x-test-person'] ?? '')] ?? null;
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

type Who = keyof typeof people;
const as = (who: Who, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    // The workspace's host: passkeys are bound to it (the roster's rpId and origins).
    headers: { 'x-test-person': who, host: 'localhost', origin: 'http://localhost' },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const act = (who: Who, id: number, body: unknown) => as(who, 'POST', `/api/office/v1/workflow/drafts/${id}/actions`, body);
const sig = (who: Who, step: 'prereview' | 'signoff' | 'withdraw', hash: string, by = keys.get(people[who]!.id)!) =>
  by.approve({ step, person: people[who]!.id, at: clock.toISOString(), revisions: [hash] });

const roster = (serial: number) =>
  v.parse(RosterPayload, {
    v: 1,
    kind: 'roster',
    office: '测试县政务公开办',
    serial,
    issued: new Date().toISOString(),
    rpId: RP.rpId,
    origins: [RP.origin],
    people: Object.values(people).map((p) => ({
      id: p.id,
      name: p.name,
      from: FROM,
      roles: p.roles.map((role) => ({ role, from: FROM })),
      credentials: [keys.get(p.id)!.credential],
    })),
  });

const content: DraftContent = {
  kind: 'notice',
  channel: 'public',
  category: 'other-public',
  cadence: 'one-off',
  title: '关于G202线清原段道路施工期间交通管制的告示',
  body: '因道路施工,G202线清原段实行交通管制。',
  publishedAt: '2026-12-07',
  notice: {
    type: 'execution',
    periodStart: '2026-12-07',
    periodEnd: '2026-12-18',
    basis: { cause: '路面大修', time: '施工期间', place: 'G202线清原段K12至K18', scope: '过往车辆' },
    impact: '施工期间单向通行',
    measures: '设置绕行标志,咨询电话 53034645',
  },
};

test('预审 and 签发 need the person’s own signature over exactly this revision, by a passkey on the signed roster; the feed carries them', async () => {
  const made = await as('dr', 'POST', '/api/office/v1/workflow/drafts', { content });
  expect(made.statusCode).toBe(201);
  const d = made.json() as { id: number; hash: string };
  expect((await act('dr', d.id, { type: 'submit' })).json()).toMatchObject({ state: 'prereview' });

  // Without a signature, and before the office imported any roster: refused with what to do.
  expect((await act('pre', d.id, { type: 'prereview-pass', hash: d.hash })).json()).toMatchObject({ error: 'signature-required' });
  const noRoster = await act('pre', d.id, { type: 'prereview-pass', hash: d.hash, approval: await sig('pre', 'prereview', d.hash) });
  expect(noRoster.statusCode).toBe(409);
  expect(noRoster.json().message).toContain('本办还没有导入经根密钥签署的名册');

  // A roster not signed by the office's root is refused; the real one is taken, and never an older one after it.
  const forged = await signEnvelope(roster(1), 'someone', (await importKeyFile(await generateKeyFile('x'))).privateKey);
  expect((await as('admin', 'POST', '/api/office/v1/roster', forged)).statusCode).toBe(422);
  expect((await as('admin', 'POST', '/api/office/v1/roster', await signEnvelope(roster(2), root.id, root.privateKey))).statusCode).toBe(
    200,
  );
  const older = await as('admin', 'POST', '/api/office/v1/roster', await signEnvelope(roster(1), root.id, root.privateKey));
  expect(older.json().message).toBe('名册序号 1 早于已采用的 3');

  // A passkey not on the roster; a signature over another revision; the wrong step: each refused, the draft unmoved.
  const notOnRoster = await act('pre', d.id, {
    type: 'prereview-pass',
    hash: d.hash,
    approval: await sig('pre', 'prereview', d.hash, stranger),
  });
  expect(notOnRoster.json()).toMatchObject({ error: 'not-in-roster' });
  const other = await act('pre', d.id, { type: 'prereview-pass', hash: d.hash, approval: await sig('pre', 'prereview', 'b'.repeat(64)) });
  expect(other.json()).toMatchObject({ error: 'signature-stale' });
  const wrongStep = await act('pre', d.id, { type: 'prereview-pass', hash: d.hash, approval: await sig('pre', 'signoff', d.hash) });
  expect(wrongStep.json()).toMatchObject({ error: 'signature-mismatch' });
  // Someone else's signature presented as one's own.
  const borrowed = await act('pre', d.id, { type: 'prereview-pass', hash: d.hash, approval: await sig('sign', 'prereview', d.hash) });
  expect(borrowed.json()).toMatchObject({ error: 'signature-mismatch' });

  const passed = await act('pre', d.id, { type: 'prereview-pass', hash: d.hash, approval: await sig('pre', 'prereview', d.hash) });
  expect(passed.json()).toMatchObject({ state: 'deliberation' });
  const aspects = Object.fromEntries(['process', 'decision', 'result', 'focus'].map((k) => [k, { ok: true, note: '同意' }]));
  expect((await act('del', d.id, { type: 'deliberate', hash: d.hash, aspects })).json()).toMatchObject({ state: 'signoff' });
  const signed = await act('sign', d.id, { type: 'sign', hash: d.hash, approval: await sig('sign', 'signoff', d.hash) });
  expect(signed.json()).toMatchObject({ state: 'published' });

  // In the feed: the revision with both signatures and its drafter, the roster in the head; they verify as a kiosk checks them.
  const log = await readFeed(join(dir, 'feed'));
  const change = log.changes.at(-1)!;
  expect(change).toMatchObject({ op: 'upsert', drafter: 'p-dr' });
  expect(change.approvals).toHaveLength(2);
  expect(log.head?.roster).toBeDefined();
  const approvals = (await readFeed(join(dir, 'feed'))).approvals;
  const verifier = new ApprovalVerifier(roster(2));
  const check = await verifier.checkRevision({
    contentHash: d.hash,
    drafter: 'p-dr',
    approvals: (change.approvals ?? []).map((s) => approvals.get(s)),
  });
  expect(check).toMatchObject({ ok: true, preReview: [{ name: '赵预审' }], signOff: [{ name: '孙领导' }] });
});
