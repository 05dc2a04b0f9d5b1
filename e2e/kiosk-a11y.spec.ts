/**
 * A kiosk anyone can use (issue #6): axe-core finds nothing on any kiosk
 * screen, in both languages, in normal and age-friendly (适老模式) mode; in
 * 适老模式 all text is ≥ 7:1, every target ≥ 60 × 60 px and lines ≥ 1.3;
 * text sizes reach 30 pt; every control is reachable and operable by keyboard.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { intakeFeedItems } from './support/forms.ts';
import { axeViolations, DEMO_NOW, lowContrast, lowFieldEdges, openDemo, publishDemo, smallTargets, tightLines } from './support/kiosk.ts';
import { publishContent, QUESTIONNAIRE_ID, questionnaireContent } from './support/questionnaire.ts';
import { expectKeyboardScreen } from './support/tab-order.ts';

const SCREENS: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'home', path: '/', ready: async (p) => expect(p.locator('#h-catalogue')).toBeVisible() },
  { name: 'list', path: '/k/list/procedures-fees', ready: async (p) => expect(p.locator('#h-list')).toBeVisible() },
  { name: 'item (notice)', path: '/k/item/notice-snowstorm-emergency', ready: itemReady },
  { name: 'item (hearing)', path: '/k/item/hearing-bus-route-adjustment', ready: itemReady },
  { name: 'item (disclosure)', path: '/k/item/fee-property-registration', ready: itemReady },
  { name: 'archive', path: '/k/archive', ready: async (p) => expect(p.locator('.archive details').first()).toBeVisible() },
  {
    name: 'diagnostics',
    path: '/k/diagnostics',
    ready: async (p) => expect(p.getByTestId('diag-seq')).toHaveText(/第 [1-9]\d* 号变更|Synced to change #[1-9]/),
  },
  {
    name: 'search',
    path: '/k/search',
    ready: async (p) => {
      await p.locator('#search-field').fill('收费');
      await expect(p.getByTestId('search-results')).toBeVisible();
    },
  },
  {
    name: 'search, keyboard open',
    path: '/k/search',
    ready: async (p) => {
      await p.locator('#search-field').click();
      const keyboard = p.locator('.keyboard');
      for (const k of 'sf') await keyboard.getByRole('button', { name: k, exact: true }).click();
      await expect(keyboard.locator('.candidate').first()).toBeVisible();
    },
  },
];

async function itemReady(page: Page): Promise<void> {
  await expect(page.locator('.item-heading')).toBeVisible();
  // The QR code and the voice check settle.
  await expect(page.locator('.item-aside [role="img"]')).toBeVisible();
  await expect(page.getByTestId('read-aloud')).not.toHaveAttribute('data-voice', 'checking');
}

async function show(page: Page, url: string, path: string, o: { en: boolean; elder: boolean }): Promise<void> {
  await page.goto(`${url}${path}`);
  await expect(page.locator('.display-tools')).toBeVisible();
  if (o.en) {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (o.elder) {
    await page.getByRole('button', { name: o.en ? 'Age-friendly mode' : '适老模式' }).click();
    await expect(page.locator('html')).toHaveClass(/elder/);
  }
}

for (const en of [false, true])
  for (const elder of [false, true]) {
    const mode = `${en ? 'English' : '中文'}, ${elder ? '适老模式' : 'normal mode'}`;
    test(`every kiosk screen passes axe-core (${mode})${elder ? ', with ≥ 7:1 text, ≥ 60 px targets, ≥ 1.3 lines' : ''}`, async ({
      page,
      feed,
      hub,
    }) => {
      test.setTimeout(120_000);
      await publishDemo(feed);
      await openDemo(page, hub.url);
      for (const screen of SCREENS) {
        await show(page, hub.url, screen.path, { en, elder });
        await screen.ready(page);
        expect(await axeViolations(page), `${screen.name}: axe-core violations`).toEqual([]);
        if (elder) {
          expect(await lowContrast(page, 7), `${screen.name}: text under 7:1 in 适老模式`).toEqual([]);
          expect(await smallTargets(page, 60), `${screen.name}: targets under 60×60 px`).toEqual([]);
          expect(await tightLines(page, 1.3), `${screen.name}: line height under 1.3`).toEqual([]);
        } else {
          expect(await lowContrast(page, 4.5), `${screen.name}: text under 4.5:1`).toEqual([]);
        }
      }
    });
  }

test('text sizes: ≥ 18 pt by default, steps up to ≥ 30 pt and to twice the default; page zoom is not needed', async ({
  page,
  feed,
  hub,
}) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  const bodySize = () =>
    page
      .locator('.item-card .item-title')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  // 18 pt = 24 px; 30 pt = 40 px.
  expect(await bodySize()).toBeGreaterThanOrEqual(24);
  const sizes = page.getByRole('group', { name: '字号' });
  await sizes.getByRole('button', { name: '大', exact: true }).click();
  expect(await bodySize()).toBeGreaterThanOrEqual(32);
  await sizes.getByRole('button', { name: '特大' }).click();
  expect(await bodySize()).toBeGreaterThanOrEqual(40);
  // Twice the default, so page zoom (locked on a public screen) is not needed (WCAG 1.4.4).
  await sizes.getByRole('button', { name: '超大' }).click();
  expect(await bodySize()).toBeGreaterThanOrEqual(52);
  await expect(sizes.getByRole('button', { name: '超大' })).toHaveAttribute('aria-pressed', 'true');
  // The layout holds at the largest size: nothing runs off the side of the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);
});

test('age-friendly mode is one tap away on every screen and stays on while moving around', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  for (const path of ['/k/list/org-duties', '/k/archive', '/k/search', '/k/diagnostics', '/k/item/org-zwgk-office']) {
    await page.goto(`${hub.url}${path}`);
    await expect(page.getByRole('button', { name: '适老模式' })).toBeVisible();
  }
  await page.getByRole('button', { name: '适老模式' }).click();
  await expect(page.getByRole('button', { name: '适老模式' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '首页' }).click();
  await page.getByRole('button', { name: /机构职能与规章制度/ }).click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  // The pressed state is shown by a tick and an underline, not by colour alone.
  const toggle = page.getByRole('button', { name: '适老模式' });
  await expect(toggle).toContainText('☑');
  expect(await toggle.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
  const current = page.getByRole('navigation').getByRole('button', { name: /首页/ });
  await page.getByRole('button', { name: '首页' }).click();
  await expect(current).toHaveAttribute('aria-current', 'page');
  expect(await current.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
});

test('every control on the home and search screens is reachable with Tab and works with Enter and Space', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  const controls = await page.locator('button:visible').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  const reached = new Set<string>();
  for (let i = 0; i < controls.length + 10; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim()));
  }
  expect(controls.filter((c) => !reached.has(c))).toEqual([]);

  // Operable: Space toggles, Enter follows.
  await page.getByRole('button', { name: '适老模式' }).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('html')).toHaveClass(/elder/);
  await page.getByRole('button', { name: /办事指南与收费标准/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '办事指南与收费标准' })).toBeVisible();

  await page.getByRole('button', { name: '搜索' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').focus();
  await page.keyboard.type('不动产');
  await expect(page.getByTestId('search-results')).toBeVisible();
  // From the field, Tab reaches the results and Enter opens one.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.classList.contains('search-hit'))) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('.item-heading')).toContainText('不动产');
});

for (const elder of [false, true]) {
  const min = elder ? 7 : 4.5;
  test(`every control state keeps its contrast in ${elder ? '适老模式 (text ≥ 7:1)' : 'normal mode (text ≥ 4.5:1)'}: disabled, pressed, focused, errors; field edges and focus rings ≥ 3:1`, async ({
    page,
    feed,
    hub,
  }) => {
    test.setTimeout(120_000);
    await publishDemo(feed);
    await openDemo(page, hub.url);
    if (elder) await page.getByRole('button', { name: '适老模式' }).click();
    // Pressed: a text size and a search scope.
    await page.getByRole('group', { name: '字号' }).getByRole('button', { name: '大', exact: true }).click();
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('button', { name: '现行公开' }).click();
    await expect(page.getByRole('button', { name: '现行公开' })).toHaveAttribute('aria-pressed', 'true');
    expect(await lowContrast(page, min), 'pressed buttons').toEqual([]);

    // Disabled: 立即同步 while a sync runs (the feed's answer held back until measured).
    let release: () => void = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    await page.route('**/feed/head.json', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: '设备信息' }).click();
    await page.getByRole('button', { name: '立即同步' }).click();
    await expect(page.getByRole('button', { name: '立即同步' })).toHaveAttribute('aria-disabled', 'true');
    expect(await lowContrast(page, min), 'a disabled button').toEqual([]);
    release();
    await expect(page.getByRole('button', { name: '立即同步' })).toBeEnabled();
    await page.unroute('**/feed/head.json');

    // Errors: a form after a first 下一步 with nothing filled in; the field edges; every control focused in turn.
    await page.getByRole('button', { name: '首页' }).click();
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await page.getByRole('button', { name: '下一步:核对' }).click();
    await expect(page.getByText('请选择投诉事项的类别')).toBeVisible();
    await expect(page.getByRole('button', { name: '本机没有中文语音,无法朗读' })).toBeVisible();
    expect(await lowContrast(page, min), 'a form with its problems shown').toEqual([]);
    expect(await lowFieldEdges(page, 3), 'edges of the fields').toEqual([]);
    await expectKeyboardScreen(page, 'complaint form with problems', { textMin: min });
  });
}

