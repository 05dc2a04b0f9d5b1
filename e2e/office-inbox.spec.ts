/**
 * Issue 13: the office inbox in the browser. A complaint made on a kiosk goes through every step
 * — registered, assigned, answered by its department, sent back once, approved, published to the
 * kiosks, printed as an A4 letter, rated from a phone, closed — with the identity visible to the
 * confidential role only; a case passes its deadline under Playwright's clock and shows overdue
 * in the inbox and its department's quarterly report; a hotline call recorded by a clerk gets a
 * tracking code that works on a phone. Production build, service worker live, real hub, SQLite.
 *
 * People enroll a passkey from their one-time link and sign in with it (Chromium's virtual
 * authenticator, e2e/support/office.ts), each in their own browser: the 公开办 clerk, a drafter
 * of each of two departments, and the confidential (保密) officer.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { quarterOf } from '../src/contract/cases.ts';
import type { Role } from '../src/contract/roles.ts';
import { formatTrackingCode } from '../src/contract/tracking-code.ts';
import { addCalendarDays } from '../src/contract/working-days.ts';
import { boardConfig } from './support/board.ts';
import { expect, test } from './support/fixtures.ts';
import { confirmAndSend, fillComplaint, intakeFeedItems } from './support/forms.ts';
import { startHub, type TestHub } from './support/hub.ts';
import { sealTestSubmission } from './support/intake.ts';
import { axeViolations } from './support/kiosk.ts';
import { enrollPerson, type OfficePerson, officeUrl } from './support/office.ts';

const PEOPLE = {
  sec: { name: '李公开', roles: ['secretary'] },
  conf: { name: '赵保密', roles: ['confidential'] },
  med: { name: '钱医保', roles: ['drafter'], department: '县医疗保障局' },
  traffic: { name: '孙交通', roles: ['drafter'], department: '县交通运输局' },
} satisfies Record<string, { name: string; roles: Role[]; department?: string }>;
type Who = keyof typeof PEOPLE;

/** A person of the office, enrolled with a passkey and signed in, in their own browser at 1366×768. */
async function office(browser: Browser, hub: TestHub, who: Who): Promise<OfficePerson> {
  return enrollPerson(browser, hub, PEOPLE[who]);
}

/** A session cookie for API steps a test takes without a browser (the same store sign-in uses). */
function sessionCookie(hub: TestHub, who: Who): string {
  const { person } = hub.app.people.add(PEOPLE[who]);
  return `zwgk_session=${hub.app.people.openSession(person.id)}`;
}

