/**
 * The hub's side of questionnaires: answers arrive sealed through the intake
 * (kind `questionnaire`); the intake admits them only in the open period, one
 * per phone, a kiosk not flooding; each is kept once; the office opens them
 * with its key and counts them.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestKiosks } from '../../e2e/support/device.ts';
import { makeTestIntake, sealTestSubmission, type TestIntake } from '../../e2e/support/intake.ts';
import { Item, type QuestionnaireItem } from '../../src/contract/feed.ts';
import type { Submission } from '../../src/contract/submission.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { Inbox } from '../office/inbox.ts';
import { readFeed, writeFeed } from '../publish/feed-writer.ts';
import { buildHub } from '../server.ts';
import { QuestionnaireAdmission } from './admission.ts';
import { answersFromInbox } from './inbox-answers.ts';
import { resultFacts, resultFiles } from './results.ts';

const form = JSON.parse(readFileSync(new URL('../../content/questionnaires/zwgk-evaluation-2026.form.json', import.meta.url), 'utf8'));
const questionnaire = v.parse(Item, {
  id: 'eval-2026',
  rev: 1,
  kind: 'questionnaire',
  channel: 'public',
  category: 'other-public',
  cadence: 'one-off',
  title: '2026年度全县政务公开工作群众评议问卷',
  department: '县政务公开办',
  bodyHtml: '<p>请参与评议。</p>',
  publishedAt: '2026-11-16',
  questionnaire: { opensOn: '2026-11-16', closesOn: '2026-12-15' },
  form,
}) as QuestionnaireItem;
const approval = {
  preReview: { by: '预审小组', at: '2026-11-12T15:00:00+08:00' },
  signOff: { by: '县长', at: '2026-11-13T10:00:00+08:00' },
};

const ROWS = ['rural', 'finance', 'land', 'expropriation', 'debt', 'relief', 'enterprise', 'services', 'higher'];
const good = { identity: 'rural', channels: ['board'], overall: 4, areas: Object.fromEntries(ROWS.map((r) => [r, 3])) };

let dir: string;
let app: FastifyInstance;
let now: number;
let intake: TestIntake;
let kiosks: TestKiosks;

async function start(kiosk = { burst: 3, perMinute: 1 }) {
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [],
    intake: intake.options,
    questionnaire: { kiosk, now: () => now },
  });
}

beforeEach(async () => {
  kiosks = new TestKiosks(() => app.devices);
  dir = await mkdtemp(join(tmpdir(), 'zwgk-q-'));
  for (const d of ['dist', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const key = await importKeyFile(await generateKeyFile('test'));
  intake = await makeTestIntake(key, { perDevice: { burst: 1000, perMinute: 1000 }, perAddress: { burst: 1000, perMinute: 1000 } });
  await writeFeed(join(dir, 'feed'), await readFeed(join(dir, 'feed')), {
    feedId: 'test',
    publisher: '测试',
    key,
    changes: [{ op: 'upsert', item: questionnaire, approval }],
  });
  now = Date.parse('2026-11-28T10:00:00+08:00');
  await start();
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

/** Answers sealed as a phone or kiosk seals them (src/device/outbox/submit.ts). */
async function sealed(
  o: { device?: string; source?: 'kiosk' | 'phone'; createdAt?: string; subject?: string; content?: Record<string, unknown> } = {},
  answers: Record<string, unknown> = good,
): Promise<Submission> {
  const subject = o.subject ?? 'eval-2026';
  const s = await sealTestSubmission(intake.block, {
    kind: 'questionnaire',
    subject,
    device: o.device ?? 'phone-device-1',
    content: o.content ?? { questionnaire: { id: subject, rev: 1 }, answers },
  });
  // Source and time are outside the sealed part (they are not bound into it).
  return { ...s, source: o.source ?? 'phone', createdAt: o.createdAt ?? new Date(now - 60_000).toISOString() };
}
/** Posts as the device in the body would: a kiosk's signed with its enrolled key (issue 10), a phone's as it is. */
const post = async (payload: unknown) => {
  const text = JSON.stringify(payload);
  return app.inject({ method: 'POST', url: '/api/intake/submissions', payload: text, headers: await kiosks.headers(text) });
};
const send = async (o?: Parameters<typeof sealed>[0], answers?: Record<string, unknown>) => post(await sealed(o, answers));
const counted = async () => {
  const inbox = new Inbox(join(dir, 'var/hub.sqlite'));
  try {
    return await answersFromInbox(inbox, 'eval-2026', intake.officeKeys);
  } finally {
    inbox.close();
  }
};