/** The screens where citizens write: each in both locales and both modes, with the same checks as above. */
const WRITING_SCREENS: { name: string; path: string; ready: (page: Page, en: boolean) => Promise<void> }[] = [
  {
    name: 'complaint form, problems listed',
    path: '/k/complaint',
    ready: async (p, en) => {
      await p.getByRole('button', { name: en ? 'Next: check' : '下一步:核对' }).click();
      await expect(p.getByRole('alert').first()).toBeVisible();
    },
  },
  { name: 'inquiry form', path: '/k/inquiry', ready: async (p) => expect(p.locator('form')).toBeVisible() },
  { name: 'hearing opinion form', path: '/k/opinion/hearing-bus', ready: async (p) => expect(p.locator('form')).toBeVisible() },
  { name: 'tracking page', path: '/k/track', ready: async (p) => expect(p.locator('form')).toBeVisible() },
];

async function expectAccessible(page: Page, name: string, elder: boolean): Promise<void> {
  expect(await axeViolations(page), `${name}: axe-core violations`).toEqual([]);
  if (elder) {
    expect(await lowContrast(page, 7), `${name}: text under 7:1 in 适老模式`).toEqual([]);
    expect(await smallTargets(page, 60), `${name}: targets under 60×60 px`).toEqual([]);
    expect(await tightLines(page, 1.3), `${name}: line height under 1.3`).toEqual([]);
  } else expect(await lowContrast(page, 4.5), `${name}: text under 4.5:1`).toEqual([]);
}