/** Imports the office's key files into this person's browser, as the clerk does on the 密钥 page. */
async function importKeys(page: Page, hub: TestHub, roles: ('content' | 'identity')[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-keyfiles-'));
  await page.goto(`${officeUrl(hub)}/office/inbox/keys`);
  for (const role of roles) {
    const k = hub.intake.officeKeys.find((x) => x.role === role)!;
    const path = join(dir, `${k.id}.json`);
    await writeFile(path, JSON.stringify(k));
    await page.getByLabel(/导入密钥文件/).setInputFiles(path);
    await expect(page.getByRole('status')).toContainText(`已导入${role === 'identity' ? '保密密钥' : '办理密钥'} ${k.id}`);
  }
}

const openCase = async (page: Page, hub: TestHub, code: string) => {
  await page.goto(`${officeUrl(hub)}/office/inbox?tab=all`);
  await page
    .getByRole('row', { name: new RegExp(formatTrackingCode(code)) })
    .getByRole('link')
    .click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText(formatTrackingCode(code));
};

test.beforeEach(async ({ feed }) => {
  await feed.publish(intakeFeedItems());
});

test('a kiosk complaint through every step: registered, assigned, answered, approved, published to kiosk and board, printed, rated on a phone, closed; the identity seen by the confidential role only', async ({
  page,
  browser,
  hub,
}) => {
  test.setTimeout(180_000);
  // The citizen, on the kiosk.
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /我要投诉/ }).click();
  await fillComplaint(page, {
    what: '县医保窗口工作人员态度恶劣,材料齐全却让我明天再来',
    department: '县医疗保障局',
    name: '赵桂兰',
    phone: '13800138000',
  });
  const code = await confirmAndSend(page);
  await expect(page.getByTestId('delivery-state')).toContainText('已送达');
  await page.getByRole('button', { name: '完成' }).click();

  // A wall board in the service centre, already running before the answer exists.
  await boardConfig(hub);
  const boardCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const board = await boardCtx.newPage();
  await board.goto(`${hub.url}/board?config=board`);
  await expect(board.getByRole('heading', { name: '清原满族自治县政务公开栏', level: 1 })).toBeVisible();

  // Every hub response an office person gets is recorded, to check none carries the identity.
  const bodies: { who: Who; url: string; body: string }[] = [];
  const contexts: BrowserContext[] = [];
  const as = async (who: Who) => {
    const person = await office(browser, hub, who);
    contexts.push(person.context);
    person.context.on('response', async (r) => {
      if (r.url().includes('/api/')) bodies.push({ who, url: r.url(), body: await r.text().catch(() => '') });
    });
    ids[who] = person.id;
    return person.page;
  };
  const ids: Partial<Record<Who, string>> = {};

  // 公开办: imports the 办理密钥, finds it 待登记, opened in the browser; the identity stays locked.
  const sec = await as('sec');
  await importKeys(sec, hub, ['content']);
  // Kept in the office's own IndexedDB as a CryptoKey that cannot be exported, not as the file's text.
  const stored = await sec.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk-office-keys');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<{ owner: string; pair: CryptoKeyPair }[]>((ok) => {
      const r = db.transaction('keys').objectStore('keys').getAll();
      r.onsuccess = () => ok(r.result);
    });
    const exported = await crypto.subtle.exportKey('pkcs8', all[0]!.pair.privateKey).then(
      () => 'exported',
      () => 'refused',
    );
    return { n: all.length, owner: all[0]!.owner, extractable: all[0]!.pair.privateKey.extractable, exported, text: JSON.stringify(all) };
  });
  expect(stored).toMatchObject({ n: 1, owner: ids.sec, extractable: false, exported: 'refused' });
  expect(stored.text).not.toContain(hub.intake.officeKeys.find((k) => k.role === 'content')!.privateKey);
  await sec.goto(`${officeUrl(hub)}/office/inbox`);
  await expect(sec.getByRole('tab', { name: /待登记 1/ })).toBeVisible();
  const row = sec.getByRole('row', { name: new RegExp(formatTrackingCode(code)) });
  await expect(row).toContainText('材料齐全却让我明天再来');
  await expect(row).toContainText('触摸屏');
  // Search runs over the opened text, in the browser.
  await sec.getByLabel('搜索').fill('明天再来');
  await expect(sec.getByTestId('case-row')).toHaveCount(1);
  await sec.getByLabel('搜索').fill('公交');
  await expect(sec.getByTestId('inbox-empty')).toBeVisible();
  await sec.getByLabel('搜索').fill('');
  await sec.getByLabel('类别').selectOption('complaint:conduct');
  await expect(sec.getByTestId('case-row')).toHaveCount(1);
  await sec.screenshot({ path: 'docs/screenshots/office-inbox.png' });
  expect(await axeViolations(sec)).toEqual([]);
  await row.getByRole('link').click();
  await expect(sec.getByTestId('case-written')).toContainText('态度恶劣、故意刁难(《政务公开投诉制度》第三条(二))');
  await expect(sec.getByTestId('case-identity-locked')).toBeVisible();
  await expect(sec.getByText('赵桂兰')).toHaveCount(0);
  await sec.getByRole('button', { name: '登记(给予案件编号)' }).click();
  await expect(sec.getByRole('status')).toContainText('此件现为「已登记」');
  const year = new Date().getFullYear();
  await expect(sec.getByRole('heading', { level: 2 })).toContainText(`${year}-投-0001`);
  // The department the citizen named is suggested; the deadline defaults to 15 working days.
  await expect(sec.getByLabel('承办部门')).toHaveValue('县医疗保障局');
  await expect(sec.getByLabel(/办理期限/)).toHaveValue('15');
  await sec.getByRole('button', { name: '派单' }).click();
  await expect(sec.getByTestId('case-state')).toHaveText('已派单');

  // The citizen's tracking page follows.
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await phoneCtx.newPage();
  await phone.goto(`${hub.url}/m/track/${code}`);
  await expect(phone.getByRole('status')).toHaveText('办理中');
  await expect(phone.getByText(`案件编号:${year}-投-0001`)).toBeVisible();

  // Another department's drafter does not even see it; the medical-insurance bureau's does.
  const traffic = await as('traffic');
  await traffic.goto(`${officeUrl(hub)}/office/inbox?tab=all`);
  await expect(traffic.getByTestId('inbox-empty')).toBeVisible();
  const med = await as('med');
  await importKeys(med, hub, ['content']);
  // The 保密密钥 is refused to a drafter.
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-keyfiles-'));
  const identityFile = join(dir, 'identity.json');
  await writeFile(identityFile, JSON.stringify(hub.intake.officeKeys.find((k) => k.role === 'identity')));
  await med.getByLabel(/导入密钥文件/).setInputFiles(identityFile);
  await expect(med.getByRole('alert')).toContainText('保密密钥只交给保密人员');
  await openCase(med, hub, code);
  await expect(med.getByTestId('case-written')).toContainText('材料齐全却让我明天再来');
  await expect(med.getByTestId('case-identity-locked')).toBeVisible();
  await med.getByRole('button', { name: '接收办理' }).click();
  await expect(med.getByTestId('case-state')).toHaveText('办理中');
  await med.getByLabel(/答复内容/).fill('情况属实。');
  await med.getByRole('button', { name: '提交审核' }).click();
  await expect(med.getByRole('alert')).toHaveText('答复过短,至少 10 个字');
  await med.getByLabel(/答复内容/).fill('经核实,情况属实,已批评教育。');
  await med.getByRole('button', { name: '提交审核' }).click();
  await expect(med.getByTestId('case-state')).toHaveText('答复待审');

  // The office sends it back once, then approves the better answer.
  await sec.reload();
  await sec.getByLabel('退回理由').fill('请写明整改措施和时间');
  await sec.getByRole('button', { name: '退回修改' }).click();
  await expect(sec.getByTestId('case-state')).toHaveText('办理中');
  await med.reload();
  await expect(med.getByText('已退回修改:请写明整改措施和时间')).toBeVisible();
  const answer = '经核实,该窗口工作人员未一次性告知所需材料,已对其批评教育;窗口已于本周起实行一次性告知制度,材料齐全当场办结。';
  await med.getByLabel(/答复内容/).fill(answer);
  await med.getByRole('button', { name: '提交审核' }).click();
  await expect(med.getByTestId('case-state')).toHaveText('答复待审');
  await expect(med.getByRole('button', { name: '审核通过,书面答复' })).toHaveCount(0);
  await sec.reload();
  await sec.getByRole('button', { name: '审核通过,书面答复' }).click();
  await expect(sec.getByTestId('case-state')).toHaveText('已答复');

  // Published to the kiosks and boards, anonymised: a phone number in the summary is refused first.
  await sec.getByLabel('公开标题').fill('关于县医保窗口一次性告知问题的答复');
  await sec.getByLabel('问题摘要').fill('群众(13800138000)反映县医保窗口未一次性告知所需材料。');
  await sec.getByRole('button', { name: '公开答复' }).click();
  await expect(sec.getByRole('alert')).toContainText('手机号码');
  await sec.getByLabel('问题摘要').fill('群众反映县医保窗口未一次性告知所需材料。');
  await sec.getByRole('button', { name: '公开答复' }).click();
  await expect(sec.getByTestId('case-state')).toHaveText('已公开');
  await sec.screenshot({ path: 'docs/screenshots/office-case.png', fullPage: true });
  expect(await axeViolations(sec)).toEqual([]);

  // On the kiosk within a poll (pollSeconds 5), with no trace of who complained.
  await expect(page.getByRole('button', { name: /投诉途径和处理办法\s*1 条/ })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: /投诉途径和处理办法/ }).click();
  await page.getByRole('button', { name: /关于县医保窗口一次性告知问题的答复/ }).click();
  await expect(page.getByText(answer)).toBeVisible();
  expect((await page.locator('main').textContent()) ?? '').not.toContain('赵桂兰');
  // And on the board, in its rotation, after its next poll.
  const slide = board.getByRole('article', { name: '关于县医保窗口一次性告知问题的答复' });
  await expect(slide).toBeVisible({ timeout: 60_000 });
  await expect(slide).toContainText('一次性告知制度');
  expect((await board.locator('body').textContent()) ?? '').not.toContain('赵桂兰');
  await boardCtx.close();

  // The written reply, an A4 letter with the case number and date, printed to PDF.
  await sec.getByRole('link', { name: '书面答复(A4 打印)' }).click();
  const letter = sec.getByTestId('letter');
  await expect(letter).toContainText(`编号:${year}-投-0001`);
  await expect(letter).toContainText(answer);
  await expect(letter).toContainText(`查询码 ${formatTrackingCode(code)} 的提出人`);
  const pdf = await sec.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.byteLength).toBeGreaterThan(10_000);
  await writeFile(join(tmpdir(), `letter-${code}.pdf`), pdf);

  // The confidential role sees who it was, and prints the letter addressed to them.
  const conf = await as('conf');
  await importKeys(conf, hub, ['content', 'identity']);
  await openCase(conf, hub, code);
  await expect(conf.getByTestId('case-identity')).toContainText('赵桂兰 13800138000');
  await conf.getByRole('link', { name: '书面答复(A4 打印)' }).click();
  await expect(conf.getByTestId('letter')).toContainText('赵桂兰:');
  await conf.emulateMedia({ media: 'print' });
  await conf.setViewportSize({ width: 794, height: 1123 });
  await conf.screenshot({ path: 'docs/screenshots/office-letter.png', fullPage: true });

  // The citizen reads the answer on the phone and rates it, once.
  await phone.reload();
  await expect(phone.getByRole('status')).toHaveText('已答复');
  await expect(phone.getByText(answer)).toBeVisible();
  await expect(phone.getByText('答复已在政务公开栏公布。')).toBeVisible();
  await phone.getByRole('button', { name: '基本满意' }).click();
  await expect(phone.getByTestId('rating-given')).toHaveText('已收到您的评价:基本满意。谢谢!');
  await phone.reload();
  await expect(phone.getByTestId('rating-given')).toBeVisible();
  await expect(phone.getByRole('button', { name: '满意', exact: true })).toHaveCount(0);
  const again = await phone.request.post(`${hub.url}/api/intake/rating/${code}`, { data: { rating: 'satisfied' } });
  expect(again.status()).toBe(409);

  // Closed.
  await sec.goto(`${officeUrl(hub)}/office/inbox/case/${await caseId(hub, code)}`);
  await expect(sec.getByText('群众评价:基本满意')).toBeVisible();
  await sec.getByRole('button', { name: '办结' }).click();
  await expect(sec.getByTestId('case-state')).toHaveText('已办结');
  // The record names who took each step (the citizen's rating: 群众).
  const steps = sec.getByRole('region', { name: '办理记录' }).getByRole('listitem');
  await expect(steps.filter({ hasText: '钱医保 提交答复' })).toHaveCount(2);
  await expect(steps.filter({ hasText: '李公开 退回修改' })).toHaveCount(1);
  await expect(steps.filter({ hasText: '群众 评价' })).toHaveCount(1);
  await expect(steps.filter({ hasText: '李公开 办结:已公开 → 已办结' })).toHaveCount(1);
  await phone.reload();
  await expect(phone.getByRole('status').first()).toHaveText('已办结');

  // The identity: never in a response to anyone but the confidential role, never in the log or the hub's tables.
  const sealedIdentity = JSON.parse(
    (hub.app.db.prepare('SELECT body FROM intake_submissions WHERE tracking_code = ?').get(code) as { body: string }).body,
  ).identity.ct as string;
  const others = bodies.filter((b) => b.who !== 'conf');
  expect(others.length).toBeGreaterThan(10);
  for (const b of others) {
    expect(b.body, b.url).not.toContain(sealedIdentity);
    expect(b.body, b.url).not.toContain('赵桂兰');
    expect(b.body, b.url).not.toContain('13800138000');
  }
  expect(bodies.some((b) => b.who === 'conf' && b.body.includes(sealedIdentity))).toBe(true);
  const everything = JSON.stringify([
    hub.app.db.prepare('SELECT * FROM audit_log').all(),
    hub.app.db.prepare('SELECT * FROM cases').all(),
    hub.app.db.prepare('SELECT * FROM intake_events').all(),
  ]);
  for (const secret of ['赵桂兰', '13800138000', sealedIdentity]) expect(everything).not.toContain(secret);
  for (const c of contexts) await c.close();
  await phoneCtx.close();
});