describe('answers at the hub, through the sealed intake', () => {
  test('answers in the open period are stored sealed, once: a retry of the same id is not a second answer', async () => {
    const s = await sealed({}, { ...good, suggestion: '希望公开栏字大一些' });
    expect((await post(s)).statusCode).toBe(201);
    const again = await post(s);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true });
    // The hub holds ciphertext only; the office's key opens the answers.
    const row = app.db.prepare('SELECT body FROM intake_submissions WHERE id = ?').get(s.id) as { body: string };
    expect(row.body).not.toContain('字大一些');
    expect(await counted()).toEqual({ answers: [{ ...good, suggestion: '希望公开栏字大一些' }], received: 1, unopened: [] });
  });

  test('one per phone: a second answer from the same phone is refused with a reason', async () => {
    expect((await send()).statusCode).toBe(201);
    const second = await send();
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'already-answered', message: '本机已提交过这份问卷,每台手机限填一次' });
    // Another phone may answer.
    expect((await send({ device: 'phone-device-2' })).statusCode).toBe(201);
    expect((await counted()).answers).toHaveLength(2);
  });

  test('one network address cannot stuff a result with fresh phone ids: past its limit refused, and the refusals are counted', async () => {
    const codes: number[] = [];
    // 300 answers from one address, each from a "new phone" (a fresh random browser id), as a stuffer would send.
    for (let i = 0; i < 30; i++) codes.push((await send({ device: `stuffer-phone-${i}` })).statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
    const refusal = await send({ device: 'stuffer-phone-99' });
    expect(refusal.json()).toMatchObject({ error: 'address-limit' });
    expect(refusal.json().message).toMatch(/同一网络已提交这份问卷 10 份/);
    expect((await counted()).answers).toHaveLength(10);
    // The second answer from a phone that answered already is refused too, and counted by its reason.
    await send({ device: 'stuffer-phone-0' });
    expect(new QuestionnaireAdmission(app.db, join(dir, 'feed')).refusals('eval-2026')).toEqual({
      'address-limit': 21,
      'already-answered': 1,
    });
  });

  test('a kiosk takes many citizens, but not a flood: beyond its burst it must wait', async () => {
    const kiosk = { device: 'kiosk-center-1', source: 'kiosk' as const };
    for (let i = 0; i < 3; i++) expect((await send(kiosk)).statusCode).toBe(201);
    const flood = await send(kiosk);
    expect(flood.statusCode).toBe(429);
    expect(flood.headers['retry-after']).toBe('60');
    expect(flood.json().message).toContain('过于频繁');
    now += 60_000;
    expect((await send(kiosk)).statusCode).toBe(201);
  });

  test('outside the open period: refused before it opens and after it closes', async () => {
    now = Date.parse('2026-11-15T23:00:00+08:00');
    const early = await send();
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ error: 'not-open', message: '问卷尚未开始,填写时间为 2026-11-16 至 2026-12-15' });

    now = Date.parse('2026-12-16T09:00:00+08:00');
    const late = await send();
    expect(late.statusCode).toBe(403);
    expect(late.json()).toMatchObject({ error: 'closed', message: '问卷已于 2026-12-15 截止,不再接收答卷' });
    expect((await counted()).received).toBe(0);
  });

  test('a kiosk that was offline delivers answers made in the period up to seven days after closing', async () => {
    now = Date.parse('2026-12-20T09:00:00+08:00');
    const made = new Date(Date.parse('2026-12-15T16:00:00+08:00')).toISOString();
    expect((await send({ device: 'kiosk-town-3', source: 'kiosk', createdAt: made })).statusCode).toBe(201);
    now = Date.parse('2026-12-23T09:00:00+08:00');
    expect((await send({ device: 'kiosk-town-3', source: 'kiosk', createdAt: made })).statusCode).toBe(403);
  });

  test('a submission time in the future is refused', async () => {
    const r = await send({ createdAt: new Date(now + 3_600_000).toISOString() });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toBe('bad-time');
  });

  test('an unknown questionnaire or none named: 4xx with a reason; answers that do not fit the form are not counted', async () => {
    const unknown = await send({ subject: 'no-such' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('没有编号为 no-such 的问卷');
    const noSubject = await sealed();
    delete (noSubject as { subject?: string }).subject;
    const r = await post(noSubject);
    expect(r.statusCode).toBe(422);
    // A refused phone answer does not use up that phone's one answer.
    expect((await send()).statusCode).toBe(201);
    // The hub cannot see sealed answers; the count checks them against the form and leaves out what does not fit.
    expect((await send({ device: 'phone-device-9' }, { ...good, overall: 9, hacked: '<script>' })).statusCode).toBe(201);
    const { answers } = await counted();
    const { facts, excluded } = resultFacts(questionnaire, answers, '2026-12-16');
    expect(facts.n).toBe(1);
    expect(excluded).toHaveLength(1);
  });

  test('answers filed under one questionnaire but sealed for another are not counted', async () => {
    const s = await sealed({ device: 'phone-device-5', content: { questionnaire: { id: 'other-q', rev: 1 }, answers: good } });
    expect((await post(s)).statusCode).toBe(201);
    const c = await counted();
    expect(c.answers).toEqual([]);
    expect(c.unopened[0]?.reason).toContain('other-q');
  });

  test('the answers survive a restart of the hub, and so does "this phone already answered"', async () => {
    expect((await send()).statusCode).toBe(201);
    await app.close();
    await start();
    expect((await send()).statusCode).toBe(409);
    expect((await counted()).answers).toEqual([good]);
  });
});

