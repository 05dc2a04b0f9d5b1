/**
 * The publishing workflow over the hub's routes with real SQLite and a real signed feed: a
 * 执行类告示 drafted with a period too short (refused with its article), fixed, returned by 预审
 * and changed, passed, deliberated on the four aspects, signed and found in the feed with the
 * names of the people who acted; a drafter refused when signing; a period signed at once; a
 * revision diffed against the published one; a withdrawal; every step in the audit log.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DraftContent, DraftProblem } from '../../src/contract/workflow-content.ts';
import type { PersonIdentity } from '../access.ts';
import { AuditLog } from '../audit.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { readFeed } from '../publish/feed-writer.ts';
import { buildHub } from '../server.ts';

let dir: string;
let app: FastifyInstance;
const clock = new Date('2026-12-07T01:00:00Z'); // Monday 09:00 in the county

const people: Record<string, PersonIdentity> = {
  dr: { id: 'p-dr', name: '王起草', roles: ['drafter'], department: '县交通运输局' },
  dr2: { id: 'p-dr2', name: '李起草', roles: ['drafter'], department: '县医疗保障局' },
  pre: { id: 'p-pre', name: '赵预审', roles: ['prereview'] },
  del: { id: 'p-del', name: '钱审议', roles: ['deliberation'] },
  sign: { id: 'p-sign', name: '孙领导', roles: ['signoff'] },
  it: { id: 'p-it', name: '周信息', roles: ['it'] },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-workflow-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const signing = await importKeyFile(await generateKeyFile('test'));
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    cases: { signingKey: signing },
    now: () => clock,
  });
  // A test resolver in place of hub/people/: the header names the person.
  app.identify.person = async (req) => people[String(req.headers['x-test-person'] ?? '')] ?? null;
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

type Who = keyof typeof people;
const as = (who: Who | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: who ? { 'x-test-person': who } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const act = (who: Who, id: number, body: unknown) => as(who, 'POST', `/api/office/v1/workflow/drafts/${id}/actions`, body);
interface DraftView {
  id: number;
  itemId: string;
  state: string;
  stateZh: string;
  revision: number;
  hash: string;
  problems: DraftProblem[];
  actions: string[];
  steps: { action: string; from: string; to: string; name: string; revision: number }[];
  deliberations: { aspects: Record<string, { ok: boolean; note: string }> }[];
  diff: { against: number; published: boolean; fields: { label: string; before?: string; after?: string }[] } | null;
  returned?: { reason: string; step: string };
}

const notice = (periodEnd: string, title = '关于G202线清原段道路施工期间交通管制的告示'): DraftContent => ({
  kind: 'notice',
  channel: 'public',
  category: 'other-public',
  cadence: 'one-off',
  title,
  body: '因道路施工,G202线清原段实行交通管制。\n\n请过往车辆按指示绕行。',
  publishedAt: '2026-12-07',
  notice: {
    type: 'execution',
    periodStart: '2026-12-07',
    periodEnd,
    basis: { cause: '路面大修', time: '2026年12月7日至12月18日', place: 'G202线清原段K12至K18', scope: '过往车辆' },
    impact: '施工期间单向通行,通行时间增加约20分钟',
    measures: '设置绕行标志,安排专人疏导;请群众提前规划出行',
  },
});

const fullAspects = {
  process: { ok: true, note: '内容由交通运输局依据施工计划产生,过程公正' },
  decision: { ok: true, note: '经局务会集体研究决定' },
  result: { ok: true, note: '管制时间、路段与施工许可一致' },
  focus: { ok: true, note: '突出了绕行路线和时间' },
};

let draft: DraftView;

describe('a 执行类告示 from draft to the feed', () => {
  test('drafted with a period of 4 working days: the problem is shown beside the period, with 告示制度 第六条', async () => {
    const r = await as('dr', 'POST', '/api/office/v1/workflow/drafts', { content: notice('2026-12-10') });
    expect(r.statusCode).toBe(201);
    draft = r.json();
    expect(draft).toMatchObject({ state: 'draft', stateZh: '草稿', revision: 1 });
    expect(draft.problems).toContainEqual({
      field: 'notice.periodEnd',
      message: '执行类告示的公示期为 4 个工作日,少于《政务公开告示制度》第六条规定的 7 个工作日(2026-12-07 至 2026-12-10)',
      article: '《政务公开告示制度》第六条',
    });
    // The live check the form calls as the clerk types says the same.
    const live = await as('dr', 'POST', '/api/office/v1/workflow/check', { content: notice('2026-12-10'), draftId: draft.id });
    expect(live.json().problems).toEqual(draft.problems);
    const missing = await as('dr', 'POST', '/api/office/v1/workflow/check', {
      content: { ...notice('2026-12-18'), notice: { ...notice('2026-12-18').notice, impact: '' } },
    });
    expect(missing.json().problems.map((p: DraftProblem) => p.article)).toContain('《政务公开告示制度》第八条(二)');
  });

  test('it cannot go to 预审 with problems; fixed, it is a new revision with none', async () => {
    const refused = await act('dr', draft.id, { type: 'submit' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ message: '稿件还有问题,改正后才能提交预审' });
    const fixed = await as('dr', 'PUT', `/api/office/v1/workflow/drafts/${draft.id}`, { content: notice('2026-12-18') });
    expect(fixed.statusCode).toBe(200);
    draft = fixed.json();
    expect(draft).toMatchObject({ revision: 2, problems: [] });
    expect(draft.diff?.fields.map((f) => [f.label, f.before, f.after])).toEqual([['告示期止', '2026-12-10', '2026-12-18']]);
    const submitted = await act('dr', draft.id, { type: 'submit' });
    expect(submitted.json()).toMatchObject({ state: 'prereview', stateZh: '待预审' });
  });

  test('another department’s drafter can neither see nor touch it; strangers and other roles are refused', async () => {
    expect((await as('dr2', 'GET', `/api/office/v1/workflow/drafts/${draft.id}`)).statusCode).toBe(404);
    expect((await as(null, 'GET', `/api/office/v1/workflow/drafts/${draft.id}`)).statusCode).toBe(401);
    expect((await as('it', 'GET', '/api/office/v1/workflow/queue')).statusCode).toBe(403);
    expect((await as('pre', 'POST', '/api/office/v1/workflow/drafts', { content: notice('2026-12-18') })).statusCode).toBe(403);
  });

  test('待我处理: it waits for the pre-review group, not for its drafter', async () => {
    const pre = (await as('pre', 'GET', '/api/office/v1/workflow/queue')).json().drafts;
    expect(pre.map((d: DraftView) => d.id)).toEqual([draft.id]);
    expect((await as('dr', 'GET', '/api/office/v1/workflow/queue')).json().drafts).toEqual([]);
  });

  test('预审 returns it with a reason; the drafter changes it and submits again', async () => {
    const back = await act('pre', draft.id, { type: 'return', reason: '请在措施中写明咨询电话' });
    expect(back.json()).toMatchObject({ state: 'returned', returned: { reason: '请在措施中写明咨询电话', step: 'prereview' } });
    const queue = (await as('dr', 'GET', '/api/office/v1/workflow/queue')).json().drafts;
    expect(queue.map((d: DraftView) => d.state)).toEqual(['returned']);
    const changed = notice('2026-12-18');
    changed.notice!.measures = '设置绕行标志,安排专人疏导;咨询电话 53034645';
    draft = (await as('dr', 'PUT', `/api/office/v1/workflow/drafts/${draft.id}`, { content: changed })).json();
    expect(draft).toMatchObject({ state: 'returned', revision: 3 });
    expect((await act('dr', draft.id, { type: 'submit' })).json()).toMatchObject({ state: 'prereview' });
  });

  test('预审 passes exactly the revision seen; the drafter may not pass their own; a drafter signing is refused 403', async () => {
    expect((await act('pre', draft.id, { type: 'prereview-pass', hash: 'a'.repeat(64) })).statusCode).toBe(409);
    const own = await act('dr', draft.id, { type: 'prereview-pass', hash: draft.hash });
    expect(own.statusCode).toBe(403);
    const sign = await act('dr', draft.id, { type: 'sign', hash: draft.hash });
    expect(sign.statusCode).toBe(403);
    expect(sign.json().message).toBe('只有分管领导可以签发(《政务公开制度》四)');
    const ok = await act('pre', draft.id, { type: 'prereview-pass', hash: draft.hash });
    expect(ok.json()).toMatchObject({ state: 'deliberation', stateZh: '待审议' });
  });

  test('审议 records the four aspects, each with a note, kept in the archive', async () => {
    const missing = await act('del', draft.id, {
      type: 'deliberate',
      hash: draft.hash,
      aspects: { ...fullAspects, focus: { ok: true, note: '' } },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toBe('请就「是否突出重点」写明审议意见(《政务公开工作审议制度》二)');
    const ok = await act('del', draft.id, { type: 'deliberate', hash: draft.hash, aspects: fullAspects, summary: '同意公开' });
    draft = ok.json();
    expect(draft).toMatchObject({ state: 'signoff', stateZh: '待签发' });
    expect(draft.deliberations).toHaveLength(1);
    expect(draft.deliberations[0]?.aspects.decision).toEqual({ ok: true, note: '经局务会集体研究决定' });
  });

  test('签发 puts it in the signed feed at once, with the names and times of the people who acted', async () => {
    const r = await act('sign', draft.id, { type: 'sign', hash: draft.hash });
    expect(r.statusCode).toBe(200);
    draft = r.json();
    expect(draft).toMatchObject({ state: 'published', stateZh: '已发布' });
    const feed = await readFeed(join(dir, 'feed'));
    const change = feed.changes.find((c) => c.op === 'upsert' && c.item.id === draft.itemId);
    expect(change).toMatchObject({
      op: 'upsert',
      item: { kind: 'notice', title: '关于G202线清原段道路施工期间交通管制的告示', department: '县交通运输局', rev: 1 },
      approval: { preReview: { by: '赵预审', at: clock.toISOString() }, signOff: { by: '孙领导', at: clock.toISOString() } },
    });
    expect(draft.steps.map((s) => `${s.action}:${s.from}→${s.to}`)).toEqual([
      'create:draft→draft',
      'edit:draft→draft',
      'submit:draft→prereview',
      'return:prereview→returned',
      'edit:returned→returned',
      'submit:returned→prereview',
      'prereview-pass:prereview→deliberation',
      'deliberate:deliberation→signoff',
      'sign:signoff→signed',
      'publish:signed→published',
    ]);
  });

  test('every step is in the append-only audit log, with who and from which state to which', () => {
    const log = new AuditLog((app as unknown as { db: ConstructorParameters<typeof AuditLog>[0] }).db).list({
      subject: `draft:${draft.id}`,
    });
    expect(log.map((e) => [e.actor, e.action, e.from, e.to]).reverse()).toEqual([
      ['p-dr', 'draft.create', '草稿', '草稿'],
      ['p-dr', 'draft.edit', '草稿', '草稿'],
      ['p-dr', 'draft.submit', '草稿', '待预审'],
      ['p-pre', 'draft.return', '待预审', '退回修改'],
      ['p-dr', 'draft.edit', '退回修改', '退回修改'],
      ['p-dr', 'draft.submit', '退回修改', '待预审'],
      ['p-pre', 'draft.prereview-pass', '待预审', '待审议'],
      ['p-del', 'draft.deliberate', '待审议', '待签发'],
      ['p-sign', 'draft.sign', '待签发', '已签发'],
      ['p-sign', 'draft.publish', '已签发', '已发布'],
    ]);
  });

  test('修订: a new revision of the published notice is diffed against the published one', async () => {
    const revised = notice('2026-12-25');
    const r = await as('dr', 'PUT', `/api/office/v1/workflow/drafts/${draft.id}`, { content: revised });
    const d: DraftView = r.json();
    expect(d).toMatchObject({ state: 'draft', revision: 4 });
    expect(d.diff).toMatchObject({ against: 3, published: true });
    expect(d.diff?.fields.map((f) => f.label)).toEqual(['告示期止', '处理措施、方法']);
  });

  test('撤回 by a leader with a reason writes a withdrawal to the feed', async () => {
    const other = (
      await as('dr', 'POST', '/api/office/v1/workflow/drafts', { content: notice('2026-12-18', '关于供水管网检修停水的告示') })
    ).json() as DraftView;
    await act('dr', other.id, { type: 'submit' });
    await act('pre', other.id, { type: 'prereview-pass', hash: other.hash });
    await act('del', other.id, { type: 'deliberate', hash: other.hash, aspects: fullAspects });
    await act('sign', other.id, { type: 'sign', hash: other.hash });
    expect((await act('dr', other.id, { type: 'withdraw', reason: '检修计划取消' })).statusCode).toBe(403);
    expect((await act('sign', other.id, { type: 'withdraw', reason: '' })).statusCode).toBe(422);
    const w = await act('sign', other.id, { type: 'withdraw', reason: '检修计划取消,另行告示' });
    expect(w.json()).toMatchObject({ state: 'withdrawn', stateZh: '已撤回' });
    const feed = await readFeed(join(dir, 'feed'));
    expect(feed.changes.at(-1)).toMatchObject({ op: 'withdraw', id: other.itemId, reason: '检修计划取消,另行告示' });
  });
});

describe('按期签发', () => {
  test('the leader signs the period’s drafts at once; a stale one refuses the whole batch', async () => {
    const ids: DraftView[] = [];
    for (const title of ['关于县城冬季供暖时间的告示', '关于农村客运线路调整的告示']) {
      const d = (await as('dr', 'POST', '/api/office/v1/workflow/drafts', { content: notice('2026-12-18', title) })).json() as DraftView;
      await act('dr', d.id, { type: 'submit' });
      await act('pre', d.id, { type: 'prereview-pass', hash: d.hash });
      await act('del', d.id, { type: 'deliberate', hash: d.hash, aspects: fullAspects });
      ids.push(d);
    }
    const period = (await as('sign', 'GET', '/api/office/v1/workflow/periods/2026-12')).json();
    expect(period.drafts.filter((d: DraftView) => d.state === 'signoff').map((d: DraftView) => d.id)).toEqual(
      ids.map((d) => d.id).reverse(),
    );
    const stale = await as('sign', 'POST', '/api/office/v1/workflow/periods/2026-12/sign', {
      items: { [ids[0]!.itemId]: ids[0]!.hash, [ids[1]!.itemId]: 'b'.repeat(64) },
    });
    expect(stale.statusCode).toBe(409);
    const before = (await readFeed(join(dir, 'feed'))).changes.length;
    expect(before).toBeGreaterThan(0);
    const ok = await as('sign', 'POST', '/api/office/v1/workflow/periods/2026-12/sign', {
      items: Object.fromEntries(ids.map((d) => [d.itemId, d.hash])),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().signed).toEqual(ids.map((d) => d.itemId));
    const feed = await readFeed(join(dir, 'feed'));
    expect(feed.changes.slice(before).map((c) => (c.op === 'upsert' ? c.item.title : c.op))).toEqual([
      '关于县城冬季供暖时间的告示',
      '关于农村客运线路调整的告示',
    ]);
    expect((await as('dr', 'POST', '/api/office/v1/workflow/periods/2026-12/sign', { items: {} })).statusCode).toBe(403);
  });
});

describe('attachments', () => {
  test('a PDF is stored by its hash; other types and a fake PDF are refused in Chinese', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%测试\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const r = await app.inject({
      method: 'POST',
      url: '/api/office/v1/workflow/files?name=施工示意图.pdf',
      headers: { 'x-test-person': 'dr', 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ name: '施工示意图.pdf', type: 'application/pdf', bytes: pdf.byteLength });
    expect(r.json().href).toMatch(/^files\/[0-9a-f]{64}\.pdf$/);
    const back = await as('pre', 'GET', `/api/office/v1/workflow/files/${r.json().href.slice(6)}`);
    expect(back.rawPayload.equals(pdf)).toBe(true);
    const fake = await app.inject({
      method: 'POST',
      url: '/api/office/v1/workflow/files',
      headers: { 'x-test-person': 'dr', 'content-type': 'application/pdf' },
      payload: Buffer.from('not a pdf'),
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().message).toBe('文件内容不是 PDF,请检查文件');
  });
});

describe('one door: Markdown enters the workflow, never the feed directly', () => {
  const md = (id: string, department: string, periodEnd = '2026-12-18') => `---
id: ${id}
kind: notice
channel: public
category: other-public
cadence: hot
title: 关于${id}的告示
department: ${department}
published: 2026-12-07
approval:
  preReview: { by: 某人, at: 2026-12-01T09:00:00+08:00 }
  signOff: { by: 某领导, at: 2026-12-02T09:00:00+08:00 }
notice:
  type: execution
  periodStart: 2026-12-07
  periodEnd: ${periodEnd}
  basis: { cause: 道路大修, time: 每日7时至19时, place: G202线K12至K18, scope: 过往车辆 }
  impact: 单向通行
  measures: 设置绕行标志,咨询电话 53034645
---
因道路大修,施工期间实行交通管制。
`;

  test('each file becomes a draft submitted to 预审, or stays out with its reason; the feed does not move', async () => {
    const before = (await readFeed(join(dir, 'feed'))).changes.length;
    const r = await as('dr', 'POST', '/api/office/v1/workflow/import', {
      files: [
        { name: 'import-good.md', text: md('import-good', '县交通运输局') },
        { name: 'import-short.md', text: md('import-short', '县交通运输局', '2026-12-08') },
        { name: 'import-other.md', text: md('import-other', '县医疗保障局') },
        { name: 'Bad Name.md', text: '---\ntitle: 无编号\n---\n正文' },
      ],
    });
    expect(r.statusCode).toBe(200);
    const results = r.json().results as { file: string; ok: boolean; state?: string; message: string }[];
    expect(results.map((x) => [x.file, x.ok, x.state])).toEqual([
      ['import-good.md', true, '待预审'],
      ['import-short.md', false, '草稿'],
      ['import-other.md', false, undefined],
      ['Bad Name.md', false, undefined],
    ]);
    expect(results[0]!.message).toContain('文件中的审批记录 approval 不再采用');
    expect(results[1]!.message).toContain('《政务公开告示制度》第六条');
    expect(results[2]!.message).toBe('「县医疗保障局」的稿件须由该部门的起草人起草');
    expect(results[3]!.message).toContain('编号');
    // Nothing reached the feed: the approvals written in the files count for nothing.
    expect((await readFeed(join(dir, 'feed'))).changes.length).toBe(before);
    const queue = (await as('pre', 'GET', '/api/office/v1/workflow/queue')).json().drafts as { itemId: string }[];
    expect(queue.map((d) => d.itemId)).toContain('import-good');
    // The same file again changes nothing and says so.
    const again = (
      await as('dr', 'POST', '/api/office/v1/workflow/import', {
        files: [{ name: 'import-good.md', text: md('import-good', '县交通运输局') }],
      })
    ).json();
    expect(again.results[0]).toMatchObject({ ok: false, message: '内容与现有稿件相同(待预审),未重复导入' });
    // Only a drafter imports.
    expect(
      (await as('pre', 'POST', '/api/office/v1/workflow/import', { files: [{ name: 'x.md', text: md('x', '县交通运输局') }] })).statusCode,
    ).toBe(403);
  });
});
