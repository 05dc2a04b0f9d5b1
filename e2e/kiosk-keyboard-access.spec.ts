/**
 * Every control is reachable and operable by keyboard, on every kiosk screen
 * (issue #6; WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7, 1.4.11). For each screen: Tab
 * reaches every visible control in reading order and comes round again (no
 * trap), Shift+Tab goes back the same way, the focused control shows a ring
 * of ≥ 3:1, and Enter or Space does what a tap does. After a change of screen
 * the focus is on the new screen's heading, never lost on <body>. Forms and
 * the questionnaire are filled in and sent with the keyboard alone.
 */
import type { Page } from '@playwright/test';
import { disclosure } from './support/feed.ts';
import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { intakeFeedItems } from './support/forms.ts';
import { DEMO_NOW, openDemo, publishDemo } from './support/kiosk.ts';
import { publishContent, QUESTIONNAIRE_ID, questionnaireContent } from './support/questionnaire.ts';
import { arrowTo, expectKeyboardScreen, focusedElement, selectByKeys, tabTo } from './support/tab-order.ts';

/** After a change of screen the focus is on its heading (in <main>), not on <body>. */
async function expectFocusOnHeading(page: Page, heading: string | RegExp): Promise<void> {
  await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'h2', inMain: true });
  const { text } = await focusedElement(page);
  if (typeof heading === 'string') expect(text).toContain(heading);
  else expect(text).toMatch(heading);
}

const press = (page: Page, key: string) => page.keyboard.press(key);

