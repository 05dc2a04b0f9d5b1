/**
 * Fleet health on a real hub over HTTP with real SQLite (issue 14): who may call the
 * fleet routes, heartbeats stored once each and only when signed by the device they are
 * about, alarms raised and cleared by the rules (with the hub's clock moved), the webhook
 * retried until the receiver takes it, and remote actions signed with the feed key.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestDevice } from '../../e2e/support/device.ts';
import { BeatingDevice, heartbeat } from '../../e2e/support/fleet.ts';
import { HEARTBEAT_ENDPOINT, parseRemoteAction } from '../../src/contract/fleet.ts';
import { KeyRing } from '../../src/contract/signing.ts';
import { installAccess } from '../access.ts';
import { installAlarms } from '../alarms.ts';
import { openDb } from '../db.ts';
import { installDevices } from '../devices/plugin.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { installPeople } from '../people/plugin.ts';
import { installFleet } from './plugin.ts';

let dir: string;
let app: FastifyInstance;
let url: string;
let clock: Date;
let key: SigningKey;
let receiver: Server;
let received: { event: string; alarm: { kind: string }; device: { name: string } }[];
let failNext: number;

const at = (local: string) => new Date(`${local}+08:00`);

beforeEach(async () => {
  clock = at('2026-12-03T10:00:00');
  dir = await mkdtemp(join(tmpdir(), 'zwgk-fleet-'));
  await writeFile(
    join(dir, 'board.json'),
    JSON.stringify({ v: 1, name: '公开栏', mode: 'board', board: { quietHours: [{ from: '22:00', to: '07:00', mode: 'off' }] } }),
  );
  await writeFile(join(dir, 'default.json'), JSON.stringify({ v: 1, name: '触摸屏', mode: 'kiosk' }));
  received = [];
  failNext = 0;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const port = (receiver.address() as { port: number }).port;
  key = await importKeyFile(await generateKeyFile('test'));
  const db = openDb(join(dir, 'hub.sqlite'), []);
  app = Fastify();
  app.decorate('db', db);
  installAccess(app);
  installAlarms(app, () => clock);
  await installPeople(app, { now: () => clock });
  await installDevices(app, { db, configDir: dir, now: () => clock, log: () => undefined });
  await installFleet(app, {
    db,
    configDir: dir,
    now: () => clock,
    signingKey: key,
    checkMs: 3_600_000,
    webhook: { url: `http://127.0.0.1:${port}/hook`, firstMs: 20, maxMs: 50 },
  });
  app.addHook('onClose', async () => db.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterEach(async () => {
  await app.close();
  await new Promise((ok) => receiver.close(ok));
  await rm(dir, { recursive: true, force: true });
});

const enroll = (name: string, config = 'board') => BeatingDevice.enroll(url, app.devices, { name, place: '一楼大厅', config, at: clock });
const cookie = (roles: ('it' | 'admin' | 'secretary')[] = ['it']) => {
  const { person } = app.people.add({ name: 'IT', roles });
  return { cookie: `zwgk_session=${app.people.openSession(person.id)}` };
};
const fleet = async () =>
  (await (await fetch(`${url}/api/office/v1/fleet`, { headers: cookie() })).json()) as { devices: { name: string; status: string }[] };
const minutes = (n: number) => {
  clock = new Date(clock.getTime() + n * 60_000);
};

describe('who may call the fleet routes', () => {
  test('a stranger gets 401 on every fleet route; a person without the it or admin role gets 403', async () => {
    const d = await enroll('公开栏一');
    for (const [method, path] of [
      ['GET', '/api/office/v1/fleet'],
      ['GET', `/api/office/v1/fleet/${d.id}`],
      ['POST', `/api/office/v1/fleet/${d.id}/actions`],
      ['GET', '/api/office/v1/alarms'],
    ] as const) {
      const res = await fetch(url + path, {
        method,
        ...(method === 'POST' ? { body: '{"action":"sync"}', headers: { 'content-type': 'application/json' } } : {}),
      });
      expect(res.status, path).toBe(401);
    }
    expect((await fetch(`${url}/api/office/v1/fleet`, { headers: cookie(['secretary']) })).status).toBe(403);
    expect((await fetch(`${url}/api/office/v1/fleet`, { headers: cookie(['admin']) })).status).toBe(200);
  });

  test('a heartbeat without a valid device signature is refused and changes nothing', async () => {
    const d = await enroll('公开栏一');
    const body = JSON.stringify({ v: 1, beats: [heartbeat(d.id, clock)] });
    const unsigned = await fetch(url + HEARTBEAT_ENDPOINT, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    // Signed by a key the hub never approved, in the enrolled device's name.
    const stranger = await TestDevice.create();
    const forged = await fetch(url + HEARTBEAT_ENDPOINT, {
      method: 'POST',
      body,
      headers: await stranger.headers('POST', HEARTBEAT_ENDPOINT, body, { time: clock.getTime(), as: d.id }),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: string }).error).toBe('bad-signature');
    // Signed by the device, but the body changed on the way.
    const headers = await d.key.headers('POST', HEARTBEAT_ENDPOINT, body, { time: clock.getTime() });
    const tampered = await fetch(url + HEARTBEAT_ENDPOINT, { method: 'POST', body: body.replace('"seq":12', '"seq":13'), headers });
    expect(tampered.status).toBe(401);
    // An enrolled device reporting beats in another's name.
    const other = await enroll('公开栏二');
    expect((await other.send([heartbeat(d.id, clock)], clock.getTime())).status).toBe(403);
    expect(app.fleet.store.countBeats(d.id)).toBe(0);
    expect(app.fleet.store.last(d.id)).toBeUndefined();
  });
});

describe('heartbeats', () => {
  test('a beat sent twice (a lost reply) is stored once; an offline backlog arrives in one request, the newest beat is the latest', async () => {
    const d = await enroll('公开栏一');
    const beats = [0, 1, 2, 3].map((m) => heartbeat(d.id, new Date(clock.getTime() - (4 - m) * 60_000), { feed: { seq: 10 + m } }));
    expect((await d.send(beats.slice(0, 2), clock.getTime())).body).toMatchObject({ stored: 2, duplicates: 0 });
    expect((await d.send(beats, clock.getTime())).body).toMatchObject({ stored: 2, duplicates: 2 });
    expect(app.fleet.store.countBeats(d.id)).toBe(4);
    expect(app.fleet.store.last(d.id)!.beat.feed.seq).toBe(13);
    // An old beat arriving late does not replace the newest.
    await d.send([heartbeat(d.id, new Date(clock.getTime() - 3_600_000), { feed: { seq: 1 } })], clock.getTime());
    expect(app.fleet.store.last(d.id)!.beat.feed.seq).toBe(13);
    expect(app.fleet.store.days(d.id, '2026-12-01')).toMatchObject([{ day: '2026-12-03', beats: 5 }]);
  });

  test('a beat that is not well formed is refused whole, with the field named', async () => {
    const d = await enroll('公开栏一');
    const bad = { ...heartbeat(d.id, clock), screen: 'dancing' } as unknown as ReturnType<typeof heartbeat>;
    const r = await d.send([heartbeat(d.id, clock), bad], clock.getTime());
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('beats.1.screen');
    expect(app.fleet.store.countBeats(d.id)).toBe(0);
  });
});

describe('alarms', () => {
  test('a board silent for three minutes in its hours raises 未上报 and the webhook (retried until taken); its next beat clears it', async () => {
    const d = await enroll('城关镇公开栏');
    await d.send([heartbeat(d.id, clock)], clock.getTime());
    minutes(2);
    await app.fleet.monitor.check();
    expect(app.alarms.openWith('device:')).toEqual([]);
    failNext = 2;
    minutes(2);
    await app.fleet.monitor.check();
    expect(app.alarms.openWith('device:')).toMatchObject([{ kind: 'device-silent', subject: `device:${d.id}` }]);
    expect((await fleet()).devices).toMatchObject([{ name: '城关镇公开栏', status: 'silent' }]);
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    expect(received[0]).toMatchObject({ event: 'raised', alarm: { kind: 'device-silent' }, device: { name: '城关镇公开栏' } });
    // Checked again: still open, not raised twice.
    await app.fleet.monitor.check();
    minutes(1);
    await d.send([heartbeat(d.id, clock)], clock.getTime());
    expect(app.alarms.openWith('device:')).toEqual([]);
    await expect.poll(() => received.map((r) => r.event), { timeout: 5000 }).toEqual(['raised', 'cleared']);
  });

  test('a board asleep by its quiet hours raises nothing however long it is silent', async () => {
    clock = at('2026-12-03T21:58:00');
    const d = await enroll('夜间关屏的公开栏');
    await d.send([heartbeat(d.id, clock)], clock.getTime());
    for (let i = 0; i < 8; i++) {
      minutes(60);
      await app.fleet.monitor.check();
    }
    expect(app.alarms.openWith('device:')).toEqual([]);
    expect((await fleet()).devices).toMatchObject([{ status: 'quiet' }]);
    // 05:58: still asleep. 07:02: awake two minutes, not yet silent for three of them. 07:04: it is.
    minutes(64);
    await app.fleet.monitor.check();
    expect(app.alarms.openWith('device:')).toEqual([]);
    minutes(2);
    await app.fleet.monitor.check();
    expect(app.alarms.openWith('device:').map((a) => a.kind)).toEqual(['device-silent']);
  });

  test('stale content, a stuck outbox and full storage each raise their own alarm and clear on their own', async () => {
    const d = await enroll('服务中心触摸屏', 'default');
    const old = new Date(clock.getTime() - 3_600_000).toISOString();
    await d.send(
      [
        heartbeat(d.id, clock, {
          mode: 'kiosk',
          feed: { checkedAt: old },
          outbox: { depth: 2, oldestAt: old },
          storage: { used: 85, quota: 100 },
        }),
      ],
      clock.getTime(),
    );
    expect(app.alarms.openWith('device:').map((a) => a.kind)).toEqual(['feed-stale', 'outbox-stuck', 'storage-low']);
    minutes(1);
    await d.send([heartbeat(d.id, clock, { mode: 'kiosk', storage: { used: 85, quota: 100 } })], clock.getTime());
    expect(app.alarms.openWith('device:').map((a) => a.kind)).toEqual(['storage-low']);
    await expect
      .poll(
        () =>
          received
            .filter((r) => r.event === 'cleared')
            .map((r) => r.alarm.kind)
            .sort(),
        { timeout: 5000 },
      )
      .toEqual(['feed-stale', 'outbox-stuck']);
  });
});

describe('remote actions', () => {
  test('sync now is signed with the feed key, carried by every reply until the device answers, and the answer is kept', async () => {
    const d = await enroll('公开栏一');
    const res = await fetch(`${url}/api/office/v1/fleet/${d.id}/actions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'sync' }),
      headers: { ...cookie(), 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const first = (await d.send([heartbeat(d.id, clock)], clock.getTime())).body as { actions: unknown[] };
    expect(first.actions).toHaveLength(1);
    const verified = await new KeyRing([key.trusted]).verify(first.actions[0]);
    expect(verified.ok).toBe(true);
    const action = parseRemoteAction(verified.ok ? verified.payload : undefined)!;
    expect(action).toMatchObject({ device: d.id, action: 'sync' });
    // A key the device does not trust does not verify.
    const other = await importKeyFile(await generateKeyFile('other'));
    expect((await new KeyRing([{ ...other.trusted, id: key.id }]).verify(first.actions[0])).ok).toBe(false);
    expect(((await d.send([heartbeat(d.id, clock)], clock.getTime())).body as { actions: unknown[] }).actions).toHaveLength(1);
    await d.send(
      [heartbeat(d.id, clock, { acted: [{ id: action.id, result: 'done', message: '已同步到第 12 号变更' }] })],
      clock.getTime(),
    );
    expect(((await d.send([heartbeat(d.id, clock)], clock.getTime())).body as { actions: unknown[] }).actions).toHaveLength(0);
    expect(app.fleet.store.actions(d.id)).toMatchObject([{ action: 'sync', result: 'done', message: '已同步到第 12 号变更' }]);
    // Lapsed after 15 minutes unanswered.
    await fetch(`${url}/api/office/v1/fleet/${d.id}/actions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'reload' }),
      headers: { ...cookie(), 'content-type': 'application/json' },
    });
    minutes(16);
    expect(((await d.send([heartbeat(d.id, clock)], clock.getTime())).body as { actions: unknown[] }).actions).toHaveLength(0);
  });
});
