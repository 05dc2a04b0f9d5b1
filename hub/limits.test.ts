/**
 * Limits that hold under abuse (issue 10, item 4): a daily total for anonymous phone
 * submissions, and a storage ceiling; crossing either answers with a clear refusal,
 * raises an alarm for IT, and stores nothing past the limit.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, test } from 'vitest';
import { makeTestIntake, sealTestSubmission, type TestIntake } from '../e2e/support/intake.ts';
import { generateKeyFile, importKeyFile } from './keys.ts';
import { buildHub, type HubOptions } from './server.ts';

let app: FastifyInstance | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  app = undefined;
});

async function hub(
  limits: Parameters<typeof makeTestIntake>[1],
  over: Partial<HubOptions> = {},
): Promise<{ url: string; intake: TestIntake }> {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-limits-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const signing = await importKeyFile(await generateKeyFile('test'));
  const intake = await makeTestIntake(signing, limits);
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    intake: intake.options,
    ...over,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, intake };
}

const phoneInquiry = (intake: TestIntake) =>
  sealTestSubmission(intake.block, { kind: 'inquiry', source: 'phone', content: { question: '低保要带哪些材料?', wantsReply: false } });
const post = (url: string, body: unknown) =>
  fetch(`${url}/api/intake/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const rows = () => (app!.db.prepare('SELECT count(*) AS n FROM intake_submissions').get() as { n: number }).n;

test('past the daily total of phone submissions: refused in plain Chinese, nothing more stored, IT alarmed once', async () => {
  const { url, intake } = await hub({ phonePerDay: 3 });
  const codes: number[] = [];
  let last: { message?: string } = {};
  for (let i = 0; i < 8; i++) {
    const r = await post(url, await phoneInquiry(intake));
    codes.push(r.status);
    last = (await r.json()) as { message?: string };
  }
  expect(codes).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
  expect(last.message).toMatch(/今日网上提交数量已达上限.*保存在手机上/);
  expect(rows()).toBe(3);
  const alarms = app!.alarms.list().filter((a) => a.kind === 'intake-phone-daily-total');
  expect(alarms).toHaveLength(1);
  expect(alarms[0]?.clearedAt).toBeNull();
});

test('past the storage ceiling: 507, nothing stored, and an alarm; a stranger cannot fill the disk', async () => {
  const { url, intake } = await hub({}, { storage: { maxDbBytes: 1 } });
  const r = await post(url, await phoneInquiry(intake));
  expect(r.status).toBe(507);
  expect(((await r.json()) as { message: string }).message).toMatch(/存储空间不足/);
  expect(rows()).toBe(0);
  expect(app!.alarms.list().map((a) => a.kind)).toContain('storage-full');
});

test('the alarms are for IT: a stranger gets 401', async () => {
  const { url } = await hub({});
  expect((await fetch(`${url}/api/office/v1/alarms`)).status).toBe(401);
});