test.describe('the demo county on the kiosk', () => {
  test.beforeEach(async ({ page, feed, hub }) => {
    await publishDemo(feed);
    await openDemo(page, hub.url);
  });

  test('home, list, items, archive, search and diagnostics: every control reached, visibly focused, and working by keyboard', async ({
    page,
    hub,
  }) => {
    test.setTimeout(180_000);
    // Home → list → item: Enter follows, and the focus lands on each new screen's heading.
    await expectKeyboardScreen(page, 'home');
    await tabTo(page, /办事指南与收费标准/);
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '办事指南与收费标准');
    await expectKeyboardScreen(page, 'list');
    await tabTo(page, /不动产登记/);
    await press(page, 'Space');
    await expect(page.locator('.item-heading')).toContainText('不动产');
    await expectFocusOnHeading(page, /不动产/);

    // An item, a notice, a hearing: 朗读 (this Chromium has no voice: the button says so, and can still be reached).
    for (const id of ['fee-property-registration', 'notice-snowstorm-emergency', 'hearing-bus-route-adjustment']) {
      await page.goto(`${hub.url}/k/item/${id}`);
      await expect(page.locator('.item-aside [role="img"]')).toBeVisible();
      await expect(page.getByTestId('read-aloud')).toHaveAttribute('data-voice', 'none');
      const report = await expectKeyboardScreen(page, `item ${id}`);
      expect(report.controls.some((c) => c.includes('本机没有中文语音'))).toBe(true);
    }
    // The hearing takes opinions: Enter opens the form, its heading has the focus.
    await tabTo(page, '对听证事项提意见');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '提交听证意见');

    // The archive: Enter and Space open and close a quarter.
    await page.goto(`${hub.url}/k/archive`);
    await expect(page.locator('.archive details').first()).toBeVisible();
    await expectKeyboardScreen(page, 'archive');
    const quarters = page.locator('.archive details');
    const last = quarters.last();
    if ((await quarters.count()) > 1) {
      await expect(last).not.toHaveAttribute('open');
      await tabTo(page, ((await last.locator('summary').textContent()) ?? '').trim());
      await press(page, 'Enter');
      await expect(last).toHaveAttribute('open');
      await press(page, 'Space');
      await expect(last).not.toHaveAttribute('open');
    }
    await tabTo(page, '搜索档案');
    await press(page, 'Enter');
    await expect(page.getByRole('button', { name: '公开档案', pressed: true })).toBeVisible();

    // Search with results: typed on a physical keyboard (the on-screen one stays away), a result opened with Enter.
    await page.goto(`${hub.url}/k/search`);
    await tabTo(page, '输入汉字或拼音');
    await page.keyboard.type('收费');
    await expect(page.getByTestId('search-results')).toBeVisible();
    await expect(page.locator('.keyboard')).toHaveCount(0);
    await expectKeyboardScreen(page, 'search with results');
    await tabTo(page, '现行公开');
    await press(page, 'Space');
    await expect(page.getByRole('button', { name: '现行公开', pressed: true })).toBeVisible();
    await tabTo(page, /收费/);
    const opened = await focusedElement(page);
    await press(page, 'Enter');
    await expect(page.locator('.item-heading')).toBeVisible();
    await expectFocusOnHeading(page, opened.text.split('\n')[0]!.slice(0, 6));

    // Diagnostics: 立即同步 by Enter; the focus stays on it while it runs and after.
    await tabTo(page, '设备信息');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '设备信息');
    await expect(page.getByTestId('diag-seq')).toHaveText(/第 [1-9]\d* 号变更/);
    await expectKeyboardScreen(page, 'diagnostics');
    // The time of the last check, beside 最近检查 wherever the diagnostics list puts it.
    const lastCheck = page.locator('.diagnostics dt', { hasText: '最近检查' }).locator('xpath=following-sibling::dd[1]');
    const before = (await lastCheck.textContent()) ?? '';
    // A minute later (the list shows minutes), well inside the kiosk's 90 s idle time: five minutes
    // made the idle watch send the kiosk to its attract screen before the next key, on a busy machine.
    await page.clock.setFixedTime(new Date(DEMO_NOW.getTime() + 60_000));
    await tabTo(page, '立即同步');
    await press(page, 'Enter');
    await expect(lastCheck).not.toHaveText(before);
    await expect(page.getByRole('button', { name: '立即同步' })).toBeEnabled();
    expect((await focusedElement(page)).text).toBe('立即同步');
  });

  test('适老模式, text sizes and the language switch work by keyboard and keep the focus where it was', async ({ page }) => {
    await tabTo(page, '适老模式');
    await press(page, 'Space');
    await expect(page.locator('html')).toHaveClass(/elder/);
    expect((await focusedElement(page)).text).toContain('适老模式');
    await press(page, 'Enter');
    await expect(page.locator('html')).not.toHaveClass(/elder/);
    for (const [name, size] of [
      [/^大$/, '1'],
      ['特大', '2'],
      ['超大', '3'],
      [/^标准$/, '0'],
    ] as const) {
      await tabTo(page, name);
      await press(page, 'Enter');
      await expect(page.locator('html')).toHaveAttribute('data-size', size);
    }
    await tabTo(page, 'English');
    await press(page, 'Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectKeyboardScreen(page, 'home in English');
    await tabTo(page, '中文', { back: true });
    await press(page, 'Space');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    // In 适老模式 too every control is reached with a visible ring.
    await page.getByRole('button', { name: '适老模式' }).click();
    await expectKeyboardScreen(page, 'home in 适老模式', { textMin: 7 });
  });

  test('the on-screen keyboard: no trap for a keyboard user, and its keys work with Enter and Space', async ({ page, hub }) => {
    await page.goto(`${hub.url}/k/search`);
    const keyboard = page.locator('.keyboard');
    // Tab into the field: someone with a physical keyboard types on it, nothing covers the screen.
    await tabTo(page, '输入汉字或拼音');
    await expect(keyboard).toHaveCount(0);
    // A touch on the field brings the on-screen keyboard (it hides the navigation it covers)…
    await page.locator('#search-field').click();
    await expect(keyboard).toBeVisible();
    await expect(page.getByRole('navigation')).toBeHidden();
    // …and Tab leads on to the page's next control: the keyboard goes away, the navigation is back, nothing is trapped.
    await press(page, 'Tab');
    await expect(keyboard).toBeHidden();
    await expect(page.getByRole('navigation')).toBeVisible();
    expect((await focusedElement(page)).inMain).toBe(true);
    // Its keys are buttons: a switch or keyboard that lands on one works it with Enter or Space.
    await page.locator('#search-field').click();
    await keyboard.getByRole('button', { name: 's', exact: true }).focus();
    await press(page, 'Enter');
    await keyboard.getByRole('button', { name: 'f', exact: true }).focus();
    await press(page, 'Space');
    const first = keyboard.locator('.candidate').first();
    await expect(first).toBeVisible();
    const word = ((await first.textContent()) ?? '').trim();
    await first.focus();
    await press(page, 'Enter');
    await expect(page.locator('#search-field')).toHaveValue(word);
    // From a key, Tab goes round out of the keyboard into the page again.
    let out = false;
    for (let i = 0; i < 80 && !out; i++) {
      await press(page, 'Tab');
      out = await page.evaluate(() => !!document.activeElement?.closest('.kiosk'));
    }
    expect(out, 'Tab leads out of the on-screen keyboard').toBe(true);
  });
});

