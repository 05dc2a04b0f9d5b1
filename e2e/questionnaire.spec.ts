/**
 * Questionnaires (issue #5): the county's 政务公开评议 questionnaire answered
 * at the kiosk and on a phone from a QR code, carried from kiosk to phone,
 * limited per session and per phone, sealed on the device and delivered
 * through the outbox and the hub's intake (issue 4), and the published result
 * drawn as charts whose numbers are the answers that went in.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { Inbox } from '../hub/office/inbox.ts';
import { readFeedAt } from '../hub/publish/feed-writer.ts';
import { answersFromInbox } from '../hub/questionnaire/inbox-answers.ts';
import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { outboxCount } from './support/forms.ts';
import { ROOT, startHub, type TestHub } from './support/hub.ts';
import { decodeQrFromPng } from './support/qr.ts';
import {
  AREAS,
  answerDemo,
  answerFirstPages,
  answerLastPages,
  type DemoAnswers,
  publishContent,
  QUESTIONNAIRE_ID,
  questionnaireContent,
} from './support/questionnaire.ts';
import { storedText } from './support/storage.ts';

/** The answers the hub's intake holds for the questionnaire, opened with the office's keys (as the office's command reads them). */
async function stored(hub: TestHub): Promise<unknown[]> {
  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  try {
    const opened = await answersFromInbox(inbox, QUESTIONNAIRE_ID, hub.intake.officeKeys);
    expect(opened.unopened).toEqual([]);
    return opened.answers;
  } finally {
    inbox.close();
  }
}

/** What the hub stored, as bytes: sealed, so nothing the citizen wrote is readable there. */
function storedBodies(hub: TestHub): string {
  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  try {
    return inbox
      .list({ kind: 'questionnaire' })
      .map((r) => r.body)
      .join('\n');
  } finally {
    inbox.close();
  }
}

async function phone(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return ctx.newPage();
}

const allFine: DemoAnswers = { identity: '城镇居民', channels: ['政务服务中心触摸屏'], overall: 5, areas: '满意' };

