/**
 * Issue 11: the publishing workflow in the browser. A drafter of 县交通运输局, a member of the
 * pre-review group, a member of the deliberation group and the leader who signs — each enrolled
 * with a passkey in their own browser (Chromium's virtual authenticator) — take a 执行类告示 from
 * draft to a kiosk and a wall board: a period too short is refused in the form with its article,
 * 预审 sends it back once, the drafter changes it, 审议 records the four aspects, the leader signs
 * and it is on the kiosk within one poll and on the board; a drafter trying to sign is refused
 * 403; the leader withdraws it and it leaves the kiosk within one poll; the dashboard and the
 * period's 《政务公开简报》 (A4, printed to PDF). Production build, service worker live, real hub.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { SigningKey } from '../hub/keys.ts';
import type { Role } from '../src/contract/roles.ts';
import { addCalendarDays, countWorkingDays } from '../src/contract/working-days.ts';
import { boardConfig } from './support/board.ts';
import { expect, test } from './support/fixtures.ts';
import { intakeFeedItems } from './support/forms.ts';
import { startHub, type TestHub } from './support/hub.ts';
import { axeViolations } from './support/kiosk.ts';
import { enrollPerson, importRoster, type OfficePerson, officeUrl, signNewRoster } from './support/office.ts';
import { TestOffice } from './support/people.ts';

const PEOPLE = {
  drafter: { name: '孙交通', roles: ['drafter'], department: '县交通运输局' },
  pre: { name: '赵预审', roles: ['prereview'] },
  del: { name: '钱审议', roles: ['deliberation'] },
  leader: { name: '李县长', roles: ['signoff'] },
} satisfies Record<string, { name: string; roles: Role[]; department?: string }>;

/** Today in the county (UTC+8), as the form and the hub count it. */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The first day on which a period from `from` has `n` working days. */
function endAfterWorkingDays(from: string, n: number): string {
  let d = from;
  while (countWorkingDays(from, d) < n) d = addCalendarDays(d, 1);
  return d;
}

const TITLE = '关于G202线清原段道路施工期间交通管制的告示';

