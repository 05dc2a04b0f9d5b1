/** The publisher on real files: refuses what the rules forbid, naming the file; idempotent; revisions and withdrawals. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KeyRing } from '../../src/contract/signing.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { readFeed } from './feed-writer.ts';
import { publish } from './index.ts';

let dir: string;
let content: string;
let feedDir: string;
let key: SigningKey;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-pub-'));
  content = join(dir, 'content');
  feedDir = join(dir, 'feed');
  await mkdir(content);
  key = await importKeyFile(await generateKeyFile('test'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const approval = `approval:
  preReview:
    by: 县政务公开预审小组
    at: 2026-11-10T10:00:00+08:00
  signOff:
    by: 分管副县长 刘某某
    at: 2026-11-11T09:00:00+08:00`;

const disclosure = (id: string, title = '不动产登记收费标准', extra = '') => `---
id: ${id}
kind: disclosure
channel: public
category: procedures-fees
cadence: long-term
title: ${title}
department: 县自然资源局
published: 2026-11-12
${approval}
${extra}
---
## 收费标准

住宅类不动产登记每件 80 元。
`;

const notice = (id: string, periodEnd: string) => `---
id: ${id}
kind: notice
channel: public
category: other-public
cadence: one-off
title: 关于调整公交线路的告示
department: 县交通运输局
published: 2026-11-16
${approval}
notice:
  type: decision
  periodStart: 2026-11-16
  periodEnd: ${periodEnd}
  basis:
    cause: 新建小区入住,线路覆盖不足
    time: 2026年11月16日至12月18日征求意见
    place: 县城区
    scope: 1路、2路沿线居民
  impact: 部分站点调整
  measures: 请沿线居民提出意见
---
正文。
`;

describe('publish', () => {
  test('publishes signed changes that verify with the office key', async () => {
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r).toMatchObject({ ok: true, added: 1, seq: 1 });
    const log = await readFeed(feedDir);
    const verified = await new KeyRing([key.trusted]).verify(log.envelopes[0]);
    expect(verified.ok).toBe(true);
    expect(log.changes[0]).toMatchObject({
      op: 'upsert',
      seq: 1,
      item: { id: 'fee', rev: 1, search: { initials: expect.stringContaining('bdcdjsfbz') } },
    });
  });

  test('publishing the same content twice changes nothing, not even the head', async () => {
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    await publish({ contentDir: content, feedDir, key });
    const head = await readFile(join(feedDir, 'head.json'), 'utf8');
    const again = await publish({ contentDir: content, feedDir, key });
    expect(again).toMatchObject({ ok: true, added: 0, seq: 1, headWritten: false });
    expect(await readFile(join(feedDir, 'head.json'), 'utf8')).toBe(head);
  });

  test('an edited item becomes a new revision; a withdrawal needs its own approval', async () => {
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    await publish({ contentDir: content, feedDir, key });
    // An edit needs its own pre-review and sign-off (issue 16).
    const reapprove = (md: string) =>
      md
        .replace('2026-11-10T10:00:00+08:00', '2026-11-12T10:00:00+08:00')
        .replace('2026-11-11T09:00:00+08:00', '2026-11-12T11:00:00+08:00');
    await writeFile(join(content, 'fee.md'), reapprove(disclosure('fee', '不动产登记收费标准(2027年修订)')));
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1, seq: 2 });
    expect((await readFeed(feedDir)).changes[1]).toMatchObject({ op: 'upsert', item: { rev: 2 } });

    const withdrawn = `withdrawn:
  reason: 收费标准已调整,原公告撤回
  preReview:
    by: 县政务公开预审小组
    at: 2026-11-20T10:00:00+08:00
  signOff:
    by: 分管副县长 刘某某
    at: 2026-11-20T15:00:00+08:00`;
    await writeFile(join(content, 'fee.md'), reapprove(disclosure('fee', '不动产登记收费标准(2027年修订)', withdrawn)));
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1, seq: 3 });
    expect((await readFeed(feedDir)).changes[2]).toMatchObject({ op: 'withdraw', id: 'fee', reason: '收费标准已调整,原公告撤回' });
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 0 });
  });

  test('refuses, naming the file and the rule, and publishes nothing', async () => {
    await writeFile(join(content, 'good.md'), disclosure('good'));
    await writeFile(join(content, 'no-approval.md'), disclosure('no-approval').replace(approval, ''));
    await writeFile(join(content, 'short-notice.md'), notice('short-notice', '2026-12-04'));
    await writeFile(
      join(content, 'wrong-channel.md'),
      disclosure('wrong-channel').replace('category: procedures-fees', 'category: finance'),
    );
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byFile = Object.fromEntries(r.problems.map((p) => [p.file, p.problems.join(' | ')]));
    expect(Object.keys(byFile).sort()).toEqual(['short-notice.md', 'wrong-channel.md']);
    // A file without any approval is a draft: listed, not published, not blocking.
    expect(r.drafts.map((d) => d.file)).toEqual(['no-approval.md']);
    expect(r.drafts[0]!.problems.join()).toMatch(/草稿.*预审制度 第三条/);
    expect(byFile['short-notice.md']).toMatch(/告示制度》第六条/);
    expect(byFile['short-notice.md']).toMatch(/20 个工作日/);
    expect(byFile['wrong-channel.md']).toMatch(/内外有别|channel/);
    await expect(readFile(join(feedDir, 'head.json'))).rejects.toThrow();
  });

  test('an unapproved draft never blocks the other files (issue 16)', async () => {
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    await writeFile(join(content, 'draft.md'), disclosure('draft', '评议结果(草稿)').replace(approval, ''));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r).toMatchObject({ ok: true, added: 1, items: 1 });
    expect(r.drafts.map((d) => d.file)).toEqual(['draft.md']);
    expect((await readFeed(feedDir)).changes.map((c) => (c.op === 'upsert' ? c.item.id : c.id))).toEqual(['fee']);
  });

  test("an edit under the last revision's approval is refused: an approval covers exactly its content (issue 16)", async () => {
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    await publish({ contentDir: content, feedDir, key });
    await writeFile(join(content, 'fee.md'), disclosure('fee').replace('每件 80 元', '每件 90 元'));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]!.file).toBe('fee.md');
    expect(r.problems[0]!.problems[0]).toContain('内容已修改,但审批记录与已发布的第 1 版相同');
    expect(r.problems[0]!.problems[0]).toContain('重新送预审、签发');
    expect((await readFeed(feedDir)).changes).toHaveLength(1);
    // With a new approval the edit goes out as revision 2.
    const reapproved = disclosure('fee')
      .replace('每件 80 元', '每件 90 元')
      .replace('2026-11-10T10:00:00+08:00', '2026-11-13T10:00:00+08:00')
      .replace('2026-11-11T09:00:00+08:00', '2026-11-13T15:00:00+08:00')
      .replace('published: 2026-11-12', 'published: 2026-11-14');
    await writeFile(join(content, 'fee.md'), reapproved);
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1 });
    expect((await readFeed(feedDir)).changes[1]).toMatchObject({ item: { rev: 2 } });
  });

  test('npm run publish measures a new notice from the day it publishes: a backdated period is refused', async () => {
    await writeFile(join(content, 'notice.md'), notice('notice', '2026-12-31'));
    const r = await publish({ contentDir: content, feedDir, key, publishDate: '2026-12-05' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]!.problems.join()).toContain('告示期开始日期 2026-11-16 早于发布日期 2026-12-05');
    // Once published, re-running later does not refuse the same notice again.
    expect(await publish({ contentDir: content, feedDir, key, publishDate: '2026-11-16' })).toMatchObject({ ok: true, added: 1 });
    expect(await publish({ contentDir: content, feedDir, key, publishDate: '2026-12-05' })).toMatchObject({ ok: true, added: 0 });
  });

  test('a decision notice with a full 20-working-day period is accepted', async () => {
    await writeFile(join(content, 'notice.md'), notice('notice', '2026-12-18'));
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1 });
  });

  test("the demo county's own content publishes cleanly", async () => {
    const r = await publish({ contentDir: resolve(import.meta.dirname, '../../content'), feedDir, key });
    if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
    expect(r.items).toBeGreaterThanOrEqual(35);
    const kinds = new Set((await readFeed(feedDir)).changes.map((c) => (c.op === 'upsert' ? `${c.item.kind}/${c.item.channel}` : '')));
    expect(kinds).toEqual(
      new Set(['disclosure/public', 'disclosure/internal', 'notice/public', 'hearing/public', 'questionnaire/public', 'result/public']),
    );
  });
});

describe('refreshHead', () => {
  test('re-signs the head only when less than half its lifetime is left', async () => {
    const { refreshHead } = await import('./index.ts');
    await writeFile(join(content, 'fee.md'), disclosure('fee'));
    await publish({ contentDir: content, feedDir, key, headTtlDays: 7, now: new Date(Date.now() - 2 * 86_400_000) });
    expect(await refreshHead(feedDir, key, 7)).toBe(false);

    await rm(feedDir, { recursive: true, force: true });
    await publish({ contentDir: content, feedDir, key, headTtlDays: 7, now: new Date(Date.now() - 5 * 86_400_000) });
    expect(await refreshHead(feedDir, key, 7)).toBe(true);
    const head = (await readFeed(feedDir)).head!;
    expect(head.seq).toBe(1);
    expect(Date.parse(head.expires)).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
  });
});

test('a script in a body is taken out before signing, and the clerk is told the file and the line', async () => {
  const text = `${disclosure('fees')}\n<img src=x onerror="alert(1)">\n\n<script>alert(2)</script>\n`;
  await writeFile(join(content, 'fees.md'), text);
  const r = await publish({ contentDir: content, feedDir, key });
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
  expect(r.warnings).toEqual([
    {
      file: 'fees.md',
      problems: [
        `第 ${lineOf('<img')} 行:删除了图片 <img>(图片请作为附件上传)`,
        `第 ${lineOf('onerror')} 行:删除了事件属性 onerror(会执行脚本)`,
        `第 ${lineOf('<script')} 行:删除了脚本 <script>`,
      ],
    },
  ]);
  const signed = (await readFeed(feedDir)).envelopes[0]!.payload;
  expect(signed).toContain('住宅类不动产登记每件 80 元');
  expect(signed).not.toMatch(/script|onerror|<img/);
});

describe('the working-day calendar', () => {
  test('content/_calendar.json adds a year chinese-days does not know yet', async () => {
    const n = notice('cal', '2029-01-31')
      .replace('periodStart: 2026-11-16', 'periodStart: 2029-01-02')
      .replace('published: 2026-11-16', 'published: 2029-01-02');
    await writeFile(join(content, 'cal.md'), n);
    const before = await publish({ contentDir: content, feedDir, key });
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.problems[0]!.problems.join()).toContain('涉及 2029 年');
    await writeFile(join(content, '_calendar.json'), JSON.stringify({ years: [2029], holidays: { '2029-01-01': '元旦' }, workdays: {} }));
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1 });
  });
});