test('at the kiosk: one page at a time, plain messages, live conditions, back and forward keep the answers; the hub keeps it once', async ({
  page,
  feed,
  hub,
}) => {
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/?config=default`);
  const entry = page.getByRole('region', { name: '群众评议' }).getByRole('button', { name: /2026年度全县政务公开工作群众评议问卷/ });
  await expect(entry).toContainText('评议问卷');
  await entry.click();
  await expect(page.getByText(/^填写时间:/)).toBeVisible();
  await page.getByRole('button', { name: '开始填写' }).click();

  // Nothing answered: the citizen is told what to do, and stays on the page.
  await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '还有 1 道题需要填写或修改' })).toBeVisible();
  await expect(page.getByRole('group', { name: /您的身份/ }).getByText('请回答这道题。')).toBeVisible();
  await expect(page.getByText('第 1 页,共 4 页')).toBeVisible();
  await page.getByRole('radio', { name: '农村居民' }).check();
  // The message follows the answer.
  await expect(page.getByText('请回答这道题。')).toHaveCount(0);
  await page.getByRole('button', { name: /下一页/ }).click();

  // "其他渠道" asks for the channel, live; unticking takes the question away again.
  await expect(page.getByText('第 2 页,共 4 页')).toBeVisible();
  const other = page.getByRole('textbox', { name: '请写明其他渠道' });
  await expect(other).toHaveCount(0);
  await page.getByRole('checkbox', { name: '其他渠道' }).check();
  await expect(other).toBeVisible();
  await page.getByRole('checkbox', { name: '其他渠道' }).uncheck();
  await expect(other).toHaveCount(0);
  await page.getByRole('checkbox', { name: '村（社区）务公开栏' }).check();
  await page.getByRole('radio', { name: '2 分' }).check();
  await page.getByRole('button', { name: /下一页/ }).click();

  // The matrix asks for every row, and says how many are left.
  await page.getByRole('radiogroup', { name: AREAS[0] }).getByRole('radio', { name: '满意', exact: true }).check();
  await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.getByText('还有 8 行没有选择,请每行选一项。')).toBeVisible();

  // Back to page 2 and forward again: nothing is lost.
  await page.getByRole('button', { name: /上一页/ }).click();
  await expect(page.getByRole('radio', { name: '2 分' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: '村（社区）务公开栏' })).toBeChecked();
  await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.getByRole('radiogroup', { name: AREAS[0] }).getByRole('radio', { name: '满意', exact: true })).toBeChecked();
  for (const area of AREAS.slice(1)) await page.getByRole('radiogroup', { name: area }).getByRole('radio', { name: '基本满意' }).check();
  await page.getByRole('button', { name: /下一页/ }).click();

  // A low overall rating (2) asks what the problems are; at most three.
  await expect(page.getByText('第 4 页,共 4 页')).toBeVisible();
  const problems = page.getByRole('group', { name: /主要存在哪些问题/ });
  await expect(problems).toBeVisible();
  for (const p of ['公开不及时', '内容不全面、不具体', '看不懂、不好理解', '反映的问题没有回音'])
    await problems.getByRole('checkbox', { name: p }).check();
  await page.getByRole('button', { name: '提交' }).click();
  await expect(problems.getByText('最多只能选 3 项,请取消多选的。')).toBeVisible();
  await problems.getByRole('checkbox', { name: '看不懂、不好理解' }).uncheck();
  await page.getByRole('textbox', { name: '请具体说明存在的问题' }).fill('补贴名单贴出来时已经过了异议期');

  // Changing the rating back to 5 hides the problems question (and what was ticked there is not sent).
  await page.getByRole('button', { name: /上一页/ }).click();
  await page.getByRole('button', { name: /上一页/ }).click();
  await page.getByRole('radio', { name: '5 分' }).check();
  await page.getByRole('button', { name: /下一页/ }).click();
  await page.getByRole('button', { name: /下一页/ }).click();
  await expect(page.getByRole('group', { name: /主要存在哪些问题/ })).toHaveCount(0);
  await page.getByRole('textbox', { name: /您希望进一步公开哪些内容/ }).fill('希望公开村集体收支明细');
  // What was typed lives in the screen's memory only.
  let traces = await storedText(page);
  expect(traces).toContain('zwgk-evaluation-2026');
  for (const typed of ['希望公开村集体收支明细', '补贴名单贴出来时已经过了异议期']) expect(traces).not.toContain(typed);
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('提交成功,感谢您参与评议!')).toBeVisible();
  await expect(page.getByText('希望公开村集体收支明细')).toHaveCount(0);
  traces = await storedText(page);
  expect(traces).not.toContain('希望公开村集体收支明细');
  await expect(page.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
  // The hub holds the answers sealed; the office's key opens them.
  expect(storedBodies(hub)).not.toContain('希望公开村集体收支明细');

  expect(await stored(hub)).toEqual([
    {
      identity: 'rural',
      channels: ['village'],
      overall: 5,
      areas: { rural: 3, finance: 2, land: 2, expropriation: 2, debt: 2, relief: 2, enterprise: 2, services: 2, higher: 2 },
      suggestion: '希望公开村集体收支明细',
    },
  ]);

  // One submission per kiosk session per questionnaire.
  await page.getByRole('button', { name: '返回首页' }).click();
  await page.getByRole('button', { name: /2026年度全县政务公开工作群众评议问卷/ }).click();
  await expect(page.getByText('您在本次使用中已提交过这份问卷,感谢参与。')).toBeVisible();
  await expect(page.getByRole('button', { name: '开始填写' })).toHaveCount(0);
});

test('answered offline at the kiosk: queued sealed, delivered on reconnect, counted once by the hub', async ({
  page,
  context,
  feed,
  hub,
}) => {
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/?config=default`);
  await serviceWorkerActive(page);
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await answerFirstPages(page, allFine);
  await context.setOffline(true);
  // The questionnaire came from the device's own store: answering goes on offline, and so does submitting.
  await answerLastPages(page, { ...allFine, suggestion: '离线时填写的建议' });
  await expect(page.getByText('提交成功,感谢您参与评议!')).toBeVisible();
  await expect(page.getByTestId('delivery-state')).toHaveText('答卷已加密保存在本机,网络畅通后自动送达县政务公开办。');
  // Queued on the device, sealed: the outbox holds it, its bytes do not show what was written.
  expect(await outboxCount(page)).toBe(1);
  expect(await storedText(page)).not.toContain('离线时填写的建议');
  expect(await stored(hub)).toEqual([]);

  await context.setOffline(false);
  await expect(page.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
  expect(await outboxCount(page)).toBe(0);
  const counted = await stored(hub);
  expect(counted).toHaveLength(1);
  expect(counted[0]).toMatchObject({ identity: 'urban', overall: 5, suggestion: '离线时填写的建议' });
  // Reloading (the outbox runs again on start) delivers nothing twice.
  await page.reload();
  await serviceWorkerActive(page);
  expect(await outboxCount(page)).toBe(0);
  expect(await stored(hub)).toHaveLength(1);
});