test('an attachment: Enter opens the viewer with the focus on 关闭, Tab stays in it, Escape and 关闭 close it and the focus returns', async ({
  page,
  feed,
  hub,
}) => {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 40, height: 20 });
  png.data.fill(0x9e);
  const file = await feed.addFile(new Uint8Array(PNG.sync.write(png)), 'png');
  await feed.publish([
    disclosure('with-map', { title: '办事大厅窗口分布图', attachments: [{ name: '窗口分布图.png', type: 'image/png', ...file }] }),
  ]);
  await page.goto(`${hub.url}/k/item/with-map?config=default`);
  await expect(page.getByRole('button', { name: /窗口分布图\.png/ })).toBeEnabled();
  await expectKeyboardScreen(page, 'item with an attachment');
  await tabTo(page, /窗口分布图\.png/);
  await press(page, 'Enter');
  const viewer = page.getByRole('dialog', { name: '窗口分布图.png' });
  await expect(viewer.getByRole('img')).toBeVisible();
  await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
  await expectKeyboardScreen(page, 'attachment viewer');
  await press(page, 'Tab');
  await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
  await press(page, 'Escape');
  await expect(viewer).toHaveCount(0);
  await expect(page.getByRole('button', { name: /窗口分布图\.png/ })).toBeFocused();
  await press(page, 'Space');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
  await press(page, 'Enter');
  await expect(viewer).toHaveCount(0);
  await expect(page.getByRole('button', { name: /窗口分布图\.png/ })).toBeFocused();
});

/** From a filled form: 下一步:核对, 确认提交, the receipt with its tracking code, 完成 — all by keyboard. */
async function sendByKeyboard(page: Page): Promise<void> {
  await tabTo(page, '下一步:核对');
  await press(page, 'Enter');
  // Each screen is there before the keys go on (Tab pressed meanwhile would go round the screen being left).
  await expect(page.getByRole('button', { name: '确认提交' })).toBeVisible();
  // The new step puts the focus on its heading once drawn: wait for that, or it takes the focus back from 确认提交.
  await expectFocusOnHeading(page, /./);
  await tabTo(page, '确认提交');
  await press(page, 'Enter');
  // Sealed and queued on the device before the receipt shows: seconds on a busy machine.
  await expect(page.getByTestId('tracking-code')).toBeVisible({ timeout: 30_000 });
  await expectFocusOnHeading(page, /./);
  await tabTo(page, '完成');
  await press(page, 'Enter');
  await expect(page.getByTestId('tracking-code')).toHaveCount(0);
  await expectFocusOnHeading(page, /./);
}