describe('results from stored answers', () => {
  test('counts what was stored and writes a result item the office completes', async () => {
    const answers = [good, { ...good, overall: 2, problems: ['late'] }, { ...good, identity: 'urban', overall: 5 }];
    // Counted after the questionnaire closed (2026-12-15): the final result.
    const { facts, excluded } = resultFacts(questionnaire, [...answers, { overall: 1 }], '2026-12-16');
    expect(excluded).toHaveLength(1);
    expect(facts).toMatchObject({ questionnaire: 'eval-2026', rev: 1, opensOn: '2026-11-16', closesOn: '2026-12-15', n: 3 });
    expect(facts.questions.find((q) => q.name === 'overall')).toMatchObject({ counts: [0, 1, 0, 1, 1], mean: 3.67 });
    const files = resultFiles(questionnaire, facts, { published: '2026-12-18' });
    expect(files.id).toBe('eval-2026-result');
    expect(files.markdown).toContain('kind: result');
    expect(files.markdown).toContain('result: eval-2026-result.json');
    expect(files.markdown).toContain('summary: "共收回有效问卷 3 份,本县政务公开工作的总体满意程度平均 3.67 分(满分 5 分)。"');
    expect(facts.interimThrough).toBeUndefined();
    // No approval yet: the publisher will refuse it until pre-review and sign-off are written in.
    expect(files.markdown).not.toMatch(/^approval:/m);
    expect(JSON.parse(files.json)).toEqual(facts);
  });
});

describe('interim results (issue 16)', () => {
  test('counted before the questionnaire closes, the result is labelled 阶段性结果 with the day counted', () => {
    const { facts } = resultFacts(questionnaire, [], '2026-12-05');
    expect(facts.interimThrough).toBe('2026-12-05');
    const files = resultFiles(questionnaire, facts, { published: '2026-12-06' });
    expect(files.markdown).toContain('阶段性结果"');
    expect(files.markdown).toContain('summary: "阶段性结果(统计至 2026年12月5日,评议尚未结束):');
  });
});