test('on a phone from the QR code: answered once; a second time the phone is told it already did', async ({ page, browser, feed, hub }) => {
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}?config=default`);
  const qr = page.getByRole('img', { name: '用手机扫码填写' });
  await expect(qr).toBeVisible();
  const url = decodeQrFromPng(await qr.screenshot());
  expect(url).toBe(`${hub.url}/m/survey/${QUESTIONNAIRE_ID}`);

  const p = await phone(browser);
  await p.goto(url!);
  await answerDemo(p, {
    identity: '企业或个体工商户',
    channels: ['政务微信公众号', '其他渠道'],
    otherChannel: '抖音',
    overall: 3,
    areas: '不了解',
    problems: ['公开栏位置不便查看'],
  });
  await expect(p.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
  expect(await stored(hub)).toEqual([
    {
      identity: 'business',
      channels: ['wechat', 'other'],
      channelsOther: '抖音',
      overall: 3,
      areas: Object.fromEntries(
        ['rural', 'finance', 'land', 'expropriation', 'debt', 'relief', 'enterprise', 'services', 'higher'].map((r) => [r, 'unknown']),
      ),
      problems: ['place'],
    },
  ]);
  await p.reload();
  await expect(p.getByText('本机已提交过这份问卷,每台手机限填一次。感谢参与。')).toBeVisible();
  // The phone keeps no answers, only a random id and which questionnaires it answered.
  const kept = await p.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  expect(Object.keys(kept).sort()).toEqual(['zwgk.answered', 'zwgk.config.copy', 'zwgk.config.name', 'zwgk.device']);
  expect(JSON.stringify(kept)).not.toContain('抖音');
  await p.context().close();
});

test('在手机上继续: the answers ride in the QR code fragment, the kiosk forgets them, the phone carries on and submits', async ({
  page,
  browser,
  feed,
  hub,
}) => {
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}?config=default`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await answerFirstPages(page, { ...allFine, channels: ['其他渠道'], otherChannel: '村广播喇叭', overall: 4 });
  await page.getByRole('button', { name: '在手机上继续' }).click();
  const qr = page.getByRole('img', { name: '扫码在手机上继续填写' });
  await expect(qr).toBeVisible();
  const url = decodeQrFromPng(await qr.screenshot());
  expect(url).toMatch(new RegExp(`^${hub.url}/m/survey/${QUESTIONNAIRE_ID}#a=z[A-Za-z0-9_-]+$`));
  await expect(page.getByText('本机已清除您填写的内容')).toBeVisible();
  await page.getByRole('button', { name: '完成' }).click();
  // Back at the kiosk, the next citizen starts from nothing.
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await expect(page.getByRole('radio', { name: '城镇居民' })).not.toBeChecked();

  const p = await phone(browser);
  const fragmentsSent: string[] = [];
  p.on('request', (r) => {
    if (r.url().includes('#')) fragmentsSent.push(r.url());
  });
  await p.goto(url!);
  await expect(p.getByText('已接续您在触摸屏上填写的内容。')).toBeVisible();
  await expect(p.getByText('第 2 页,共 4 页')).toBeVisible();
  await expect(p.getByRole('textbox', { name: '请写明其他渠道' })).toHaveValue('村广播喇叭');
  await expect(p.getByRole('radio', { name: '4 分' })).toBeChecked();
  // Read once, then out of the address bar.
  expect(p.url()).toBe(`${hub.url}/m/survey/${QUESTIONNAIRE_ID}`);
  await p.getByRole('button', { name: /上一页/ }).click();
  await expect(p.getByRole('radio', { name: '城镇居民' })).toBeChecked();
  await p.getByRole('button', { name: /下一页/ }).click();
  await answerLastPages(p, { ...allFine, areas: '基本满意' });
  await expect(p.getByText('提交成功,感谢您参与评议!')).toBeVisible();
  expect(fragmentsSent).toEqual([]);
  await expect(p.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
  expect(await stored(hub)).toEqual([
    {
      identity: 'urban',
      channels: ['other'],
      channelsOther: '村广播喇叭',
      overall: 4,
      areas: Object.fromEntries(
        ['rural', 'finance', 'land', 'expropriation', 'debt', 'relief', 'enterprise', 'services', 'higher'].map((r) => [r, 2]),
      ),
    },
  ]);
  await p.context().close();
});

