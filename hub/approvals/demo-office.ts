/**
 * The demo office `npm start` makes on a fresh machine, so the kiosk shows a full,
 * verified demo: an offline-style root key and four demo people (a drafter, a
 * pre-reviewer, a deliberation member, a leader), each with a passkey in software,
 * and a roster marked `demo` that the root key signs. A production device config
 * never accepts a demo roster (src/contract/roster.ts), so nothing made here can put
 * content on a real county's screens. Kept in var/keys/demo-office.json, outside git.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as v from 'valibot';
import type { Envelope } from '../../src/contract/feed.ts';
import type { Role } from '../../src/contract/roles.ts';
import { type Roster, RosterPayload } from '../../src/contract/roster.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { makeSoftPasskey, type SoftPasskey, type StoredPasskey } from './soft-passkey.ts';

export const DEMO_PEOPLE: readonly { id: string; name: string; department: string; roles: Role[] }[] = [
  { id: 'demo-drafter', name: '刘晓梅(演示)', department: '县政务公开办', roles: ['drafter'] },
  { id: 'demo-prereview', name: '李建华(演示)', department: '县政务公开预审小组', roles: ['prereview'] },
  { id: 'demo-deliberation', name: '赵文静(演示)', department: '县政务公开审议小组', roles: ['deliberation'] },
  { id: 'demo-leader', name: '王志强(演示)', department: '分管副县长', roles: ['signoff'] },
];

// From long ago: the demo content includes regulations approved years back.
const FROM = '2000-01-01T00:00:00+08:00';

export interface DemoOffice {
  root: SigningKey;
  roster: Roster;
  /** The roster signed by the root key, as devices receive it. */
  rosterEnvelope: Envelope;
  passkeys: ReadonlyMap<string, SoftPasskey>;
}

interface DemoFile {
  root: Awaited<ReturnType<typeof generateKeyFile>>;
  rpId: string;
  origins: string[];
  people: Record<string, StoredPasskey>;
}

/** Loads the demo office from `path`, making it on first run. `rpId`/`origins`: where the workspace is served. */
export async function loadOrCreateDemoOffice(
  path: string,
  rp: { rpId: string; origins: string[] },
): Promise<{ office: DemoOffice; created: boolean }> {
  let file: DemoFile | undefined;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as DemoFile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const created = !file;
  if (!file) {
    const people: Record<string, StoredPasskey> = {};
    for (const p of DEMO_PEOPLE) people[p.id] = await (await makeSoftPasskey({ ...rp, origin: rp.origins[0]!, from: FROM })).stored();
    file = { root: await generateKeyFile('demo-root'), ...rp, people };
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
  }
  const root = await importKeyFile(file.root);
  const passkeys = new Map<string, SoftPasskey>();
  for (const p of DEMO_PEOPLE) {
    const stored = file.people[p.id];
    if (!stored) throw new Error(`${path}: 缺少演示人员 ${p.id} 的密钥,请删除此文件后重新启动`);
    passkeys.set(p.id, await makeSoftPasskey({ rpId: file.rpId, origin: file.origins[0]!, from: FROM, restore: stored }));
  }
  const roster = v.parse(RosterPayload, {
    v: 1,
    kind: 'roster',
    office: '清原满族自治县政务公开办(演示)',
    serial: 1,
    issued: FROM,
    demo: true,
    rpId: file.rpId,
    origins: file.origins,
    people: DEMO_PEOPLE.map((p) => ({
      id: p.id,
      name: p.name,
      department: p.department,
      from: FROM,
      roles: p.roles.map((role) => ({ role, from: FROM })),
      credentials: [passkeys.get(p.id)!.credential],
    })),
  });
  const rosterEnvelope = await signEnvelope(roster, root.id, root.privateKey);
  return { office: { root, roster, rosterEnvelope, passkeys }, created };
}
