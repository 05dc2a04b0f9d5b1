/** The publisher on questionnaire and result files: refuses broken forms with the file and the reason; signs good ones. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { readFeed } from './feed-writer.ts';
import { publish } from './index.ts';

let dir: string;
let content: string;
let feedDir: string;
let key: SigningKey;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-pubq-'));
  content = join(dir, 'content');
  feedDir = join(dir, 'feed');
  await mkdir(join(content, 'questionnaires'), { recursive: true });
  key = await importKeyFile(await generateKeyFile('test'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const header = (id: string, kind: string, extra: string) => `---
id: ${id}
kind: ${kind}
channel: public
category: other-public
cadence: one-off
title: 政务公开评议问卷
department: 县政务公开办
published: 2026-11-16
approval:
  preReview: { by: 县政务公开预审小组, at: 2026-11-12T15:00:00+08:00 }
  signOff: { by: 县政务公开领导小组组长, at: 2026-11-13T10:00:00+08:00 }
${extra}
---
请您参与评议。
`;
const period = `questionnaire: { opensOn: 2026-11-16, closesOn: 2026-12-15 }`;
const form = (elements: unknown[]) => JSON.stringify({ pages: [{ title: '评议', elements }] }, null, 2);
const rating = { type: 'rating', name: 'overall', title: '总体满意度', isRequired: true };

async function write(file: string, text: string) {
  await writeFile(join(content, file), text);
}

describe('publishing a questionnaire', () => {
  test('a form in a JSON file beside the Markdown file is checked and signed into the feed', async () => {
    await write('questionnaires/eval.md', header('eval', 'questionnaire', `${period}\nform: eval.form.json`));
    await write('questionnaires/eval.form.json', form([{ ...rating, colCount: 2, startWithNewLine: false }]));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r).toMatchObject({ ok: true, added: 1 });
    const change = (await readFeed(feedDir)).changes[0]!;
    expect(change.op === 'upsert' && change.item.kind === 'questionnaire' && change.item).toMatchObject({
      questionnaire: { opensOn: '2026-11-16', closesOn: '2026-12-15' },
      form: { pages: [{ title: '评议', elements: [rating] }] },
    });
    // SurveyJS layout settings are accepted but not signed into the feed.
    expect(JSON.stringify(change)).not.toContain('colCount');
  });

  test('a form written inline in the front matter works the same', async () => {
    await write(
      'questionnaires/eval.md',
      header(
        'eval',
        'questionnaire',
        `${period}\nform:\n  pages:\n    - elements:\n        - { type: rating, name: overall, title: 总体满意度 }`,
      ),
    );
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 1 });
  });

  test('broken definitions are refused with the file and the reason, and nothing is published', async () => {
    await write('questionnaires/a.md', header('a', 'questionnaire', `${period}\nform: a.form.json`));
    await write(
      'questionnaires/a.form.json',
      form([
        rating,
        { type: 'dropdown', name: 'town', title: '乡镇', choices: ['清原镇', '草市镇'] },
        { type: 'rating', name: 'overall', title: '重复的名字' },
        { type: 'comment', name: 'why', title: '原因', visibleIf: '{overal} <= 2' },
      ]),
    );
    await write('questionnaires/b.md', header('b', 'questionnaire', `${period}\nform: missing.json`));
    await write('questionnaires/c.md', header('c', 'questionnaire', period));
    await write('questionnaires/d.md', header('d', 'questionnaire', `${period}\nform: d.form.json`));
    await write('questionnaires/d.form.json', '{ "pages": [ ');
    await write(
      'questionnaires/e.md',
      header('e', 'questionnaire', `questionnaire: { opensOn: 2026-10-01, closesOn: 2026-10-31 }\nform: a.form.json`),
    );
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byFile = Object.fromEntries(r.problems.map((p) => [p.file, p.problems]));
    expect(byFile['questionnaires/a.md']).toEqual([
      'form(questionnaires/a.form.json) 第 1 页第 2 题(town) type:不支持的题型 "dropdown":只支持 radiogroup(单选)、checkbox(多选)、rating(评分)、text(简答)、comment(问答)、matrix(矩阵)',
    ]);
    expect(byFile['questionnaires/b.md']).toEqual(['form:找不到文件 questionnaires/missing.json']);
    expect(byFile['questionnaires/c.md']).toEqual([
      '缺少问卷表单 form(写在本文件中,或写同目录下 JSON 文件的文件名,见 docs/questionnaire.md)',
    ]);
    expect(byFile['questionnaires/d.md']?.[0]).toMatch(/^form:文件 questionnaires\/d\.form\.json 不是合法的 JSON/);
    expect(byFile['questionnaires/e.md']?.[0]).toContain('form(questionnaires/a.form.json)');
    expect(await readFeed(feedDir)).toMatchObject({ envelopes: [] });
  });

  test('once the shape is right, duplicate names and conditions naming unknown questions are refused', async () => {
    await write('questionnaires/a.md', header('a', 'questionnaire', `${period}\nform: a.form.json`));
    await write(
      'questionnaires/a.form.json',
      form([
        rating,
        { type: 'rating', name: 'overall', title: '重复的名字' },
        { type: 'comment', name: 'why', title: '原因', visibleIf: '{overal} <= 2' },
      ]),
    );
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok === false && r.problems).toEqual([
      {
        file: 'questionnaires/a.md',
        problems: [
          'form(questionnaires/a.form.json) 第 1 页第 2 题(overall):题目名 overall 与第 1 页第 1 题(overall)重复',
          'form(questionnaires/a.form.json) 第 1 页第 3 题(why):条件 “{overal} <= 2” 引用了不存在的题目 overal',
        ],
      },
    ]);
  });

  test('a period that ends before publishing, or ends before it opens, is refused', async () => {
    await write(
      'questionnaires/a.md',
      header('a', 'questionnaire', `questionnaire: { opensOn: 2026-10-01, closesOn: 2026-10-31 }\nform: f.json`),
    );
    await write(
      'questionnaires/b.md',
      header('b', 'questionnaire', `questionnaire: { opensOn: 2026-12-01, closesOn: 2026-11-30 }\nform: f.json`),
    );
    await write('questionnaires/f.json', form([rating]));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok === false && r.problems).toEqual([
      { file: 'questionnaires/a.md', problems: ['问卷截止日期 2026-10-31 早于发布日期 2026-11-16,发布后无法填写'] },
      {
        file: 'questionnaires/b.md',
        problems: ['「问卷 questionnaire」(questionnaire)截止日期 closesOn 不能早于开始日期 opensOn(《政务公开评议制度》第四条)'],
      },
    ]);
  });

  test('a form file outside content/ is refused', async () => {
    await write('questionnaires/a.md', header('a', 'questionnaire', `${period}\nform: ../../secret.json`));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok === false && r.problems[0]?.problems).toEqual(['form:文件 ../../secret.json 不在 content/ 目录内']);
  });
});

describe('publishing a result (评议结果)', () => {
  const result = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      questionnaire: 'eval',
      rev: 1,
      opensOn: '2026-11-16',
      closesOn: '2026-12-15',
      n: 3,
      questions: [{ type: 'rating', name: 'overall', title: '总体满意度', n: 3, min: 1, max: 5, counts: [0, 0, 1, 1, 1], mean: 4 }],
      ...over,
    });

  beforeEach(async () => {
    await write('questionnaires/eval.md', header('eval', 'questionnaire', `${period}\nform: eval.form.json`));
    await write('questionnaires/eval.form.json', form([rating]));
  });

  test('is signed into the feed with its figures', async () => {
    await write('questionnaires/eval-result.md', header('eval-result', 'result', 'result: eval-result.json'));
    await write('questionnaires/eval-result.json', result());
    expect(await publish({ contentDir: content, feedDir, key })).toMatchObject({ ok: true, added: 2 });
    const items = (await readFeed(feedDir)).changes.flatMap((c) => (c.op === 'upsert' ? [c.item] : []));
    expect(items.find((i) => i.kind === 'result')).toMatchObject({ result: { n: 3, questions: [{ mean: 4 }] } });
  });

  test('figures that do not add up, an unknown questionnaire or another period are refused', async () => {
    await write('questionnaires/r1.md', header('r1', 'result', 'result: r1.json'));
    await write(
      'questionnaires/r1.json',
      result({ questions: [{ type: 'rating', name: 'overall', title: 'x', n: 3, min: 1, max: 5, counts: [0, 0, 1, 1, 2], mean: 4 }] }),
    );
    await write('questionnaires/r2.md', header('r2', 'result', 'result: r2.json'));
    await write('questionnaires/r2.json', result({ questionnaire: 'nope' }));
    await write('questionnaires/r3.md', header('r3', 'result', 'result: r3.json'));
    await write('questionnaires/r3.json', result({ opensOn: '2026-11-01' }));
    const r = await publish({ contentDir: content, feedDir, key });
    expect(r.ok === false && r.problems).toEqual([
      { file: 'questionnaires/r1.md', problems: ['评议结果 overall:各分值人数之和不等于作答人数'] },
      { file: 'questionnaires/r2.md', problems: ['评议结果所属的问卷 nope 不在 content/ 中'] },
      {
        file: 'questionnaires/r3.md',
        problems: ['评议结果的评议期 2026-11-01 至 2026-12-15 与问卷 eval 的 2026-11-16 至 2026-12-15 不符'],
      },
    ]);
  });
});
