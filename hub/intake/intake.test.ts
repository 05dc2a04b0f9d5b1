/**
 * The intake API over real HTTP with real SQLite: a sealed submission is stored
 * once and receipted; the same id again gets the same receipt and no second
 * row; refusals are 4xx with a Chinese message; the status lookup shows no
 * personal data; the office's keys open what was stored.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestDevice, TestKiosks } from '../../e2e/support/device.ts';
import { makeTestIntake, sealTestSubmission, type TestIntake } from '../../e2e/support/intake.ts';
import { KeyRing } from '../../src/contract/signing.ts';
import { type IntakeAccepted, verifyReceipt } from '../../src/contract/submission.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { Inbox, openSubmission } from '../office/inbox.ts';
import { buildHub } from '../server.ts';

let dir: string;
let app: FastifyInstance;
let url: string;
let intake: TestIntake;
let kiosks: TestKiosks;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-intake-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  await writeFile(join(dir, 'config/default.json'), JSON.stringify({ v: 1, name: '测试', mode: 'kiosk' }));
  const signing = await importKeyFile(await generateKeyFile('test'));
  intake = await makeTestIntake(signing, { perDevice: { burst: 5, perMinute: 1 }, perAddress: { burst: 1000, perMinute: 1000 } });
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    intake: intake.options,
  });
  kiosks = new TestKiosks(app.devices);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

/** Posts as the kiosk named in the body would: signed with its enrolled key (issue 10). */
const post = async (body: unknown, headers?: Record<string, string>) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${url}/api/intake/submissions`, { method: 'POST', headers: headers ?? (await kiosks.headers(text)), body: text });
};

const rows = () => (app.db.prepare('SELECT count(*) AS n FROM intake_submissions').get() as { n: number }).n;

describe('intake', () => {
  test('a sealed complaint is stored once, receipted, and opens with the office keys to what was written', async () => {
    const s = await sealTestSubmission(intake.block, {
      content: { category: 'conduct', department: '县医疗保障局', what: '窗口工作人员态度恶劣,故意刁难', major: false, named: true },
      identity: { name: '王秀英', phone: '13800138000' },
    });
    const before = rows();
    const first = await post(s);
    expect(first.status).toBe(201);
    const a = (await first.json()) as IntakeAccepted;
    expect(a.duplicate).toBe(false);
    expect((await verifyReceipt(new KeyRing(intake.block.receiptKeys), a.receipt, s)).ok).toBe(true);

    const again = await post(s);
    expect(again.status).toBe(200);
    const b = (await again.json()) as IntakeAccepted;
    expect(b).toEqual({ receipt: a.receipt, duplicate: true });
    expect(rows()).toBe(before + 1);

    // The hub holds ciphertext only.
    const stored = app.db.prepare('SELECT * FROM intake_submissions WHERE id = ?').get(s.id) as { body: string };
    expect(stored.body).not.toContain('王秀英');
    expect(stored.body).not.toContain('态度恶劣');

    const inbox = new Inbox(join(dir, 'var/hub.sqlite'));
    const row = inbox.find(s.trackingCode)!;
    const content = intake.officeKeys.filter((k) => k.role === 'content');
    const handler = await openSubmission(row, content);
    expect(handler.content).toMatchObject({ what: '窗口工作人员态度恶劣,故意刁难', department: '县医疗保障局' });
    // The handling department alone does not see who complained (《政务公开投诉制度》第四条).
    expect(handler.identity).toBeUndefined();
    expect(handler.identityLocked).toBe(true);
    const office = await openSubmission(row, intake.officeKeys);
    expect(office.identity).toEqual({ name: '王秀英', phone: '13800138000' });
    inbox.close();
  });

  test('the same id with other content is refused (409), never stored twice', async () => {
    const s = await sealTestSubmission(intake.block, {
      kind: 'inquiry',
      content: { question: '低保申请要带哪些材料?', wantsReply: false },
    });
    expect((await post(s)).status).toBe(201);
    const other = await sealTestSubmission(intake.block, {
      kind: 'inquiry',
      content: { question: '另一件事情的咨询内容', wantsReply: false },
    });
    const r = await post({ ...other, id: s.id, trackingCode: s.trackingCode });
    expect(r.status).toBe(409);
    expect((await r.json()).message).toContain('同一编号');
    expect(app.db.prepare('SELECT count(*) AS n FROM intake_submissions WHERE id = ?').get(s.id)).toEqual({ n: 1 });
  });

  test('refusals are 4xx JSON in Chinese: wrong type, bad JSON, unknown key, oversized', async () => {
    const s = await sealTestSubmission(intake.block, { content: { what: 'x' } });
    const cases: [Response, number, string][] = [
      [await post('not json'), 400, '不是合法的 JSON'],
      [await post('{}', { 'content-type': 'text/plain' }), 415, 'application/json'],
      [await post({ ...s, id: crypto.randomUUID(), content: { ...s.content, keyId: 'someone-else' } }), 422, '不是本办的办理密钥'],
      [await post({ ...s, trackingCode: 'AAAAAAAAAAAA' }), 422, '查询码无效'],
      [await post(JSON.stringify({ ...s, pad: 'x'.repeat(70_000) })), 413, '过大'],
    ];
    for (const [res, status, message] of cases) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { message: string }).message).toContain(message);
    }
  });

  test('submissions arriving together share a commit, and one bad row fails alone', async () => {
    const before = rows();
    const subs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sealTestSubmission(intake.block, { device: `together-${i}`, content: { what: `同时到达的第${i}件` } }),
      ),
    );
    // Another id with a tracking code already taken: refused, without taking the others down with it.
    const clash = {
      ...(await sealTestSubmission(intake.block, { device: 'together-x', content: { what: '撞码' } })),
      trackingCode: subs[0]!.trackingCode,
    };
    const answers = await Promise.all([...subs, clash].map((s) => post(s)));
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(12).fill(201), 409].sort());
    expect(rows()).toBe(before + 12);
  });

  test('a flooding device gets 429 with Retry-After; its replays still get their receipts', async () => {
    const device = 'flooding-device-1';
    const sent = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8 && !limited; i++) {
      const s = await sealTestSubmission(intake.block, { device, content: { what: `第${i}件` } });
      const r = await post(s);
      if (r.status === 429) limited = r;
      else sent.push(s);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited!.json()).message).toContain('过于频繁');
    expect((await post(sent[0])).status).toBe(200);
  });

  test('the status lookup shows status, history and answer — nothing about who sent it', async () => {
    const s = await sealTestSubmission(intake.block, {
      content: { what: '办事拖着不办' },
      identity: { name: '李建国', phone: '13900139000' },
    });
    await post(s);
    const inbox = new Inbox(join(dir, 'var/hub.sqlite'));
    const row = inbox.find(s.trackingCode)!;
    inbox.store.setStatus(row.id, 'in-progress', '办理中:已转县医疗保障局');
    inbox.store.setAnswer(row.id, '经核实,已责令该窗口限期办结。', '已书面答复');
    inbox.close();
    const r = await fetch(
      `${url}/api/intake/track/${s.trackingCode.slice(0, 4)}-${s.trackingCode.slice(4, 8)}-${s.trackingCode.slice(8).toLowerCase()}`,
    );
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({
      trackingCode: s.trackingCode,
      kind: 'complaint',
      status: 'answered',
      answer: { text: '经核实,已责令该窗口限期办结。' },
    });
    expect(body.history.map((h: { status: string }) => h.status)).toEqual(['received', 'in-progress', 'answered']);
    const text = JSON.stringify(body);
    for (const secret of ['李建国', '13900139000', s.device, s.id]) expect(text).not.toContain(secret);
    // The office's status note is written for the citizen (issue 16): it reaches the tracking page.
    expect(body.history[1]).toMatchObject({ status: 'in-progress', note: '办理中:已转县医疗保障局' });
    expect(body.history[0].note).toBeUndefined();
    expect((await fetch(`${url}/api/intake/track/NOTACODE`)).status).toBe(400);
    const unknown = await fetch(`${url}/api/intake/track/${'0'.repeat(11)}0`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toContain('没有查到');
  });

  test('a config without intake gets the endorsed block; the hub never serves a private key', async () => {
    const config = await (await fetch(`${url}/kiosk-config/default.json`)).json();
    expect(config.intake).toEqual(intake.block);
    expect(JSON.stringify(config)).not.toContain(intake.officeKeys[0]!.privateKey);
  });

  test('a kiosk’s submission is taken only signed by that enrolled kiosk; a phone’s needs no key', async () => {
    const before = rows();
    const s = await sealTestSubmission(intake.block, { device: 'kiosk-signed-0001', content: { what: '签名测试' } });
    const text = JSON.stringify(s);
    const unsigned = await post(s, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).message).toContain('触摸屏的提交须由登记在册的设备签名');
    // Signed by another enrolled kiosk, in this kiosk's name.
    const other = await kiosks.device('kiosk-other-0002');
    const impostor = await post(s, await other.headers('POST', '/api/intake/submissions', text));
    expect(impostor.status).toBe(403);
    // A stranger's key that claims to be the kiosk.
    const stranger = await TestDevice.create();
    await kiosks.device('kiosk-signed-0001');
    const forged = await post(s, await stranger.headers('POST', '/api/intake/submissions', text, { as: 'kiosk-signed-0001' }));
    expect(forged.status).toBe(401);
    expect(rows()).toBe(before);
    expect((await post(s)).status).toBe(201);
    // Revoked: refused from then on.
    app.devices.revoke('kiosk-signed-0001', 'test', null, new Date());
    const later = await sealTestSubmission(intake.block, { device: 'kiosk-signed-0001', content: { what: '停用后' } });
    const refused = await post(later);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toBe('device-revoked');
    const phone = await sealTestSubmission(intake.block, { device: 'phone-abcdefgh', content: { what: '手机提交' }, source: 'phone' });
    expect((await post(phone, { 'content-type': 'application/json' })).status).toBe(201);
    expect(rows()).toBe(before + 2);
  });
});
