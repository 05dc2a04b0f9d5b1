/**
 * The log after an intake run (issue 10, item 7): no client address at all, so none
 * beside a submission id or a tracking code, and no tracking code anywhere.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { TestKiosks } from '../e2e/support/device.ts';
import { makeTestIntake, sealTestSubmission } from '../e2e/support/intake.ts';
import { generateKeyFile, importKeyFile } from './keys.ts';
import { loggableUrl } from './log-privacy.ts';
import { buildHub } from './server.ts';

test('tracking codes are cut out of logged URLs', () => {
  expect(loggableUrl('/api/intake/track/ABCD-EFGH-JK?x=1')).toBe('/api/intake/track/…');
  expect(loggableUrl('/m/track/ABCD-EFGH-JK')).toBe('/m/track/…');
  expect(loggableUrl('/feed/head.json')).toBe('/feed/head.json');
});

test('after complaints from a kiosk and a phone and their tracking lookups, the log holds no address and no tracking code', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-log-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  await writeFile(join(dir, 'config/default.json'), JSON.stringify({ v: 1, name: '测试', mode: 'kiosk' }));
  const signing = await importKeyFile(await generateKeyFile('test'));
  const intake = await makeTestIntake(signing, { track: { burst: 5, perMinute: 1 } });
  let log = '';
  const stream = new PassThrough();
  stream.on('data', (b: Buffer) => {
    log += b.toString();
  });
  const app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    intake: intake.options,
    logStream: stream,
  });
  const kiosks = new TestKiosks(app.devices);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  try {
    const fromKiosk = await sealTestSubmission(intake.block, {
      content: { category: 'conduct', department: '县医疗保障局', what: '窗口工作人员态度恶劣', major: false, named: true },
      identity: { name: '王秀英', phone: '13800138000' },
    });
    const kioskText = JSON.stringify(fromKiosk);
    const k = await fetch(`${url}/api/intake/submissions`, { method: 'POST', headers: await kiosks.headers(kioskText), body: kioskText });
    expect(k.status).toBe(201);
    const fromPhone = await sealTestSubmission(intake.block, {
      kind: 'inquiry',
      source: 'phone',
      content: { question: '低保要带哪些材料?', wantsReply: false },
    });
    const p = await fetch(`${url}/api/intake/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fromPhone),
    });
    expect(p.status).toBe(201);
    for (const s of [fromKiosk, fromPhone]) {
      expect((await fetch(`${url}/api/intake/track/${s.trackingCode}`)).status).toBe(200);
      expect((await fetch(`${url}/m/track/${s.trackingCode}`)).status).toBe(200);
    }
    // Past the per-address limit: refused, and logged under a pseudonym only.
    let limited = 0;
    for (let i = 0; i < 5; i++) if ((await fetch(`${url}/api/intake/track/${fromPhone.trackingCode}`)).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    // The logger writes on its own tick: wait for the last line this run must have.
    await expect.poll(() => log).toContain('rate limited');
    expect(log).toContain('submission stored');
    // Every line about a request (it has a reqId); the hub's own "listening at" line names its own address.
    const requests = log.split('\n').filter((l) => l.includes('"reqId"'));
    expect(requests.length).toBeGreaterThan(10);
    const withAddress = requests.filter((l) => /127\.0\.0\.1|remoteAddress|::ffff/.test(l));
    expect(withAddress).toEqual([]);
    for (const s of [fromKiosk, fromPhone]) {
      expect(log).toContain(s.id);
      expect(log).not.toContain(s.trackingCode);
      expect(log).not.toContain(s.trackingCode.replace(/-/g, ''));
    }
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});
