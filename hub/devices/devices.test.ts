/**
 * Enrollment through HTTP (Fastify inject) with real SQLite, and the CLI IT uses:
 * a claim must be signed by the key it claims for, claims are capped and expire,
 * approval is by claim code, revocation holds from the next request, and the demo's
 * auto-approval only ever happens for this machine itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestDevice } from '../../e2e/support/device.ts';
import { claimCode, normalizeClaimCode } from '../../src/contract/device.ts';
import { device as deviceAccess, installAccess } from '../access.ts';
import { AuditLog } from '../audit.ts';
import { openDb } from '../db.ts';
import { main } from './cli.ts';
import { installDevices } from './plugin.ts';

let dir: string;
let app: FastifyInstance;
let clock = new Date('2026-11-02T09:00:00+08:00');

async function hub(o: { autoApproveLoopback?: boolean; maxPending?: number } = {}) {
  const db = openDb(join(dir, 'hub.sqlite'), []);
  const a = Fastify();
  installAccess(a);
  await installDevices(a, {
    db,
    configDir: dir,
    now: () => clock,
    ...(o.autoApproveLoopback ? { autoApproveLoopback: true } : {}),
    claimLimits: { maxPending: o.maxPending ?? 200 },
    log: () => undefined,
  });
  a.get('/api/test/whoami', { config: { access: deviceAccess() } }, async (req) => req.who.device);
  a.addHook('onClose', async () => db.close());
  return a;
}

beforeEach(async () => {
  clock = new Date('2026-11-02T09:00:00+08:00');
  dir = await mkdtemp(join(tmpdir(), 'zwgk-devices-'));
  await writeFile(
    join(dir, 'office.json'),
    JSON.stringify({ v: 1, name: '政务公开办-内部公开屏', mode: 'kiosk', channels: ['public', 'internal'] }),
  );
  app = await hub();
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function claim(d: TestDevice, config = 'office', remoteAddress = '192.0.2.7') {
  const body = d.claimBody(config);
  return app.inject({
    method: 'POST',
    url: '/api/devices/v1/claims',
    payload: body,
    headers: await d.headers('POST', '/api/devices/v1/claims', body, { time: clock.getTime() }),
    remoteAddress,
  });
}
const status = async (d: TestDevice) =>
  app.inject({ url: '/api/devices/v1/status', headers: await d.headers('GET', '/api/devices/v1/status', '', { time: clock.getTime() }) });
const whoami = async (d: TestDevice) =>
  app.inject({ url: '/api/test/whoami', headers: await d.headers('GET', '/api/test/whoami', '', { time: clock.getTime() }) });

/** Runs the CLI as `npm run office -- device …` would (the office CLI hands the group the words after `device`). */
async function cli(group: 'device', ...argv: string[]): Promise<{ code: number; out: string }> {
  expect(group).toBe('device');
  let out = '';
  const code = await main(
    [...argv, '--data', dir],
    (s) => (out += `${s}\n`),
    (s) => (out += `${s}\n`),
  );
  return { code, out };
}