test.describe('forms by keyboard alone', () => {
  test.beforeEach(async ({ feed }) => {
    await feed.publish(intakeFeedItems());
  });

  test('a complaint: every field filled, checked and sent with the keyboard, to the receipt with its tracking code; then tracked', async ({
    page,
    hub,
  }) => {
    test.setTimeout(120_000);
    await page.goto(`${hub.url}/?config=default`);
    await serviceWorkerActive(page);
    await tabTo(page, '我要投诉');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '我要投诉');
    // Enter on 下一步 with nothing filled: the problems are listed and the focus goes to the first field to fix.
    await tabTo(page, '下一步:核对');
    await press(page, 'Enter');
    await expect(page.getByRole('alert').first()).toContainText('有 4 处需要修改');
    await expect
      .poll(() =>
        page.evaluate(() => `${(document.activeElement as HTMLInputElement).type} ${(document.activeElement as HTMLInputElement).name}`),
      )
      .toBe('radio category');

    await arrowTo(page, /态度恶劣/);
    await expect(page.getByRole('radio', { name: /态度恶劣/ })).toBeChecked();
    await tabTo(page, '被投诉的单位');
    await selectByKeys(page, '县医疗保障局');
    await tabTo(page, '事情经过');
    await page.keyboard.type('医保窗口工作人员态度恶劣,材料齐全却让我回去');
    await tabTo(page, '发生时间');
    await page.keyboard.type('11月20日上午');
    await tabTo(page, '发生地点');
    await page.keyboard.type('政务服务中心二楼');
    await tabTo(page, '这件事涉及重大事项');
    await press(page, 'Space');
    await expect(page.getByRole('checkbox', { name: '这件事涉及重大事项' })).toBeChecked();
    await expect(page.getByRole('radio', { name: '实名投诉' })).toBeChecked();
    await tabTo(page, '姓名');
    await page.keyboard.type('赵桂兰');
    await tabTo(page, '联系电话');
    await page.keyboard.type('13800138000');
    await expect(page.locator('.keyboard')).toHaveCount(0);
    await expectKeyboardScreen(page, 'complaint form, filled in');

    // Enter in a field sends the form on to the check step.
    await tabTo(page, '联系电话');
    await press(page, 'Enter');
    await expect(page.getByRole('heading', { name: '保密承诺' })).toBeVisible();
    await expectFocusOnHeading(page, '我要投诉');
    await expectKeyboardScreen(page, 'complaint, check step');
    await tabTo(page, '确认提交');
    await press(page, 'Enter');
    const code = page.getByTestId('tracking-code');
    await expect(code).toBeVisible();
    const tracking = ((await code.textContent()) ?? '').replace(/-/g, '');
    await expectFocusOnHeading(page, '我要投诉');
    await expectKeyboardScreen(page, 'receipt');
    await tabTo(page, '完成');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, /./);

    // The tracking page: the code typed and looked up by keyboard.
    await tabTo(page, '查询办理进度');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '办理进度查询');
    await tabTo(page, '查询码');
    await page.keyboard.type(tracking);
    await press(page, 'Enter');
    await expect(page.getByTestId('track-code')).toBeVisible();
    await expect(page.locator('.track-step').first()).toHaveText('已受理');
    await expectKeyboardScreen(page, 'tracking');
  });

  test('an inquiry and a hearing opinion sent by keyboard; 在手机上继续 by keyboard', async ({ page, hub }) => {
    test.setTimeout(120_000);
    await page.goto(`${hub.url}/?config=default`);
    await tabTo(page, '我要咨询');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '我要咨询');
    await tabTo(page, '咨询的问题');
    await page.keyboard.type('城乡居民医保明年的缴费标准是多少?');
    await tabTo(page, '咨询哪个单位');
    await selectByKeys(page, '县医疗保障局');
    await tabTo(page, '需要书面答复给我本人');
    await press(page, 'Space');
    await tabTo(page, '姓名');
    await page.keyboard.type('钱秀英');
    await tabTo(page, '联系电话');
    await page.keyboard.type('13900139000');
    await expectKeyboardScreen(page, 'inquiry form');
    await sendByKeyboard(page);

    // A hearing opinion: from the hearing on the home screen.
    await tabTo(page, /公交线路调整听证会/);
    await press(page, 'Enter');
    await tabTo(page, '对听证事项提意见');
    await press(page, 'Enter');
    await expectFocusOnHeading(page, '提交听证意见');
    await tabTo(page, '您的意见和建议');
    await page.keyboard.type('建议保留经过县医院的线路,方便老人看病。');
    await expectKeyboardScreen(page, 'hearing opinion form');
    await press(page, 'Tab');
    await sendByKeyboard(page);

    // 在手机上继续: the QR code screen, and 完成 back home, by keyboard.
    await tabTo(page, '我要投诉');
    await press(page, 'Enter');
    await tabTo(page, '事情经过');
    await page.keyboard.type('窗口中午没有人值班');
    await tabTo(page, '在手机上继续');
    await press(page, 'Enter');
    await expect(page.getByTestId('handoff-qr')).toBeVisible();
    await expectFocusOnHeading(page, '用手机扫码');
    await expectKeyboardScreen(page, 'handoff');
    await tabTo(page, '完成');
    await press(page, 'Enter');
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  });
});