async function openDraft(p: OfficePerson, hub: TestHub, title: string): Promise<void> {
  await p.page.goto(`${officeUrl(hub)}/office/queue`);
  await p.page.getByRole('link', { name: title }).click();
  await expect(p.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** A step through the page's own fetch (same origin, the person's session), as a hand-made request would be. */
const postAction = (page: Page, id: string, body: unknown) =>
  page.evaluate(
    async ([id, body]) => {
      const r = await fetch(`/api/office/v1/workflow/drafts/${id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as { message: string } };
    },
    [id, body] as const,
  );

test('a 执行类告示 from draft to a kiosk and a board: too short a period refused with its article, returned once, deliberated, signed, withdrawn; a drafter cannot sign', async ({
  page,
  browser,
  feed,
}) => {
  test.setTimeout(240_000);
  // The county's kiosks and boards check people's own signatures against the office's roster (issue 12):
  // what is on the feed already was approved by the office's people on the roster in force.
  const office = await TestOffice.create();
  await office.publish(feed, intakeFeedItems(), { roster: await office.signedRoster() });
  const rosterRoots = [office.root.trusted];
  const hub = await startHub(
    feed,
    { default: { v: 1, name: '测试触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 5, hotline: '53034645', rosterRoots } },
    { roster: { roots: rosterRoots, office: '测试县政务公开办' } },
  );
  try {
    await importRoster(hub, await office.signedRoster());
    await walkThrough(page, browser, hub, office.root);
  } finally {
    await hub.close();
  }
});

async function walkThrough(page: Page, browser: Browser, hub: TestHub, root: SigningKey): Promise<void> {
  const today = chinaToday();
  const goodEnd = endAfterWorkingDays(today, 8);
  const shortEnd = addCalendarDays(today, 2);

  // A kiosk in the service centre and a wall board, running before the notice exists.
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: /公开目录/ })).toBeVisible();
  await boardConfig(hub, {}, { rosterRoots: [root.trusted] });
  const boardCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const board = await boardCtx.newPage();
  await board.goto(`${hub.url}/board?config=board`);
  await expect(board.getByRole('heading', { name: '清原满族自治县政务公开栏', level: 1 })).toBeVisible();

  // The drafter writes the notice; the period ends too soon and the form says so beside the field, with its article.
  const drafter = await enrollPerson(browser, hub, PEOPLE.drafter);
  const d = drafter.page;
  await d.goto(`${officeUrl(hub)}/office/`);
  await d.getByRole('button', { name: '起草告示' }).click();
  await expect(d.getByRole('heading', { level: 1, name: '起草告示' })).toBeVisible();
  await d.getByLabel(/^标题/).fill(TITLE);
  await d.getByLabel('告示类别').selectOption('execution');
  await d.getByLabel(/^告示期结束/).fill(shortEnd);
  await d.getByLabel(/^事件发生的原因/).fill('G202线清原段K12至K18路面大修');
  await d.getByLabel(/^时间/).fill('施工期间每日7时至19时');
  await d.getByLabel(/^地点/).fill('G202线清原段K12至K18');
  await d.getByLabel(/^范围/).fill('途经该路段的过往车辆和沿线村民');
  await d.getByLabel(/^性质和影响程度的预计/).fill('施工路段单向通行,通行时间增加约20分钟');
  await d.getByLabel(/^处理情况/).fill('设置绕行标志,安排专人疏导;请过往车辆减速慢行,服从指挥');
  await d.getByLabel(/^正文/).fill('因G202线清原段路面大修,施工期间实行交通管制。\n\n请过往车辆提前规划出行路线,给您带来的不便敬请谅解。');
  const periodEnd = d.getByLabel(/^告示期结束/);
  const periodError = d.locator('#wf-notice-periodEnd-err');
  await expect(periodError).toContainText('少于《政务公开告示制度》第六条规定的 7 个工作日');
  await expect(periodEnd).toHaveAttribute('aria-invalid', 'true');
  await expect(periodEnd).toHaveAttribute('aria-describedby', /wf-notice-periodEnd-err/);
  await expect(d.getByRole('button', { name: '保存并提交预审' })).toBeDisabled();
  await d.screenshot({ path: 'docs/screenshots/office-notice-form-problem.png', fullPage: true });
  expect(await axeViolations(d)).toEqual([]);

  // Fixed: no problem left, and the preview shows the kiosk, the board and the phone.
  await periodEnd.fill(goodEnd);
  await expect(d.getByText('✓ 已按发布规则检查,没有问题,可以提交预审')).toBeVisible();
  await expect(periodError).toHaveCount(0);
  const kioskPreview = d.getByTestId('preview-kiosk');
  await expect(kioskPreview.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(kioskPreview).toContainText('G202线清原段K12至K18路面大修');
  await d.locator('.wf-preview').screenshot({ path: 'docs/screenshots/office-preview-kiosk.png' });
  await d.getByRole('tab', { name: /公示大屏/ }).click();
  await expect(d.getByTestId('preview-board').getByRole('article', { name: TITLE })).toBeVisible();
  await d.locator('.wf-preview').screenshot({ path: 'docs/screenshots/office-preview-board.png' });
  await d.getByRole('tab', { name: /公示大屏/ }).press('ArrowRight');
  await expect(d.getByRole('tab', { name: '手机' })).toHaveAttribute('aria-selected', 'true');
  await expect(d.getByTestId('preview-phone').getByRole('heading', { name: TITLE })).toBeVisible();
  await d.screenshot({ path: 'docs/screenshots/office-notice-form-preview.png' });
  await d.getByRole('button', { name: '保存并提交预审' }).click();
  await expect(d.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(d.locator('.wf-facts')).toContainText('待预审');
  const draftId = /\/office\/drafts\/(\d+)/.exec(d.url())?.[1] ?? '';
  expect(draftId).not.toBe('');

  // A drafter cannot sign, even by a hand-made request: 403 with the reason.
  const hash = await d.evaluate(
    async (id) => ((await (await fetch(`/api/office/v1/workflow/drafts/${id}`)).json()) as { hash: string }).hash,
    draftId,
  );
  expect(await postAction(d, draftId, { type: 'sign', hash })).toEqual({
    status: 403,
    body: { error: 'refused', message: '只有分管领导可以签发(《政务公开制度》四)' },
  });

  // The three who sign enroll their passkeys; the admin has the new roster signed on the offline PC and imports it.
  const pre = await enrollPerson(browser, hub, PEOPLE.pre);
  const del = await enrollPerson(browser, hub, PEOPLE.del);
  const leader = await enrollPerson(browser, hub, PEOPLE.leader);
  expect(await signNewRoster(hub, root)).toBe(2);

  // 预审 sends it back once, with a reason the drafter reads.
  await openDraft(pre, hub, TITLE);
  await pre.page.getByLabel(/退回理由/).fill('请在措施中写明咨询电话');
  await pre.page.getByRole('button', { name: '退回修改' }).click();
  await expect(pre.page.getByRole('status')).toHaveText('已退回起草人修改');
  await d.goto(`${officeUrl(hub)}/office/queue`);
  await expect(d.getByRole('row', { name: new RegExp(TITLE) })).toContainText('退回理由:请在措施中写明咨询电话');
  await d.getByRole('link', { name: TITLE }).click();
  await d.getByRole('button', { name: '修改稿件' }).click();
  await expect(d.getByRole('note')).toContainText('赵预审');
  await d.getByLabel(/^处理情况/).fill('设置绕行标志,安排专人疏导;请过往车辆减速慢行,服从指挥。咨询电话 53034645');
  await expect(d.getByText('✓ 已按发布规则检查,没有问题,可以提交预审')).toBeVisible();
  await d.getByRole('button', { name: '保存并提交预审' }).click();
  await expect(d.locator('.wf-facts')).toContainText('待预审');

  // 预审 sees what changed and passes it.
  await pre.page.reload();
  await expect(pre.page.getByRole('region', { name: /与第 2 稿相比|与第/ })).toContainText('咨询电话 53034645');
  await pre.page.getByRole('button', { name: '预审通过' }).click();
  await expect(pre.page.getByRole('status')).toHaveText('预审通过,已交审议');

  // 审议: the four aspects, each with a note.
  await openDraft(del, hub, TITLE);
  const notes = [
    '依据施工许可和施工计划产生,过程公正',
    '经局务会集体研究,决策民主',
    '管制时间和路段与许可一致,真实可信',
    '突出了绕行路线和时间',
  ];
  for (const [i, note] of notes.entries()) await del.page.getByLabel('审议意见').nth(i).fill(note);
  await del.page.getByRole('button', { name: '记录审议' }).click();
  await expect(del.page.getByRole('status')).toHaveText('已记录审议,交分管领导签发');
  await expect(del.page.getByRole('region', { name: /审议记录/ })).toContainText('突出了绕行路线和时间');

  // 签发: on the kiosk within one poll (5 s) and on the board.
  await openDraft(leader, hub, TITLE);
  await leader.page.getByRole('button', { name: '签发', exact: true }).click();
  await expect(leader.page.getByRole('status')).toHaveText('已签发,已发布到各触摸屏和公示栏');
  await expect(leader.page.locator('.wf-facts')).toContainText('已发布');
  const onKiosk = page.getByRole('region', { name: '正在公示的告示' }).getByText(TITLE);
  await expect(onKiosk).toBeVisible({ timeout: 10_000 });
  await onKiosk.click();
  await expect(page.getByText(/^预审:赵预审/)).toBeVisible();
  await expect(page.getByText(/^签发:李县长/)).toBeVisible();
  // The names come from their own passkey signatures, checked on the kiosk against the signed roster.
  await expect(page.getByText('本人签名已核验')).toBeVisible();
  const slide = board.getByRole('article', { name: TITLE });
  await expect(slide).toBeVisible({ timeout: 60_000 });
  await expect(slide).toContainText('G202线清原段K12至K18');
  await boardCtx.close();

  // The history keeps every step by name.
  const history = leader.page.getByRole('region', { name: '办理记录' });
  for (const line of ['孙交通 提交预审', '赵预审 退回修改', '赵预审 预审通过', '钱审议 审议', '李县长 签发'])
    await expect(history).toContainText(line);

  // The workspace home for the leader: what waits, notices in their period with the boards' record.
  await leader.page.goto(`${officeUrl(hub)}/office/`);
  await expect(leader.page.getByRole('heading', { name: /告示期内的告示/ })).toBeVisible();
  await expect(leader.page.getByRole('region', { name: /告示期内的告示/ })).toContainText(TITLE);
  await leader.page.screenshot({ path: 'docs/screenshots/office-dashboard.png', fullPage: true });
  expect(await axeViolations(leader.page)).toEqual([]);

  // 《政务公开简报》 for the period, A4, printed to PDF.
  const period = today.slice(0, 7);
  await leader.page.goto(`${officeUrl(hub)}/office/bulletin/${period}`);
  const bulletin = leader.page.getByRole('article', { name: /政务公开简报/ });
  await expect(bulletin).toContainText(TITLE);
  await expect(bulletin).toContainText('预审:赵预审 · 签发:李县长');
  expect(await axeViolations(leader.page)).toEqual([]);
  await leader.page.emulateMedia({ media: 'print' });
  await leader.page.setViewportSize({ width: 794, height: 1123 });
  await leader.page.screenshot({ path: 'docs/screenshots/office-bulletin-a4.png', fullPage: true });
  const pdf = await leader.page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await writeFile(join(tmpdir(), `bulletin-${period}.pdf`), pdf);
  await leader.page.emulateMedia({ media: 'screen' });
  await leader.page.setViewportSize({ width: 1366, height: 768 });

  // 撤回 with a reason: off the kiosk within one poll.
  await page
    .getByRole('button', { name: /首页|返回/ })
    .first()
    .click();
  await expect(page.getByRole('region', { name: '正在公示的告示' }).getByText(TITLE)).toBeVisible();
  await leader.page.goto(`${officeUrl(hub)}/office/drafts/${draftId}`);
  await leader.page.getByLabel(/撤回理由/).fill('施工计划调整,另行告示');
  await leader.page.getByRole('button', { name: '撤回' }).click();
  await expect(leader.page.getByRole('status')).toHaveText('已撤回');
  await expect(page.getByText(TITLE)).toHaveCount(0, { timeout: 10_000 });

  for (const p of [drafter, pre, del, leader]) await p.context.close();
}