test('left alone, the kiosk wipes the answers and goes home; the session limit starts again', async ({ page, feed }) => {
  test.setTimeout(120_000);
  const hub = await startHub(feed, {
    quick: { v: 1, name: '测试触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 5, idleSeconds: 15 },
  });
  try {
    await publishContent(await questionnaireContent(), feed);
    await page.goto(`${hub.url}/?config=quick`);
    const entry = page.getByRole('button', { name: /2026年度全县政务公开工作群众评议问卷/ });
    await entry.click();
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByRole('radio', { name: '农村居民' }).check();
    // Nobody touches the screen for idleSeconds (15) and the countdown (10): the attract screen, and the answer is gone.
    await page.getByRole('button', { name: /请轻触屏幕开始/ }).click({ timeout: 35_000 });
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    expect(await page.evaluate(() => location.pathname)).toBe('/');
    await entry.click();
    await page.getByRole('button', { name: '开始填写' }).click();
    await expect(page.getByRole('radio', { name: '农村居民' })).not.toBeChecked();
    await page.getByRole('button', { name: /上一页/ }).click();

    // Submitted once: the same session cannot submit again…
    await answerDemo(page, allFine);
    await page.getByRole('button', { name: '返回首页' }).click();
    await entry.click();
    await expect(page.getByText('您在本次使用中已提交过这份问卷,感谢参与。')).toBeVisible();
    // …until the idle reset ends the session: the next citizen may answer.
    await page.getByRole('button', { name: /请轻触屏幕开始/ }).click({ timeout: 35_000 });
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    await entry.click();
    await expect(page.getByRole('button', { name: '开始填写' })).toBeVisible();
    await expect.poll(() => stored(hub), { timeout: 20_000 }).toHaveLength(1);
  } finally {
    await hub.close();
  }
});

test('the office counts the answers, publishes the result through the feed, and the kiosk and phone draw it with the same numbers', async ({
  page,
  browser,
  feed,
  hub,
}) => {
  const content = await questionnaireContent();
  await publishContent(content, feed);
  await page.goto(`${hub.url}/?config=default`);

  // Three citizens: one at the kiosk, two on their phones.
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}`);
  await answerDemo(page, { identity: '农村居民', channels: ['村（社区）务公开栏'], overall: 5, areas: '满意' });
  const answers: DemoAnswers[] = [
    {
      identity: '农村居民',
      channels: ['村（社区）务公开栏', '政务微信公众号'],
      overall: 2,
      areas: ['不满意', '满意', '基本满意', '不了解', '满意', '满意', '满意', '满意', '满意'],
      problems: ['公开不及时'],
    },
    {
      identity: '城镇居民',
      channels: ['县政府网站'],
      overall: 4,
      areas: ['基本满意', '基本满意', '基本满意', '不满意', '满意', '满意', '满意', '满意', '满意'],
      // An area rated 不满意 asks what the problems are.
      problems: ['内容不全面、不具体'],
    },
  ];
  for (const a of answers) {
    const p = await phone(browser);
    await p.goto(`${hub.url}/m/survey/${QUESTIONNAIRE_ID}`);
    await answerDemo(p, a);
    // Delivered (the hub's receipt verified) before the phone goes away.
    await expect(p.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
    await p.context().close();
  }
  // All three went through the real sealed intake: the hub holds them sealed, and nothing else.
  await expect.poll(() => stored(hub), { timeout: 20_000 }).toHaveLength(3);

  // The office's command, as the clerk runs it, with the office's private keys from its own folder (a USB stick).
  const keysDir = await mkdtemp(join(tmpdir(), 'zwgk-office-keys-'));
  for (const k of hub.intake.officeKeys) await writeFile(join(keysDir, `${k.id}.json`), JSON.stringify(k), { mode: 0o600 });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'hub/questionnaire/cli.ts',
      'results',
      QUESTIONNAIRE_ID,
      '--keys',
      keysDir,
      '--out',
      join(content, 'questionnaires'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: hub.dataDir, FEED_DIR: feed.dir },
    },
  );
  expect(stdout).toContain(`问卷 ${QUESTIONNAIRE_ID}:收到 3 份,计入 3 份,未计入 0 份`);
  // Without pre-review and sign-off it is a draft: not published, and it blocks nothing else (issue 16)…
  const mdPath = join(content, `questionnaires/${QUESTIONNAIRE_ID}-result.md`);
  const first = await publishContent(content, feed);
  expect(first.drafts.join('\n')).toContain(`${QUESTIONNAIRE_ID}-result.md`);
  expect((await readFeedAt(feed.dir)).changes.some((c) => c.op === 'upsert' && c.item.kind === 'result')).toBe(false);
  // …so the clerk writes them in, as approved.
  const md = await readFile(mdPath, 'utf8');
  await writeFile(mdPath, md.replace(/^# approval:/m, 'approval:').replace(/^# {3}(preReview|signOff)/gm, '  $1'));
  expect((await publishContent(content, feed)).drafts).toEqual([]);

  // The kiosk picks it up within a poll, under 群众评议.
  await page.goto(`${hub.url}/`);
  const resultEntry = page.getByRole('button', { name: /2026年度全县政务公开工作群众评议(阶段性)?结果/ });
  await expect(resultEntry).toBeVisible({ timeout: 8_000 });
  await expect(resultEntry).toContainText('评议结果');
  await resultEntry.click();
  await expect(page.getByTestId('result-n')).toHaveText('共收回有效问卷 3 份');
  await expect(page.getByText(/^评议期:/)).toHaveText(
    `评议期:${zh(await period(content, 'opensOn'))} 至 ${zh(await period(content, 'closesOn'))}`,
  );

  const overall = page.locator('figure[data-question="overall"]');
  await expect(overall).toContainText('平均 3.67 分(满分 5 分)');
  // Ratings 5, 2, 4: one each at 2, 4 and 5; none at 1 and 3.
  expect(await overall.locator('svg text').allTextContents()).toEqual([
    '0 人',
    '1 分',
    '1 人',
    '2 分',
    '0 人',
    '3 分',
    '1 人',
    '4 分',
    '1 人',
    '5 分',
    '很不满意',
    '非常满意',
  ]);

  const areas = page.locator('figure[data-question="areas"]');
  const rows = await areas.locator('svg text.chart-note').allTextContents();
  expect(rows[0]).toBe('满意 1 · 基本满意 1 · 不满意 1 · 不了解 0');
  expect(rows[3]).toBe('满意 1 · 基本满意 0 · 不满意 1 · 不了解 1');
  expect(rows[4]).toBe('满意 3 · 基本满意 0 · 不满意 0 · 不了解 0');
  const means = await areas.locator('svg text.chart-mean').allTextContents();
  expect(means.slice(0, 5)).toEqual(['均分 2.00', '均分 2.67', '均分 2.33', '均分 2.00', '均分 3.00']);

  const identity = page.locator('figure[data-question="identity"]');
  expect(await identity.locator('svg text.chart-value').allTextContents()).toEqual([
    '1 人 · 33%',
    '2 人 · 67%',
    '0 人 · 0%',
    '0 人 · 0%',
    '0 人 · 0%',
  ]);
  // Free text is never published, only how many wrote some.
  await expect(page.locator('figure[data-question="problemDetail"]')).toContainText('0 人填写了意见');

  // The same on a phone.
  const p = await phone(browser);
  await p.goto(`${hub.url}/m/item/${QUESTIONNAIRE_ID}-result`);
  await expect(p.getByTestId('result-n')).toHaveText('共收回有效问卷 3 份');
  await expect(p.locator('figure[data-question="overall"]')).toContainText('平均 3.67 分(满分 5 分)');
  await p.context().close();
});

async function period(content: string, key: 'opensOn' | 'closesOn'): Promise<string> {
  const md = await readFile(join(content, `questionnaires/${QUESTIONNAIRE_ID}.md`), 'utf8');
  return new RegExp(`${key}: (\\S+)`).exec(md)![1]!;
}
const zh = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