async function caseId(hub: TestHub, code: string): Promise<string> {
  return (hub.app.db.prepare('SELECT id FROM intake_submissions WHERE tracking_code = ?').get(code) as { id: string }).id;
}

test('a case past its deadline turns red in the inbox and counts as late in its department’s quarterly report', async ({
  browser,
  feed,
}) => {
  // The hub's clock is injected too, so the hub and the browser agree the case is late (责任追究 needs it).
  let hubNow: Date | undefined;
  const hub = await startHub(feed, {}, { cases: { signingKey: feed.key, now: () => hubNow ?? new Date() } });
  const cookie = sessionCookie(hub, 'sec');
  // Sent from phones (a kiosk's must be signed by an enrolled kiosk).
  const s = await sealTestSubmission(hub.intake.block, {
    source: 'phone',
    kind: 'inquiry',
    content: { question: '客运站退票需要带哪些材料?', department: '县交通运输局', wantsReply: false },
  });
  expect((await hub.app.inject({ method: 'POST', url: '/api/intake/submissions', payload: s })).statusCode).toBe(201);
  const step = (body: object) =>
    hub.app.inject({ method: 'POST', url: `/api/office/v1/cases/${s.id}/actions`, headers: { cookie }, payload: body });
  expect((await step({ type: 'register' })).statusCode).toBe(200);
  const assigned = (await step({ type: 'assign', department: '县交通运输局', workingDays: 3 })).json().case as {
    deadline: string;
    assignedAt: string;
  };
  // Two more, with longer periods, for the medical-insurance bureau: still within their deadlines.
  for (const [what, days] of [
    ['医保报销材料齐全,窗口却让回去补开证明', 7],
    ['异地就医备案电话一直打不通,没人答复', 15],
  ] as const) {
    const other = await sealTestSubmission(hub.intake.block, {
      source: 'phone',
      content: { category: 'delay', department: '县医疗保障局', what, major: false, named: false },
    });
    await hub.app.inject({ method: 'POST', url: '/api/intake/submissions', payload: other });
    const act = (body: object) =>
      hub.app.inject({
        method: 'POST',
        url: `/api/office/v1/cases/${other.id}/actions`,
        headers: { cookie },
        payload: body,
      });
    await act({ type: 'register' });
    expect((await act({ type: 'assign', department: '县医疗保障局', workingDays: days })).statusCode).toBe(200);
  }

  const { context: ctx, page: sec } = await office(browser, hub, 'sec');
  await importKeys(sec, hub, ['content']);
  // Within its deadline: in 办理中, not overdue.
  await sec.goto(`${officeUrl(hub)}/office/inbox?tab=overdue`);
  await expect(sec.getByTestId('inbox-empty')).toBeVisible();
  await sec.close();

  // Three calendar days after the deadline, by the browser's clock (and the hub's).
  const late = new Date(`${addCalendarDays(assigned.deadline, 3)}T10:00:00+08:00`);
  hubNow = late;
  const sec2 = await ctx.newPage();
  await sec2.setViewportSize({ width: 1366, height: 768 });
  await sec2.clock.install({ time: late });
  // The workspace's home says so first, in red.
  await sec2.goto(`${officeUrl(hub)}/office/`);
  await expect(sec2.getByTestId('summary-overdue')).toHaveText('已超期 1 件');
  expect(
    await sec2
      .getByTestId('summary-overdue')
      .getByRole('link')
      .evaluate((el) => getComputedStyle(el).backgroundColor),
  ).toBe('rgb(176, 0, 32)');
  await expect(sec2.getByTestId('summary-in-progress')).toHaveText('办理中 3 件');
  await sec2.screenshot({ path: 'docs/screenshots/office-home-cases.png' });
  await sec2.goto(`${officeUrl(hub)}/office/inbox?tab=in-progress`);
  await expect(sec2.getByRole('tab', { name: /已超期 1/ })).toBeVisible();
  await expect(sec2.getByRole('heading', { name: '县交通运输局(1 件)' })).toBeVisible();
  await expect(sec2.getByRole('heading', { name: '县医疗保障局(2 件)' })).toBeVisible();
  await sec2.screenshot({ path: 'docs/screenshots/office-inbox-deadlines.png' });
  const row = sec2.getByTestId('case-row').filter({ hasText: '县交通运输局' });
  await expect(row).toHaveClass(/due-overdue/);
  await expect(row).toContainText('已超期');
  // Red, as the issue asks.
  expect(await row.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(253, 231, 231)');
  await sec2.getByRole('tab', { name: /已超期/ }).click();
  await expect(sec2.getByTestId('case-row')).toHaveCount(1);

  await sec2.goto(`${officeUrl(hub)}/office/inbox/report?q=${quarterOf(assigned.assignedAt)}`);
  const reportRow = sec2.getByTestId('report-row').filter({ hasText: '县交通运输局' });
  // 收到 1, 已答复 0, 按期 0, 超期 1, 办理中 1.
  await expect(reportRow.locator('td')).toHaveText(['1', '0', '0', '1', '1', '—', '0', '0', '0']);
  await expect(sec2.getByTestId('report')).toContainText('目前已超期的件');
  await sec2.screenshot({ path: 'docs/screenshots/office-report.png', fullPage: true });
  expect(await axeViolations(sec2)).toEqual([]);

  // Opened as a 责任追究 matter, decided, kept.
  await sec2.goto(`${officeUrl(hub)}/office/inbox/case/${s.id}`);
  await expect(sec2.getByTestId('case-due')).toContainText('已超期');
  await sec2.getByRole('button', { name: '启动责任追究(调查核实)' }).click();
  await sec2.getByLabel('调查核实情况').fill('经核实,承办人未在期限内答复,系工作疏忽。');
  await sec2.getByRole('checkbox', { name: '批评教育' }).check();
  await sec2.getByRole('checkbox', { name: '责令书面检查' }).check();
  await sec2.getByRole('button', { name: '记录决定并备案' }).click();
  await expect(sec2.getByTestId('accountability-decided')).toContainText('批评教育、责令书面检查(已备案)');
  await ctx.close();
  await hub.close();
});

test('a hotline call recorded by a clerk gets a tracking code that works on a phone', async ({ browser, hub }) => {
  const { context: ctx, page: sec } = await office(browser, hub, 'sec');
  await importKeys(sec, hub, ['content']);
  await sec.goto(`${officeUrl(hub)}/office/inbox/record`);
  await expect(sec.getByRole('heading', { name: '登记来电/来访' })).toBeVisible();
  expect(await axeViolations(sec)).toEqual([]);
  await sec.getByRole('radio', { name: '热线电话(53034645)' }).check();
  await sec.getByRole('button', { name: '加密保存并生成查询码' }).click();
  await expect(sec.getByRole('alert')).toContainText('请记录事情经过');
  await sec.getByLabel('事情经过').fill('来电反映客运站退票窗口拖着不办,已经跑了三趟');
  await sec.getByLabel(/被投诉部门/).fill('县交通运输局');
  await sec.getByLabel('电话(可不留)').fill('1380013');
  await sec.getByRole('button', { name: '加密保存并生成查询码' }).click();
  await expect(sec.getByRole('alert')).toContainText('电话号码格式不对');
  await sec.getByLabel('姓名(可不留,匿名)').fill('周大成');
  await sec.getByLabel('电话(可不留)').fill('139 0000 1111');
  await sec.getByRole('button', { name: '加密保存并生成查询码' }).click();
  const code = ((await sec.getByTestId('recorded-code').textContent()) ?? '').replace(/-/g, '');
  expect(code).toMatch(/^[0-9A-Z]{12}$/);

  // Sealed like any submission: the hub holds no plaintext.
  const body = hub.app.db.prepare('SELECT body, source FROM intake_submissions WHERE tracking_code = ?').get(code) as {
    body: string;
    source: string;
  };
  expect(body.source).toBe('hotline');
  for (const secret of ['周大成', '13900001111', '退票']) expect(body.body).not.toContain(secret);

  await sec.getByRole('button', { name: '回到待登记' }).click();
  const row = sec.getByRole('row', { name: new RegExp(formatTrackingCode(code)) });
  await expect(row).toContainText('热线电话');
  await expect(row).toContainText('客运站退票窗口拖着不办');

  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await phoneCtx.newPage();
  await phone.goto(`${hub.url}/m/track/${code}`);
  await expect(phone.getByRole('status')).toHaveText('已受理');
  await expect(phone.getByText('类别:投诉')).toBeVisible();
  await phoneCtx.close();
  await ctx.close();
});
