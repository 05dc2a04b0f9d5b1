/**
 * A few hundred malformed, oversized, wrong-type and hostile requests against
 * the intake of a real hub process: every answer is a 4xx with a JSON body
 * {error, message} in Chinese, the process stays up, and afterwards a good
 * submission is still stored — and nothing else was.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TestDevice } from '../../e2e/support/device.ts';
import { type HubProcess, spawnHub } from '../../e2e/support/hub-process.ts';
import { sealTestSubmission } from '../../e2e/support/intake.ts';
import type { IntakeConfig } from '../../src/contract/config.ts';
import { Inbox } from '../office/inbox.ts';

let hub: HubProcess;
let contentDir: string;
let block: IntakeConfig;

beforeAll(async () => {
  contentDir = await mkdtemp(join(tmpdir(), 'zwgk-empty-content-'));
  hub = await spawnHub({
    contentDir,
    env: {
      INTAKE_LIMITS: JSON.stringify({
        perAddress: { burst: 1500, perMinute: 60 },
        perDevice: { burst: 1500, perMinute: 60 },
        track: { burst: 300, perMinute: 60 },
      }),
    },
  });
  block = JSON.parse(await readFile(join(hub.dataDir, 'keys/intake-config.json'), 'utf8'));
}, 90_000);

afterAll(async () => {
  await hub.kill();
  await rm(hub.dataDir, { recursive: true, force: true });
  await rm(contentDir, { recursive: true, force: true });
});

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const BAD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(70_000),
  [],
  {},
  true,
  '<script>alert(1)</script>',
  "'; DROP TABLE intake_submissions; --",
  '\u0000\u202e',
  '../../etc/passwd',
  { $gt: '' },
  [[[[[[[[[[]]]]]]]]]],
];

interface Sent {
  what: string;
  status: number;
  body: string;
  contentType: string;
}

async function send(what: string, init: RequestInit & { path?: string }): Promise<Sent> {
  const res = await fetch(`${hub.url}${init.path ?? '/api/intake/submissions'}`, { method: 'POST', ...init });
  return { what, status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}
const json = (what: string, body: unknown) =>
  send(what, { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('hundreds of malformed requests: only 4xx with a Chinese JSON message, the hub alive, nothing stored', async () => {
  // A phone's submission: the anonymous door strangers can reach (a kiosk's must also be signed, hub/devices/).
  const good = await sealTestSubmission(block, { content: { what: '模糊测试用的正常投诉' }, identity: { name: '测试' }, source: 'phone' });
  const text = JSON.stringify(good);
  const sent: Sent[] = [];

  // Every field, and every field of the sealed parts, replaced by every bad value; and each one left out.
  const paths: string[][] = [
    ...Object.keys(good).map((k) => [k]),
    ...['keyId', 'enc', 'ct'].flatMap((k) => [
      ['content', k],
      ['identity', k],
    ]),
  ];
  for (const path of paths) {
    // Leaving out an optional field (the identity of an anonymous complaint, the kiosk's name) is not malformed.
    const optional = ['identity', 'deviceName', 'subject'].includes(path.join('.'));
    // A kiosk's name is free text: markup or SQL in it is only text (checked below), not malformed.
    const values = path[0] === 'deviceName' ? BAD_VALUES.filter((x) => typeof x !== 'string' || !/^[<'.]/.test(x)) : BAD_VALUES;
    for (const bad of optional ? values : [...values, undefined]) {
      const body = structuredClone(good) as Record<string, unknown>;
      let target = body;
      for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
      if (bad === undefined) delete target[path.at(-1)!];
      else target[path.at(-1)!] = bad;
      // A fresh id each time (unless the id is what is broken), so no request is a replay of an earlier one.
      if (path[0] !== 'id') body.id = crypto.randomUUID();
      sent.push(await json(`${path.join('.')} = ${JSON.stringify(bad)?.slice(0, 30)}`, body));
    }
  }
  // Truncated, garbled and random bodies.
  for (let i = 0; i < 40; i++) sent.push(await json(`truncated ${i}`, text.slice(0, Math.floor(random() * text.length))));
  for (let i = 0; i < 30; i++) {
    const bytes = new Uint8Array(1 + Math.floor(random() * 2000)).map(() => Math.floor(random() * 256));
    sent.push(await send(`random bytes ${i}`, { headers: { 'content-type': 'application/json' }, body: bytes }));
  }
  // One structural character changed. (A changed character inside the ciphertext is well-formed: the hub cannot
  // tell, the device's receipt check and the office's decryption do — see hub/office/inbox.ts.)
  const structural = [...text].flatMap((c, i) => ('{}[]:,"'.includes(c) ? [i] : []));
  for (let i = 0; i < 30; i++) {
    const pos = structural[Math.floor(random() * structural.length)]!;
    const by = '{}[]:,"x'.replace(text[pos]!, '')[Math.floor(random() * 7)]!;
    sent.push(await json(`structure ${i} (${text[pos]} → ${by} at ${pos})`, text.slice(0, pos) + by + text.slice(pos + 1)));
  }
  for (const v of ['null', '0', '"x"', 'true', '[]', '[1,2]', '{}', '{"v":1}', '1e999', '-', '', ' ', '\u0000'])
    sent.push(await json(`primitive ${v}`, v));
  // Hostile shapes.
  sent.push(await json('deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`));
  sent.push(await json('deep object', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`));
  sent.push(await json('__proto__', `{"__proto__":{"polluted":true},${text.slice(1)}`));
  sent.push(await json('constructor', { ...good, id: crypto.randomUUID(), constructor: { prototype: { polluted: true } } }));
  sent.push(await json('oversized', { ...good, id: crypto.randomUUID(), padding: 'x'.repeat(200_000) }));
  sent.push(await json('huge array', `[${'1,'.repeat(40_000)}1]`));
  sent.push(
    await json('wrong tracking check character', {
      ...good,
      id: crypto.randomUUID(),
      trackingCode: `${good.trackingCode.slice(0, 11)}${good.trackingCode.at(-1) === '0' ? '1' : '0'}`,
    }),
  );
  sent.push(await json('unknown kind', { ...good, id: crypto.randomUUID(), kind: 'petition' }));
  sent.push(await json('future version', { ...good, id: crypto.randomUUID(), v: 2 }));
  // Wrong types and methods.
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'image/png',
    'application/jsonx',
  ])
    sent.push(await send(`content-type ${type}`, { headers: { 'content-type': type }, body: text }));
  sent.push(await send('no content-type', { body: new Blob([text]) }));
  sent.push(await send('gzip body', { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(text) }));
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'])
    sent.push(await send(`method ${method}`, { method, ...(method === 'GET' ? {} : { body: text }) }));
  // The status lookup.
  for (const code of [
    'x',
    '0'.repeat(12),
    'ABCDEFGHJKMN',
    '%00',
    '..%2F..%2Fhub.sqlite',
    '😀'.repeat(20),
    'A'.repeat(5000),
    "1' OR '1'='1",
  ])
    sent.push(await send(`track ${code.slice(0, 20)}`, { method: 'GET', path: `/api/intake/track/${code}` }));

  expect(sent.length).toBeGreaterThan(300);
  const bad = sent.filter((s) => s.status < 400 || s.status >= 500);
  expect(bad.map((s) => `${s.what} → ${s.status}`)).toEqual([]);
  for (const s of sent) {
    expect(s.contentType, s.what).toContain('application/json');
    const body = JSON.parse(s.body) as { error: string; message: string };
    expect(typeof body.error, s.what).toBe('string');
    expect(body.message, s.what).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(hub.alive()).toBe(true);
  expect((await fetch(`${hub.url}/healthz`)).ok).toBe(true);
  expect({} as Record<string, unknown>).not.toHaveProperty('polluted');

  // The hub still takes a good submission, and that is all it stored.
  expect((await json('good', good)).status).toBe(201);
  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  expect(inbox.list().map((r) => r.id)).toEqual([good.id]);
  // Markup and SQL in free text are stored as text: the table is still there, the name byte for byte.
  // A kiosk's name, from a kiosk enrolled on this (demo) hub: its submission is signed.
  const kiosk = await TestDevice.create();
  const claim = kiosk.claimBody('default');
  const claimed = await fetch(`${hub.url}/api/devices/v1/claims`, {
    method: 'POST',
    body: claim,
    headers: await kiosk.headers('POST', '/api/devices/v1/claims', claim),
  });
  expect((await claimed.json()).state).toBe('enrolled');
  const sql = await sealTestSubmission(block, { content: { what: '名字里有 SQL' }, device: kiosk.id });
  const hostileName = "'; DROP TABLE intake_submissions; -- <script>alert(1)</script>";
  const hostile = JSON.stringify({ ...sql, deviceName: hostileName });
  const stored = await fetch(`${hub.url}/api/intake/submissions`, {
    method: 'POST',
    body: hostile,
    headers: await kiosk.headers('POST', '/api/intake/submissions', hostile),
  });
  expect(stored.status).toBe(201);
  expect(inbox.list().map((r) => [r.id, r.device_name])).toEqual([
    [good.id, null],
    [sql.id, hostileName],
  ]);
  inbox.close();
}, 180_000);

test('a flood from one address is answered 429 with Retry-After, and the hub stays up', async () => {
  const statuses = new Map<number, number>();
  const burst = await Promise.all(
    Array.from({ length: 1600 }, (_, i) =>
      fetch(`${hub.url}/api/intake/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"flood":${i}}`,
      }).then(async (r) => {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        await r.arrayBuffer();
      }),
    ),
  );
  expect(burst.length).toBe(1600);
  expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
  expect([...statuses.keys()].every((s) => s === 422 || s === 429)).toBe(true);
  expect(hub.alive()).toBe(true);
  expect((await fetch(`${hub.url}/healthz`)).ok).toBe(true);
}, 120_000);
