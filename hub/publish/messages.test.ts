/** A clerk's mistakes answered in Chinese: missing fields, wrong values, YAML slips, Chinese values accepted (issue 16). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readContent } from './content.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-msg-'));
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const file = (front: string) => `---\n${front}\n---\n正文。\n`;
const approval = `approval:
  preReview:
    by: 县政务公开预审小组
    at: 2026-11-10T10:00:00+08:00
  signOff:
    by: 分管副县长 刘某某
    at: 2026-11-11T09:00:00+08:00`;
const head = (extra: string) => `id: road
kind: 告示
channel: 对外
category: 其他公开事项
cadence: 一次性
title: 关于调整公交线路的告示
department: 县交通运输局
published: 2026-11-16
${approval}
${extra}`;

async function problemsOf(text: string): Promise<string[]> {
  await writeFile(join(dir, 'x.md'), text);
  const r = await readContent(dir);
  return r.problems.flatMap((p) => p.problems);
}

describe('messages a clerk meets', () => {
  test('Chinese values are accepted where a clerk would write them', async () => {
    const notice = `notice:
  type: 执行类
  periodStart: 2026-11-16
  periodEnd: 2026-11-30
  basis: { cause: 道路施工, time: 11月, place: 城区, scope: 1路 }
  impact: 绕行
  measures: 临时站点`;
    await writeFile(join(dir, 'x.md'), file(head(notice)));
    const r = await readContent(dir);
    expect(r.problems).toEqual([]);
    expect(r.items[0]!.item).toMatchObject({ kind: 'notice', channel: 'public', category: 'other-public', cadence: 'one-off' });
    expect(r.items[0]!.item.kind === 'notice' && r.items[0]!.item.notice.type).toBe('execution');
  });

  test('a missing element is named in Chinese with its article, not in valibot English', async () => {
    const notice = `notice:
  type: decision
  periodStart: 2026-11-16
  periodEnd: 2026-12-31
  basis: { cause: 道路施工, time: 11月, place: 城区, scope: 1路 }
  measures: 临时站点`;
    const problems = await problemsOf(file(head(notice)));
    expect(problems).toEqual(['缺少「事件的影响」(notice.impact)(《政务公开告示制度》第八条(二))']);
    expect(problems.join()).not.toMatch(/Invalid|Expected|received/);
  });

  test('a wrong value lists the choices in Chinese and English', async () => {
    const notice = `notice:
  type: 通知类
  periodStart: 2026-11-16
  periodEnd: 2026-12-31
  basis: { cause: 道路施工, time: 11月, place: 城区, scope: 1路 }
  impact: 绕行
  measures: 临时站点`;
    const problems = await problemsOf(file(head(notice)));
    expect(problems[0]).toContain('「告示类别(决策类/执行类/应急类)」(notice.type)填写的「通知类」不是可用的值');
    expect(problems[0]).toContain('执行类(execution)');
  });

  test('YAML mistakes come with the line number, in Chinese', async () => {
    const broken = `id: road
kind: notice
title: 关于调整公交线路的告示
  department: 县交通运输局`;
    const problems = await problemsOf(file(broken));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^文件开头的字段\(front matter\)第 \d+ 行/);
    expect(problems[0]).not.toMatch(/bad indentation|YAMLException/);
  });

  test('cadre appointments are public: appointment-notice on 对外, personnel refused with the pointer', async () => {
    const ok = file(head('').replace('category: 其他公开事项', 'category: appointment-notice').replace('kind: 告示', 'kind: disclosure'));
    expect(await problemsOf(ok)).toEqual([]);
    const wrong = file(head('').replace('category: 其他公开事项', 'category: personnel').replace('kind: 告示', 'kind: disclosure'));
    const problems = await problemsOf(wrong);
    expect(problems[0]).toContain('请用类别 appointment-notice');
    expect(problems[0]).toContain('《政务公开告示制度》第四条(二)');
  });

  test('schema and rule problems of a file come together', async () => {
    const notice = `notice:
  type: decision
  periodStart: 2026-11-16
  periodEnd: 2026-11-20
  basis: { cause: 道路施工, time: 11月, place: 城区, scope: 1路 }
  impact: 绕行
  measures: 临时站点`;
    const problems = await problemsOf(file(head(notice).replace('title: 关于调整公交线路的告示\n', '')));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe('「标题」(title)不能为空');
    expect(problems[1]).toContain('少于《政务公开告示制度》第六条规定的 20 个工作日');
  });
});
