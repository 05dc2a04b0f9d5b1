/**
 * Approvals signed by the people who gave them (docs/feed.md). A kiosk whose config
 * names the office's roster root key shows a revision only when the right people
 * signed its 预审 and 签发 with their own passkeys. Each attack below is refused with
 * its reason on the diagnostics screen, and the last good content stays on screen.
 */
import type { Page } from '@playwright/test';
import { disclosure, type TestFeed } from './support/feed.ts';
import { deviceState, expect, syncFromDiagnostics, test } from './support/fixtures.ts';
import { startHub, type TestHub } from './support/hub.ts';
import { PEOPLE, TestOffice } from './support/people.ts';

const good = disclosure('good', { title: '已公开的收费标准' });
const intruder = (over = {}) => disclosure('intruder', { title: '未经批准的内容', ...over });

async function kioskWithPeople(feed: TestFeed): Promise<{ office: TestOffice; hub: TestHub }> {
  const office = await TestOffice.create();
  await office.publish(feed, [good], { roster: await office.signedRoster() });
  const hub = await startHub(feed, {
    default: { v: 1, name: '测试触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 5, rosterRoots: [office.root.trusted] },
  });
  return { office, hub };
}

async function showingGoodContent(page: Page, hub: TestHub) {
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /已公开的收费标准/ }).click();
  // The names come from the people's signatures, checked on this device.
  await expect(page.getByText('预审:李四')).toBeVisible();
  await expect(page.getByText('签发:王五')).toBeVisible();
  await expect(page.getByText('本人签名已核验')).toBeVisible();
}

async function expectRejected(page: Page, code: string, reason: RegExp) {
  await syncFromDiagnostics(page);
  const log = page.getByTestId('diag-log');
  await expect(log.locator('li.log-reject').first()).toContainText(code);
  await expect(log.locator('li.log-reject').first()).toContainText(reason);
  await expect(page.getByTestId('diag-seq')).toHaveText('已同步到第 1 号变更');
  await page.getByRole('button', { name: '首页' }).click();
  await expect(page.getByRole('button', { name: /已公开的收费标准/ })).toBeVisible();
  await expect(page.getByText('未经批准的内容')).toHaveCount(0);
  expect(await deviceState(page)).toEqual({ seq: 1, ids: ['good'] });
}

test.describe('approvals signed by people', () => {
  let hub: TestHub | undefined;
  test.afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  test('a verified revision shows its people on the kiosk and on the phone', async ({ page, feed }) => {
    ({ hub } = await kioskWithPeople(feed));
    await showingGoodContent(page, hub);
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${hub.url}/m/item/good`);
    await expect(phone.getByText('签发:王五')).toBeVisible();
    await expect(phone.getByText('本人签名已核验')).toBeVisible();
  });

  test('an older revision keeps its verified people in the archive; a withdrawal signed by a leader takes the item down', async ({
    page,
    feed,
  }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    await k.office.publish(feed, [{ ...good, rev: 2, title: '已公开的收费标准(修订)' }], { drafter: PEOPLE.both.id });
    await page.getByRole('button', { name: '首页' }).click();
    await expect(page.getByRole('button', { name: /修订/ })).toBeVisible({ timeout: 10_000 });
    await page.getByRole('button', { name: '公开档案' }).click();
    await page
      .getByRole('button', { name: /已公开的收费标准/ })
      .filter({ hasNotText: '修订' })
      .click();
    await expect(page.getByText('本人签名已核验')).toBeVisible();
    await expect(page.getByText('预审:李四')).toBeVisible();

    // 王五's signed withdrawal takes it down.
    await k.office.withdraw(feed, 'good', '收费标准已废止');
    await syncFromDiagnostics(page);
    await page.getByRole('button', { name: '首页' }).click();
    await expect(page.getByRole('button', { name: /收费标准/ })).toHaveCount(0);
  });

  test('a withdrawal signed by someone who may not withdraw is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    await k.office.publish(feed, [intruder()]);
    await syncFromDiagnostics(page);
    // 李四 may pre-review, not take anything down (撤回 needs a leader).
    await k.office.withdraw(feed, 'intruder', '无理由撤回', PEOPLE.pre);
    await syncFromDiagnostics(page);
    await expect(page.getByTestId('diag-log').locator('li.log-reject').first()).toContainText('approval-role');
    await expect(page.getByTestId('diag-seq')).toHaveText('已同步到第 2 号变更');
    expect((await deviceState(page)).ids).toEqual(['good', 'intruder']);
  });

  test('any byte of an approved revision changed is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    const approved = intruder({ title: '原标题' });
    await k.office.publish(feed, [intruder({ title: '原标题。' })], { approvals: await k.office.approve([approved]) });
    await expectRejected(page, 'approval-not-covering', /不是针对这一版本的内容/);
  });

  test('approvals copied onto another revision are refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    await k.office.publish(feed, [intruder()], { approvals: await k.office.approve([good]) });
    await expectRejected(page, 'approval-not-covering', /不是针对这一版本的内容/);
  });

  test('an approval by someone outside the role is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    // 李四 is in the pre-review group, not a leader.
    await k.office.publish(feed, [intruder()], { approvals: await k.office.approve([intruder()], { leader: PEOPLE.pre }) });
    await expectRejected(page, 'approval-role', /李四.*不具有签发所需的角色/);
  });

  test('a self-approval is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    await k.office.publish(feed, [intruder()], {
      drafter: PEOPLE.both.id,
      approvals: await k.office.approve([intruder()], { pre: PEOPLE.both }),
    });
    await expectRejected(page, 'approval-self', /赵六 不能审批自己起草的内容/);
  });

  test('an approval by a removed person, dated after the removal, is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    const now = new Date().toISOString();
    const approvals = [
      await k.office.sign(PEOPLE.pre, 'prereview', [intruder()], now),
      await k.office.sign(PEOPLE.gone, 'signoff', [intruder()], now),
    ];
    await k.office.publish(feed, [intruder()], { approvals });
    await expectRejected(page, 'approval-removed', /钱七 在 .* 不在名册有效期内/);
  });

  test('a roster not signed by the root key is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    const serverKey = feed.key;
    await k.office.publish(feed, [intruder()], { roster: await k.office.signedRoster(2, serverKey) });
    await expectRejected(page, 'roster-signature', /名册未经本办根密钥签名/);
  });

  test('a feed signed with the server key alone is refused', async ({ page, feed }) => {
    const k = await kioskWithPeople(feed);
    hub = k.hub;
    await showingGoodContent(page, hub);
    // Whoever holds the server key can sign changes, but cannot make the people's signatures.
    await feed.publish([intruder()]);
    await expectRejected(page, 'approval-missing', /仅有服务器签名/);
  });
});
