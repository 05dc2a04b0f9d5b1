/**
 * The office's cases over the hub's routes with real SQLite: a kiosk complaint registered,
 * assigned, answered by its department, approved, published to the feed, rated once by the
 * citizen and closed; the tracking page following every step; the identity ciphertext sent to
 * the confidential role only; a late case opened as a 责任追究 matter; a hotline call recorded.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { makeTestIntake, sealTestSubmission, type TestIntake } from '../../e2e/support/intake.ts';
import { openSealed } from '../../src/contract/case-open.ts';
import type { OfficeCaseView } from '../../src/contract/cases.ts';
import type { Role } from '../../src/contract/roles.ts';
import { fromBase64Url } from '../../src/contract/signing.ts';
import type { Submission, TrackResponse } from '../../src/contract/submission.ts';
import type { PersonIdentity } from '../access.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { buildHub } from '../server.ts';
import { main as caseCli } from './cli.ts';

let dir: string;
let app: FastifyInstance;
let intake: TestIntake;
let clock = new Date('2026-11-30T01:00:00Z'); // Monday 09:00 in the county

const people: Record<string, PersonIdentity> = {
  sec: { id: 'p-sec', name: '李公开', roles: ['secretary'] },
  conf: { id: 'p-conf', name: '赵保密', roles: ['confidential'] },
  dr: { id: 'p-dr', name: '钱医保', roles: ['drafter'], department: '县医疗保障局' },
  dr2: { id: 'p-dr2', name: '孙交通', roles: ['drafter'], department: '县交通运输局' },
  it: { id: 'p-it', name: '周信息', roles: ['it' as Role] },
  admin: { id: 'p-admin', name: '吴管理', roles: ['admin'] },
  signoff: { id: 'p-so', name: '郑分管', roles: ['signoff', 'prereview', 'deliberation'] },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-cases-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const signing = await importKeyFile(await generateKeyFile('test'));
  intake = await makeTestIntake(signing);
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    intake: intake.options,
    cases: { signingKey: signing, now: () => clock },
  });
  // A test resolver in place of hub/people/: the header names the person.
  app.identify.person = async (req) => people[String(req.headers['x-test-person'] ?? '')] ?? null;
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const as = (who: keyof typeof people | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: who ? { 'x-test-person': who } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const act = (who: keyof typeof people, id: string, body: unknown) => as(who, 'POST', `/api/office/v1/cases/${id}/actions`, body);
const track = async (code: string) => (await app.inject({ method: 'GET', url: `/api/intake/track/${code}` })).json() as TrackResponse;
const list = async (who: keyof typeof people) =>
  ((await as(who, 'GET', '/api/office/v1/cases')).json() as { cases: OfficeCaseView[] }).cases;

let kiosk: Submission;

describe('a complaint from a phone, step by step', () => {
  test('it arrives 待登记; the inbox sends ciphertext, the identity part to the confidential role only', async () => {
    kiosk = await sealTestSubmission(intake.block, {
      source: 'phone',
      content: { category: 'conduct', department: '县医疗保障局', what: '窗口工作人员态度恶劣,故意刁难', major: false, named: true },
      identity: { name: '王秀英', phone: '13800138000' },
    });
    expect((await app.inject({ method: 'POST', url: '/api/intake/submissions', payload: kiosk })).statusCode).toBe(201);

    expect((await as(null, 'GET', '/api/office/v1/cases')).statusCode).toBe(401);
    expect((await as('it', 'GET', '/api/office/v1/cases')).statusCode).toBe(403);
    const forSecretary = await list('sec');
    expect(forSecretary).toHaveLength(1);
    expect(forSecretary[0]).toMatchObject({ case: { state: 'pending', source: 'phone' }, named: true });
    expect(forSecretary[0]!.sealed.identity).toBeUndefined();
    expect(JSON.stringify(forSecretary)).not.toContain(kiosk.identity!.ct);
    // Every other role: the identity part is not in the answer at all, or there is no answer (403).
    for (const who of ['admin', 'dr', 'dr2'] as const) expect(JSON.stringify(await list(who))).not.toContain(kiosk.identity!.ct);
    for (const who of ['it', 'signoff'] as const) {
      const r = await as(who, 'GET', '/api/office/v1/cases');
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toBe('您的角色无权进行此操作');
    }
    const forConfidential = await list('conf');
    expect(forConfidential[0]!.sealed.identity).toEqual(kiosk.identity);
    // Nothing yet for a department.
    expect(await list('dr')).toEqual([]);

    // The browser's opening module: content with the 办理密钥, identity only with the 保密密钥.
    const key = (part: 'identity' | 'content', id: string) => {
      const k = intake.officeKeys.find((x) => x.role === part && x.id === id);
      return k ? fromBase64Url(k.privateKey) : undefined;
    };
    const asSecretary = await openSealed(forSecretary[0]!.sealed, key, { named: forSecretary[0]!.named });
    expect(asSecretary.content).toMatchObject({ what: '窗口工作人员态度恶劣,故意刁难' });
    expect(asSecretary.identity).toBeUndefined();
    expect(asSecretary.identityLocked).toBe(true);
    expect((await openSealed(forConfidential[0]!.sealed, key)).identity).toEqual({ name: '王秀英', phone: '13800138000' });
  });

  test('registered with a case number, assigned with a deadline; the tracking page follows', async () => {
    expect((await act('dr', kiosk.id, { type: 'register' })).statusCode).toBe(404);
    const reg = await act('sec', kiosk.id, { type: 'register' });
    expect(reg.statusCode).toBe(200);
    expect(reg.json().case).toMatchObject({ state: 'registered', number: '2026-投-0001' });
    expect(await track(kiosk.trackingCode)).toMatchObject({ status: 'received', caseNumber: '2026-投-0001' });
    expect((await act('sec', kiosk.id, { type: 'register' })).json()).toMatchObject({
      error: 'conflict',
      message: '此件当前为「已登记」,不能再次登记',
    });

    const assigned = await act('sec', kiosk.id, { type: 'assign', department: '县医疗保障局' });
    expect(assigned.json().case).toMatchObject({ state: 'assigned', department: '县医疗保障局', deadline: '2026-12-21' });
    expect(await track(kiosk.trackingCode)).toMatchObject({ status: 'in-progress' });
    // Now the department sees it, still without the identity.
    const mine = await list('dr');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.sealed.identity).toBeUndefined();
    expect(await list('dr2')).toEqual([]);
  });

  test('the department answers, the office sends it back once, then approves; the answer reaches the citizen', async () => {
    expect((await act('dr2', kiosk.id, { type: 'accept' })).statusCode).toBe(404);
    expect((await act('dr', kiosk.id, { type: 'accept' })).json().case.state).toBe('in-progress');
    expect((await act('dr', kiosk.id, { type: 'submit-answer', text: '短' })).json()).toMatchObject({ error: 'invalid' });
    expect((await act('dr', kiosk.id, { type: 'submit-answer', text: '经核实,窗口已整改。' })).json().case.state).toBe('answer-review');
    expect((await act('dr', kiosk.id, { type: 'approve' })).statusCode).toBe(403);
    expect((await act('sec', kiosk.id, { type: 'return', reason: '请写明整改措施' })).json().case.state).toBe('in-progress');
    await act('dr', kiosk.id, { type: 'submit-answer', text: '经核实,该窗口工作人员已受到批评教育,窗口已于12月2日整改。' });
    expect((await track(kiosk.trackingCode)).answer).toBeUndefined();
    const approved = await act('sec', kiosk.id, { type: 'approve' });
    expect(approved.json().case.state).toBe('answered');
    const t = await track(kiosk.trackingCode);
    expect(t).toMatchObject({
      status: 'answered',
      canRate: true,
      answer: { text: '经核实,该窗口工作人员已受到批评教育,窗口已于12月2日整改。' },
    });
  });

  test('published to the feed (anonymised), rated once by the citizen, closed', async () => {
    const refused = await act('sec', kiosk.id, {
      type: 'publish',
      title: '关于医保窗口服务态度的答复',
      question: '群众(电话 13800138000)反映被刁难',
    });
    expect(refused.json().message).toContain('手机号码');
    expect(refused.statusCode).toBe(422);
    const pub = await act('sec', kiosk.id, {
      type: 'publish',
      title: '关于县医保窗口服务态度的答复',
      question: '群众反映县医保窗口工作人员服务态度差。',
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().case).toMatchObject({ state: 'published', publishedItem: `answer-${kiosk.trackingCode.toLowerCase()}` });
    expect(await readdir(join(dir, 'feed/items'))).toContain(`answer-${kiosk.trackingCode.toLowerCase()}.json`);
    expect((await track(kiosk.trackingCode)).publishedItem).toBe(`answer-${kiosk.trackingCode.toLowerCase()}`);

    const rate = (rating: string) => app.inject({ method: 'POST', url: `/api/intake/rating/${kiosk.trackingCode}`, payload: { rating } });
    expect((await rate('great')).statusCode).toBe(422);
    expect((await rate('unsatisfied')).statusCode).toBe(200);
    const again = await rate('satisfied');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('此件已经评价过,每件只能评价一次');
    expect(await track(kiosk.trackingCode)).toMatchObject({ rating: 'unsatisfied' });
    expect((await track(kiosk.trackingCode)).canRate).toBeUndefined();

    expect((await act('sec', kiosk.id, { type: 'close' })).json().case.state).toBe('closed');
    expect((await track(kiosk.trackingCode)).status).toBe('closed');
  });

  test('every step is in the audit log, and no identity is anywhere but the sealed row', async () => {
    const detail = (await as('sec', 'GET', `/api/office/v1/cases/${kiosk.id}`)).json() as { history: { action: string }[] };
    expect(detail.history.map((h) => h.action)).toEqual([
      'case.register',
      'case.assign',
      'case.accept',
      'case.submit-answer',
      'case.return',
      'case.submit-answer',
      'case.approve',
      'case.publish',
      'case.rate',
      'case.close',
    ]);
    const log = JSON.stringify(app.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['王秀英', '13800138000', kiosk.identity!.ct]) expect(log).not.toContain(secret);
    const everything = JSON.stringify(app.db.prepare('SELECT * FROM intake_submissions s LEFT JOIN cases c ON c.id = s.id').all());
    expect(everything).not.toContain('王秀英');
  });
});

describe('deadlines and accountability', () => {
  test('a case past its deadline is overdue and may be opened as a 责任追究 matter, decided and kept', async () => {
    const s = await sealTestSubmission(intake.block, {
      source: 'phone',
      kind: 'inquiry',
      content: { question: '低保申请要带哪些材料?', wantsReply: true },
    });
    await app.inject({ method: 'POST', url: '/api/intake/submissions', payload: s });
    expect((await act('sec', s.id, { type: 'register' })).json().case.number).toBe('2026-询-0001');
    await act('sec', s.id, { type: 'assign', department: '县交通运输局', workingDays: 3 });
    expect((await as('sec', 'POST', `/api/office/v1/cases/${s.id}/accountability`)).json()).toMatchObject({ error: 'no-grounds' });
    clock = new Date('2026-12-10T01:00:00Z');
    const opened = await as('sec', 'POST', `/api/office/v1/cases/${s.id}/accountability`);
    expect(opened.statusCode).toBe(201);
    const m = opened.json().matter as { id: number; grounds: string[] };
    expect(m.grounds).toEqual(['超越办理时限(责任追究制度 第六条 5)']);
    expect(
      (await as('sec', 'POST', `/api/office/v1/accountability/${m.id}/decision`, { finding: '经核实', outcomes: [] })).statusCode,
    ).toBe(422);
    const decided = await as('sec', 'POST', `/api/office/v1/accountability/${m.id}/decision`, {
      finding: '经核实,承办人未按期答复,系工作疏忽。',
      outcomes: ['education', 'written-review'],
    });
    expect(decided.json().matter).toMatchObject({ state: 'decided', outcomes: ['education', 'written-review'] });
    expect((await as('dr', 'GET', '/api/office/v1/accountability')).statusCode).toBe(403);
    expect(() => app.db.prepare('DELETE FROM case_accountability').run()).toThrow(/只增不删/);
  });
});

describe('a hotline call recorded by a clerk', () => {
  test('refused on the public route; recorded by the office, with a tracking code that works', async () => {
    const s = {
      ...(await sealTestSubmission(intake.block, {
        content: { category: 'delay', department: '县交通运输局', what: '客运站退票拖着不办', major: false, named: false },
      })),
      source: 'hotline' as const,
    };
    delete (s as Partial<Submission>).deviceName;
    expect((await app.inject({ method: 'POST', url: '/api/intake/submissions', payload: s })).statusCode).toBe(403);
    expect((await as('dr', 'POST', '/api/office/v1/cases/recorded', { submission: s })).statusCode).toBe(403);
    const r = await as('sec', 'POST', '/api/office/v1/cases/recorded', { submission: s });
    expect(r.statusCode, r.body).toBe(201);
    expect(await track(s.trackingCode)).toMatchObject({ status: 'received' });
    expect((await list('sec')).find((c) => c.case.id === s.id)?.case.source).toBe('hotline');
    const keys = (await as('sec', 'GET', '/api/office/v1/cases/keys')).json();
    expect(keys.content.id).toBe(intake.block.officeKeys.content.id);
  });
});

describe('the CLI reads the same cases with the same module', () => {
  test('case list and case report', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    try {
      expect(await caseCli(['list', '--data', join(dir, 'var'), '--keys', await keysDir()])).toBe(0);
      expect(await caseCli(['report', '--data', join(dir, 'var'), '--quarter', '2026-Q4'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toMatch(/2026-投-0001 .*投诉 {2}已办结 {2}县医疗保障局 {2}期限 2026-12-21 .*窗口工作人员态度恶劣/);
    expect(text).toContain('2026-询-0001');
    expect(text).toContain('县交通运输局  1 / 0 / 0 / 1 / 1 / — / 0 / 0 / 0');
    expect(text).not.toContain('王秀英');
  });
});

async function keysDir(): Promise<string> {
  const d = join(dir, 'office-keys');
  await mkdir(d, { recursive: true });
  const content = intake.officeKeys.find((k) => k.role === 'content')!;
  await writeFile(join(d, `${content.id}.json`), JSON.stringify(content));
  return d;
}
