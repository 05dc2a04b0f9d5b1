/**
 * The roster the hub keeps (hub/people/roster.ts): a draft drawn from the people enrolled, with
 * the windows of their roles and passkeys; a removed role and a disabled person keep their
 * `until`; in the demo a new roster is signed by the demo root only when something changed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { verifyRoster } from '../../src/contract/roster.ts';
import { KeyRing, signEnvelope } from '../../src/contract/signing.ts';
import { type Db, openDb } from '../db.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { RosterKeeper } from './roster.ts';
import { PeopleStore } from './store.ts';

let dir: string;
let db: Db;
let t = Date.parse('2026-12-01T01:00:00Z');
const now = () => new Date(t);
const RP = { rpId: 'zwgk.example.gov.cn', origins: ['https://zwgk.example.gov.cn'] };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-roster-'));
  db = openDb(join(dir, 'hub.sqlite'), []);
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

test('the draft has everyone enrolled with their roles’ and passkeys’ windows; a removed role and a disabled person keep their until', async () => {
  const people = new PeopleStore(db, now);
  const keeper = new RosterKeeper(db, people, { roots: [], office: '测试县政务公开办', now });
  const { person: li, token } = people.add({ name: '李县长', roles: ['signoff', 'prereview'] });
  t += 60_000;
  people.enroll(token, { id: 'cred-li', person: li.id, publicKey: 'AAAA', alg: -7, label: '指纹' });
  t += 60_000;
  people.setRoles(li.id, ['signoff']);
  const { person: zhao } = people.add({ name: '赵预审', roles: ['prereview'], department: '县政务公开办' });
  t += 60_000;
  people.disable(zhao.id);

  const draft = keeper.draft(RP);
  expect(draft).toMatchObject({ serial: 1, demo: false, rpId: RP.rpId, origins: RP.origins, office: '测试县政务公开办' });
  expect(draft.people.find((p) => p.id === li.id)).toEqual({
    id: li.id,
    name: '李县长',
    from: '2026-12-01T01:00:00.000Z',
    roles: [
      { role: 'signoff', from: '2026-12-01T01:00:00.000Z' },
      { role: 'prereview', from: '2026-12-01T01:00:00.000Z', until: '2026-12-01T01:02:00.000Z' },
    ],
    credentials: [{ id: 'cred-li', alg: -7, publicKey: 'AAAA', from: '2026-12-01T01:01:00.000Z' }],
  });
  expect(draft.people.find((p) => p.id === zhao.id)).toMatchObject({
    department: '县政务公开办',
    until: '2026-12-01T01:03:00.000Z',
    roles: [{ role: 'prereview', until: '2026-12-01T01:03:00.000Z' }],
  });
});

test('in the demo a new roster is signed by the demo root when people change, and only then; it keeps the demo people', async () => {
  const people = new PeopleStore(db, now);
  const root = await importKeyFile(await generateKeyFile('demo-root'));
  const first = await (async () => {
    const p = new PeopleStore(db, now);
    const k = new RosterKeeper(db, p, { roots: [], office: '演示', now });
    return k.draft(RP);
  })();
  const demoRoster = {
    ...first,
    demo: true,
    people: [{ id: 'demo-leader', name: '王志强(演示)', from: '2000-01-01T00:00:00Z', roles: [], credentials: [] }],
  };
  const keeper = new RosterKeeper(db, people, {
    roots: [],
    office: '演示',
    demo: { root, roster: demoRoster, envelope: await signEnvelope(demoRoster, root.id, root.privateKey) },
    now,
  });
  expect(keeper.current()?.roster.serial).toBe(1);
  people.add({ name: '新同事', roles: ['drafter'], department: '县交通运输局' });
  const second = await keeper.ensureDemo(RP);
  expect(second?.serial).toBe(2);
  expect(second?.people.map((p) => p.name)).toEqual(['王志强(演示)', '新同事']);
  const checked = await verifyRoster(keeper.current()!.envelope, new KeyRing([root.trusted]), { acceptDemo: true });
  expect(checked.ok).toBe(true);
  expect((await verifyRoster(keeper.current()!.envelope, new KeyRing([root.trusted]), { acceptDemo: false })).ok).toBe(false);
  // Nothing changed: no new roster.
  expect((await keeper.ensureDemo(RP))?.serial).toBe(2);
});
