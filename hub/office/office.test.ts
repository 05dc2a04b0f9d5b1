/**
 * The office's side on the command line, as the office runs it: the inbox
 * listed and opened with the keys from a folder, status and answer set, and
 * the anonymised answer published into the signed feed with its approval.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sealTestSubmission } from '../../e2e/support/intake.ts';
import { Change } from '../../src/contract/feed.ts';
import { KeyRing } from '../../src/contract/signing.ts';
import { formatTrackingCode } from '../../src/contract/tracking-code.ts';
import { openDb } from '../db.ts';
import { endorseIntakeKeys, writeOfficeKeys } from '../intake/keys.ts';
import { IntakeStore } from '../intake/store.ts';
import { loadOrCreateKey, type SigningKey } from '../keys.ts';
import { readFeed, writeFeed } from '../publish/feed-writer.ts';
import { answerItem } from './publish-answer.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
let dir: string;
let key: SigningKey;
let code: string;

const office = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'hub/office/cli.ts', ...args, '--data', dir], { cwd: root }).then((r) => r.stdout);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-office-'));
  key = (await loadOrCreateKey(join(dir, 'keys/signing.json'))).key;
  await writeFeed(join(dir, 'feed'), await readFeed(join(dir, 'feed')), {
    feedId: 'qingyuan-zwgk',
    publisher: '清原满族自治县政务公开办',
    key,
    changes: [],
  });
  const pub = await writeOfficeKeys(join(dir, 'usb'));
  const block = await endorseIntakeKeys(pub, [key.trusted], key);
  const s = await sealTestSubmission(block, {
    content: { category: 'delay', department: '县医疗保障局', what: '医保报销三个月没有结果', major: false, named: true },
    identity: { name: '王秀英', phone: '13800138000' },
  });
  code = s.trackingCode;
  const db = openDb(join(dir, 'hub.sqlite'), []);
  new IntakeStore(db).insert(s, 'd'.repeat(64), '{}', new Date().toISOString());
  db.close();
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run office', () => {
  test('list and open with the keys from the USB folder; without the 保密密钥 the name stays sealed', async () => {
    expect(await office('list', '--keys', join(dir, 'usb'))).toContain('医保报销三个月没有结果');
    const full = await office('open', formatTrackingCode(code).toLowerCase(), '--keys', join(dir, 'usb'));
    expect(full).toContain('王秀英 13800138000');
    expect(full).toContain('拖着不办或超时未办');
    // A department given only the handling key.
    const { rm: remove, readdir, mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(join(dir, 'dept'));
    for (const f of await readdir(join(dir, 'usb')))
      if (f.startsWith('content-')) await copyFile(join(dir, 'usb', f), join(dir, 'dept', f));
    const dept = await office('open', code, '--keys', join(dir, 'dept'));
    expect(dept).toContain('医保报销三个月没有结果');
    expect(dept).not.toContain('王秀英');
    expect(dept).toContain('需保密密钥才能查看');
    await remove(join(dir, 'dept'), { recursive: true });
  }, 60_000);

  test('status and answer, then the answer published into the feed with its approval, anonymised', async () => {
    expect(await office('status', code, '办理中', '--note', '转县医疗保障局')).toContain('办理中');
    expect(await office('answer', code, '--text', '经核实,已于12月1日报销到账,并对经办人批评教育。')).toContain('已答复');
    // Refused without the approval record (预审制度 第三条).
    await expect(office('publish', code, '--title', '关于医保报销时限的答复', '--question', '群众反映医保报销时间过长。')).rejects.toThrow(
      /pre-review-by/,
    );
    const out = await office(
      'publish',
      code,
      '--title',
      '关于医保报销时限的答复',
      '--question',
      '群众反映县医保报销三个月未到账。',
      '--department',
      '县医疗保障局',
      '--pre-review-by',
      '县政务公开预审小组',
      '--pre-review-at',
      new Date(Date.now() - 2 * 3_600_000).toISOString(),
      '--sign-off-by',
      '常务副县长 张某某',
      '--sign-off-at',
      new Date(Date.now() - 3_600_000).toISOString(),
      '--keys',
      join(dir, 'usb'),
    );
    expect(out).toContain(`answer-${code.toLowerCase()}`);
    const log = await readFeed(join(dir, 'feed'));
    const env = log.envelopes.at(-1)!;
    const verified = await new KeyRing([key.trusted]).verify(env);
    expect(verified.ok).toBe(true);
    const change = v.parse(Change, verified.ok ? verified.payload : null);
    expect(change.op === 'upsert' && change.item).toMatchObject({
      kind: 'answer',
      category: 'complaint-channels',
      title: '关于医保报销时限的答复',
    });
    expect(env.payload).toContain('已于12月1日报销到账');
    for (const secret of ['王秀英', '13800138000', '三个月没有结果']) expect(env.payload).not.toContain(secret);
  }, 60_000);

  test('an answer naming the citizen, a phone or an ID number is not published', () => {
    const row = {
      tracking_code: code,
      kind: 'complaint',
      status: 'answered',
      answer: '已联系王秀英(13800138000)核实。',
      answered_at: new Date().toISOString(),
    };
    const approval = {
      preReview: { by: '预审小组', at: '2026-11-01T09:00:00+08:00' },
      signOff: { by: '副县长', at: '2026-11-02T09:00:00+08:00' },
    };
    const r = answerItem({
      row: row as never,
      title: '答复',
      question: '身份证 21042319500101123X 的群众反映……',
      department: '县政务公开办',
      approval,
      identity: { name: '王秀英', phone: '13800138000' },
      publishedAt: '2026-11-03',
    });
    expect(r.item).toBeUndefined();
    expect(r.problems.join('\n')).toContain('问题摘要中含有个人信息(身份证号码)');
    expect(r.problems.join('\n')).toContain('答复中含有个人信息(手机号码、投诉人姓名「王秀英」、投诉人电话)');
  });
});