test('the questionnaire: every kind of question answered and submitted by keyboard', async ({ page, feed, hub }) => {
  test.setTimeout(120_000);
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}?config=default`);
  await expect(page.getByRole('button', { name: '开始填写' })).toBeVisible();
  await expectKeyboardScreen(page, 'questionnaire intro');
  await tabTo(page, '开始填写');
  await press(page, 'Enter');
  // Page 1: two single choices, by the arrow keys.
  await expect(page.getByText('第 1 页,共 4 页')).toBeVisible();
  await tabTo(page, '城镇居民');
  await arrowTo(page, '农村居民');
  await tabTo(page, /城关镇|^.{2,5}镇$|^.{2,5}乡$/);
  await arrowTo(page, /南口前镇|清原镇/);
  await expectKeyboardScreen(page, 'questionnaire page 1');
  await tabTo(page, /下一页/);
  await press(page, 'Enter');
  // Page 2: several choices by Space, a text that appears with "其他", a rating.
  await expect(page.getByText('第 2 页,共 4 页')).toBeVisible();
  await tabTo(page, '政务服务中心触摸屏');
  await press(page, 'Space');
  await tabTo(page, '其他渠道');
  await press(page, 'Space');
  await tabTo(page, '请写明其他渠道');
  await page.keyboard.type('村里的大喇叭');
  await tabTo(page, '1 分');
  await arrowTo(page, '2 分');
  await expect(page.getByRole('radio', { name: '2 分' })).toBeChecked();
  await expectKeyboardScreen(page, 'questionnaire page 2');
  await tabTo(page, /下一页/);
  await press(page, 'Enter');
  // Page 3: a matrix, each row a group; Space picks the focused choice.
  await expect(page.getByText('第 3 页,共 4 页')).toBeVisible();
  for (let row = 0; row < 9; row++) {
    // Each row's 朗读 is passed over; Tab stops once at each row's group.
    let name = '';
    for (let i = 0; i < 4 && !name.startsWith('areas.'); i++) {
      await press(page, 'Tab');
      name = await page.evaluate(() => (document.activeElement as HTMLInputElement).name ?? '');
    }
    expect(name).toMatch(/^areas\./);
    await press(page, 'Space');
  }
  await expect(page.locator('input[name^="areas."]:checked')).toHaveCount(9);
  await expectKeyboardScreen(page, 'questionnaire page 3 (matrix)');
  await tabTo(page, /下一页/);
  await press(page, 'Enter');
  // Page 4: checkboxes (shown because the rating was low), a comment that appears, another comment.
  await expect(page.getByText('第 4 页,共 4 页')).toBeVisible();
  await tabTo(page, /公开不及时/);
  await press(page, 'Space');
  await tabTo(page, '请具体说明存在的问题');
  await page.keyboard.type('补贴名单贴出来没几天就撕了');
  await tabTo(page, /您希望进一步公开哪些内容/);
  await page.keyboard.type('希望公开村里修路的账目');
  await expectKeyboardScreen(page, 'questionnaire page 4');
  await tabTo(page, /^提交$/);
  await press(page, 'Enter');
  await expect(page.getByText('提交成功,感谢您参与评议!')).toBeVisible();
  await expectKeyboardScreen(page, 'questionnaire thanks');
  await tabTo(page, '返回首页');
  await press(page, 'Enter');
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
});

test('还在使用吗?: the focus moves into the dialog, 继续使用 by Enter or Escape brings it back; the attract screen by keyboard', async ({
  page,
  feed,
  hub,
}) => {
  await publishDemo(feed);
  await page.clock.install({ time: DEMO_NOW });
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  // Time moves only when the test says: checking the dialog by keyboard takes real seconds, and on a busy
  // machine the 10-second countdown ran out while it was being checked.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 2_000);
  await tabTo(page, '适老模式');
  await page.clock.runFor(91_500);
  const dialog = page.getByRole('alertdialog', { name: '还在使用吗?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: '继续使用' })).toBeFocused();
  await expectKeyboardScreen(page, 'idle dialog');
  await expect(dialog.getByRole('button', { name: '继续使用' })).toBeFocused();
  await press(page, 'Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: '适老模式' })).toBeFocused();
  await page.clock.runFor(91_500);
  await expect(dialog).toBeVisible();
  await press(page, 'Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: '适老模式' })).toBeFocused();

  // Nobody comes back: the attract screen, its one button focused with a visible ring; Enter starts.
  await page.clock.runFor(102_000);
  const attract = page.getByRole('button', { name: /请轻触屏幕开始/ });
  await expect(attract).toBeFocused();
  await expectKeyboardScreen(page, 'attract screen');
  // The attract screen waits as long as it takes; the app's own timers run again for the next person.
  await page.clock.resume();
  await press(page, 'Enter');
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'h2', inMain: true });
});