for (const en of [false, true])
  for (const elder of [false, true]) {
    const mode = `${en ? 'English' : '中文'}, ${elder ? '适老模式' : 'normal mode'}`;
    test(`the forms, the tracking page and the questionnaire pass axe-core (${mode})`, async ({ page, feed, hub }) => {
      test.setTimeout(120_000);
      await feed.publish(intakeFeedItems());
      await page.goto(`${hub.url}/?config=default`);
      for (const screen of WRITING_SCREENS) {
        await show(page, hub.url, screen.path, { en, elder });
        await screen.ready(page, en);
        await expectAccessible(page, screen.name, elder);
      }
      await publishContent(await questionnaireContent(), feed);
      await show(page, hub.url, `/k/survey/${QUESTIONNAIRE_ID}`, { en, elder });
      await expectAccessible(page, 'questionnaire, first screen', elder);
      await page.getByRole('button', { name: en ? 'Start' : '开始填写' }).click();
      await expect(page.locator('fieldset').first()).toBeVisible();
      await expectAccessible(page, 'questionnaire, page 1', elder);
    });
  }

test('the idle countdown and the attract screen pass axe-core, in 适老模式 too', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await page.clock.install({ time: DEMO_NOW });
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  await page.getByRole('button', { name: '适老模式' }).click();
  await page.clock.runFor(91_500);
  await expect(page.getByRole('alertdialog', { name: '还在使用吗?' })).toBeVisible();
  await expectAccessible(page, 'idle countdown, 适老模式', true);
  // The reset forgets 适老模式 with everything else: the attract screen is in the default mode.
  await page.clock.runFor(10_500);
  await expect(page.locator('.attract-button')).toBeVisible();
  await expectAccessible(page, 'attract screen', false);
});