describe('claim codes', () => {
  test('8 symbols of an alphabet without 0/O/1/I, derived from the key; typed loosely, read strictly', async () => {
    const d = await TestDevice.create();
    expect(d.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(await claimCode(d.publicKey)).toBe(d.code);
    expect(normalizeClaimCode(` ${d.code.toLowerCase().replace('-', ' ')} `)).toBe(d.code);
    expect(normalizeClaimCode('ABCD-EFG0')).toBeUndefined();
    expect(normalizeClaimCode('ABC')).toBeUndefined();
  });
});

describe('enrollment', () => {
  test('a device claims, waits, is approved by code on the CLI, and from then on is who its signature says', async () => {
    const d = await TestDevice.create();
    const res = await claim(d);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ device: d.id, state: 'pending', code: d.code });
    expect(res.headers['x-zwgk-hub-time']).toBe(String(clock.getTime()));
    // Claiming again after a reload is the same claim.
    expect((await claim(d)).statusCode).toBe(200);
    expect((await whoami(d)).statusCode).toBe(403);

    const listed = await cli('device', 'list');
    expect(listed.out).toContain(`${d.id}  待批准  ${d.code}`);
    const approved = await cli(
      'device',
      'approve',
      d.code.toLowerCase(),
      '--name',
      '内部公开屏',
      '--place',
      '县政务公开办 203 室',
      '--channels',
      'public,internal',
    );
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('已批准');

    expect((await status(d)).json()).toMatchObject({
      state: 'enrolled',
      name: '内部公开屏',
      place: '县政务公开办 203 室',
      channels: ['public', 'internal'],
    });
    expect((await whoami(d)).json()).toEqual({ id: d.id, name: '内部公开屏', channels: ['public', 'internal'] });
    const audit = new AuditLog(openDb(join(dir, 'hub.sqlite'), [])).list({ subject: `device:${d.id}` });
    expect(audit.map((a) => [a.actor, a.action, a.to])).toEqual([['cli', 'device.approve', 'enrolled']]);

    // Revoked on the CLI: refused from the very next request, and the device can learn why.
    const revoked = await cli('device', 'revoke', d.id, '--reason', '设备送修');
    expect(revoked.code).toBe(0);
    const refused = await whoami(d);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'device-revoked', message: expect.stringContaining('本设备已被停用') });
    expect((await status(d)).json()).toMatchObject({ state: 'revoked' });
    expect((await cli('device', 'list')).out).not.toContain(d.id);
    expect((await cli('device', 'list', '--all')).out).toContain('已停用');
  });

  test('IT’s mistakes get a plain answer and change nothing', async () => {
    const d = await TestDevice.create();
    await claim(d);
    expect((await cli('device', 'approve', 'ABCD-EFG0', '--name', 'x', '--place', 'y')).out).toContain('不含 0、O、1、I');
    expect((await cli('device', 'approve', d.code, '--place', 'y')).out).toContain('--name');
    expect((await cli('device', 'approve', d.code, '--name', 'x', '--place', 'y', '--channels', 'secret')).out).toContain('频道只能是');
    expect((await cli('device', 'approve', 'ZZZZ-ZZZZ', '--name', 'x', '--place', 'y')).code).toBe(1);
    expect((await cli('device', 'revoke', 'no-such-device')).code).toBe(1);
    expect((await cli('device', 'frobnicate')).code).toBe(2);
    expect((await status(d)).json().state).toBe('pending');
  });

  test('a claim must be signed by the key it claims for, and one key is one device', async () => {
    const d = await TestDevice.create();
    const thief = await TestDevice.create();
    // Someone else's public key, signed with the thief's key.
    const body = JSON.stringify({ v: 1, device: thief.id, publicKey: d.publicKey, config: 'office' });
    const forged = await app.inject({
      method: 'POST',
      url: '/api/devices/v1/claims',
      payload: body,
      headers: await thief.headers('POST', '/api/devices/v1/claims', body, { time: clock.getTime() }),
    });
    expect(forged.statusCode).toBe(401);
    await claim(d);
    // The device id taken by another key.
    const again = await TestDevice.create(d.id);
    expect((await claim(again)).statusCode).toBe(409);
    const bad = await app.inject({ method: 'POST', url: '/api/devices/v1/claims', payload: { v: 1 }, headers: { 'x-zwgk-device': 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('登记申请格式有误');
  });

  test('strangers cannot fill the disk with claims: capped, limited per address, expired after a week', async () => {
    await app.close();
    app = await hub({ maxPending: 3 });
    const devices = await Promise.all(Array.from({ length: 4 }, () => TestDevice.create()));
    for (const [i, d] of devices.slice(0, 3).entries()) expect((await claim(d, 'office', `192.0.2.${i + 1}`)).statusCode).toBe(201);
    const full = await claim(devices[3]!, 'office', '192.0.2.9');
    expect(full.statusCode).toBe(429);
    expect(full.json().message).toContain('待批准的设备过多');
    // A week on, the unapproved claims are gone and there is room again.
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    expect((await claim(devices[3]!, 'office', '192.0.2.9')).statusCode).toBe(201);
    expect((await status(devices[0]!)).statusCode).toBe(404);
    // One address, many claims: refused with a Retry-After.
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push((await claim(await TestDevice.create(), 'office', '198.51.100.1')).statusCode);
    expect(answers).toContain(429);
  });

  test('a wrong clock is answered with the hub’s time, and a bad signature is never taken for a device', async () => {
    const d = await TestDevice.create();
    await claim(d);
    await cli('device', 'approve', d.code, '--name', 'n', '--place', 'p');
    const skewed = await app.inject({
      url: '/api/test/whoami',
      headers: await d.headers('GET', '/api/test/whoami', '', { time: clock.getTime() - 86_400_000 }),
    });
    expect(skewed.statusCode).toBe(401);
    expect(skewed.json().error).toBe('clock-skew');
    expect(skewed.headers['x-zwgk-hub-time']).toBe(String(clock.getTime()));
    const other = await TestDevice.create();
    const forged = await app.inject({
      url: '/api/test/whoami',
      headers: await other.headers('GET', '/api/test/whoami', '', { time: clock.getTime(), as: d.id }),
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toBe('bad-signature');
  });
});

describe('demo auto-approval', () => {
  test('only with the option, and only for this machine itself', async () => {
    const d = await TestDevice.create();
    expect((await claim(d, 'office', '127.0.0.1')).json().state).toBe('pending');
    await app.close();
    app = await hub({ autoApproveLoopback: true });
    const remote = await TestDevice.create();
    expect((await claim(remote, 'office', '192.0.2.50')).json().state).toBe('pending');
    const local = await TestDevice.create();
    const res = await claim(local, 'office', '127.0.0.1');
    expect(res.json()).toMatchObject({
      state: 'enrolled',
      name: '政务公开办-内部公开屏',
      place: '本机(演示)',
      channels: ['public', 'internal'],
    });
    // Behind a proxy every request comes from loopback: a forwarded one is never approved.
    const proxied = await TestDevice.create();
    const body = proxied.claimBody('office');
    const viaProxy = await app.inject({
      method: 'POST',
      url: '/api/devices/v1/claims',
      payload: body,
      headers: {
        ...(await proxied.headers('POST', '/api/devices/v1/claims', body, { time: clock.getTime() })),
        'x-forwarded-for': '203.0.113.5',
      },
      remoteAddress: '127.0.0.1',
    });
    expect(viaProxy.json().state).toBe('pending');
  });
});
