/** The hub's side of questionnaires: open period, one per phone, kiosk rate limit, answers checked and kept once, results counted. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Item, type QuestionnaireItem } from '../../src/contract/feed.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { readFeed, writeFeed } from '../publish/feed-writer.ts';
import { questionnairePlugin } from './plugin.ts';
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

async function start(kiosk = { burst: 3, perMinute: 1 }) {
  app = Fastify();
  await app.register(questionnairePlugin, { dataDir: join(dir, 'var'), feedDir: join(dir, 'feed'), kiosk, now: () => now });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-q-'));
  const key = await importKeyFile(await generateKeyFile('test'));
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

let n = 0;
const body = (over: Record<string, unknown> = {}, answers: Record<string, unknown> = good) => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  device: 'phone-device-1',
  source: 'phone',
  createdAt: new Date(now - 60_000).toISOString(),
  subject: 'eval-2026',
  content: { kind: 'questionnaire', questionnaire: { id: 'eval-2026', rev: 1 }, answers },
  ...over,
});
const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/questionnaire/answers', payload: payload as object });

describe('answers at the hub', () => {
  test('answers in the open period are stored once: a retry of the same id is not a second answer', async () => {
    const b = body();
    expect((await post(b)).statusCode).toBe(201);
    const again = await post(b);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    const { readInterimAnswers } = await import('./interim-intake.ts');
    const { openDb } = await import('../db.ts');
    const db = openDb(join(dir, 'var/hub.sqlite'), []);
    expect(readInterimAnswers(db, 'eval-2026')).toEqual([{ rev: 1, answers: good }]);
    db.close();
  });

  test('one per phone: a second answer from the same phone is refused with a reason', async () => {
    expect((await post(body())).statusCode).toBe(201);
    const second = await post(body());
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'already-answered', message: '本机已提交过这份问卷,每台手机限填一次' });
    // Another phone may answer.
    expect((await post(body({ device: 'phone-device-2' }))).statusCode).toBe(201);
  });

  test('a kiosk takes many citizens, but not a flood: beyond its burst it must wait', async () => {
    const kiosk = { device: 'kiosk-center-1', source: 'kiosk' };
    for (let i = 0; i < 3; i++) expect((await post(body(kiosk))).statusCode).toBe(201);
    const flood = await post(body(kiosk));
    expect(flood.statusCode).toBe(429);
    expect(flood.headers['retry-after']).toBe('60');
    expect(flood.json().message).toContain('过于频繁');
    now += 60_000;
    expect((await post(body(kiosk))).statusCode).toBe(201);
  });

  test('outside the open period: refused before it opens and after it closes', async () => {
    now = Date.parse('2026-11-15T23:00:00+08:00');
    const early = await post(body());
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ error: 'not-open', message: '问卷尚未开始,填写时间为 2026-11-16 至 2026-12-15' });

    now = Date.parse('2026-12-16T09:00:00+08:00');
    const late = await post(body());
    expect(late.statusCode).toBe(403);
    expect(late.json()).toMatchObject({ error: 'closed', message: '问卷已于 2026-12-15 截止,不再接收答卷' });
  });

  test('a kiosk that was offline delivers answers made in the period up to seven days after closing', async () => {
    now = Date.parse('2026-12-20T09:00:00+08:00');
    const made = new Date(Date.parse('2026-12-15T16:00:00+08:00')).toISOString();
    expect((await post(body({ device: 'kiosk-town-3', source: 'kiosk', createdAt: made }))).statusCode).toBe(201);
    now = Date.parse('2026-12-23T09:00:00+08:00');
    expect((await post(body({ device: 'kiosk-town-3', source: 'kiosk', createdAt: made }))).statusCode).toBe(403);
  });

  test('a submission time in the future is refused', async () => {
    const r = await post(body({ createdAt: new Date(now + 3_600_000).toISOString() }));
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toBe('bad-time');
  });

  test('answers that do not fit the form, an unknown questionnaire, or a malformed body: 4xx with a reason', async () => {
    const bad = await post(body({}, { ...good, overall: 9, hacked: '<script>' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: 'bad-answers', problems: ['hacked: unknown', 'overall: range'] });
    const unknown = await post(
      body({ subject: 'no-such', content: { kind: 'questionnaire', questionnaire: { id: 'no-such', rev: 1 }, answers: good } }),
    );
    expect(unknown.statusCode).toBe(404);
    const mismatch = await post(body({ subject: 'no-such' }));
    expect(mismatch.statusCode).toBe(422);
    for (const junk of [{}, { id: 'x' }, [], 'text', body({ device: 'a b' }), body({ source: 'board' })]) {
      const r = await post(junk);
      expect(r.statusCode, JSON.stringify(junk)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    // A refused phone answer does not use up that phone's one answer.
    expect((await post(body())).statusCode).toBe(201);
  });

  test('the answers survive a restart of the hub, and so does "this phone already answered"', async () => {
    expect((await post(body())).statusCode).toBe(201);
    await app.close();
    await start();
    expect((await post(body())).statusCode).toBe(409);
  });
});

describe('results from stored answers', () => {
  test('counts what was stored and writes a result item the office completes', async () => {
    const answers = [good, { ...good, overall: 2, problems: ['late'] }, { ...good, identity: 'urban', overall: 5 }];
    const { facts, excluded } = resultFacts(questionnaire, [...answers, { overall: 1 }]);
    expect(excluded).toHaveLength(1);
    expect(facts).toMatchObject({ questionnaire: 'eval-2026', rev: 1, opensOn: '2026-11-16', closesOn: '2026-12-15', n: 3 });
    expect(facts.questions.find((q) => q.name === 'overall')).toMatchObject({ counts: [0, 1, 0, 1, 1], mean: 3.67 });
    const files = resultFiles(questionnaire, facts, { published: '2026-12-18' });
    expect(files.id).toBe('eval-2026-result');
    expect(files.markdown).toContain('kind: result');
    expect(files.markdown).toContain('result: eval-2026-result.json');
    expect(files.markdown).toContain('summary: "共收回有效问卷 3 份,本县政务公开工作的总体满意程度平均 3.67 分(满分 5 分)。"');
    // No approval yet: the publisher will refuse it until pre-review and sign-off are written in.
    expect(files.markdown).not.toMatch(/^approval:/m);
    expect(JSON.parse(files.json)).toEqual(facts);
  });
});
