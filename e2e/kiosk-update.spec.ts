/**
 * A new version of the app reaches a kiosk without a visit, and never in the
 * middle of someone's use (issue #6, DESIGN "updates them all without a
 * visit"): the new service worker waits while a person types, and takes over
 * at the idle reset, when the screen is free; the kiosk then opens on its
 * attract screen, running the new version (IT sees it on 设备信息).
 *
 * The hub serves a copy of dist/; "deploying" copies a second build (the
 * same code, built with another APP_VERSION) over it, as IT would.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { intakeFeedItems } from './support/forms.ts';
import { ROOT, startHub } from './support/hub.ts';

const NEW_VERSION = '0.1.0 (测试用新版本)';

let built: Promise<string> | undefined;
/** The second version, built once per worker into a folder of its own. */
function newVersion(): Promise<string> {
  built ??= (async () => {
    const out = await mkdtemp(join(tmpdir(), 'zwgk-dist-new-'));
    await promisify(execFile)('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, APP_VERSION: NEW_VERSION },
    });
    return out;
  })();
  return built;
}

async function versionShown(page: Page): Promise<string> {
  await page.getByRole('button', { name: '设备信息' }).click();
  // The value beside 程序版本, wherever the diagnostics list puts it.
  const dd = page.locator('.diagnostics dt', { hasText: '程序版本' }).locator('xpath=following-sibling::dd[1]');
  await expect(dd).toContainText('service worker: activated');
  return (await dd.textContent()) ?? '';
}

declare global {
  interface Window {
    __sameDocument?: boolean;
    __controller?: ServiceWorker | null;
  }
}

test.describe('app updates', () => {
  let served: string;
  test.beforeEach(async ({ feed }) => {
    test.setTimeout(120_000);
    await newVersion();
    served = await mkdtemp(join(tmpdir(), 'zwgk-dist-served-'));
    await cp(join(ROOT, 'dist'), served, { recursive: true });
    await feed.publish(intakeFeedItems());
  });
  test.afterEach(async () => {
    await rm(served, { recursive: true, force: true });
  });
  test.afterAll(async () => {
    if (built) await rm(await built, { recursive: true, force: true });
    built = undefined;
  });

  test('a new version waits while someone types a complaint, and takes over at the idle reset', async ({ page, feed }) => {
    const hub = await startHub(feed, {}, { distDir: served });
    try {
      await page.clock.install();
      await page.goto(`${hub.url}/?config=default`);
      await serviceWorkerActive(page);
      const old = await versionShown(page);
      expect(old).not.toContain(NEW_VERSION);

      // IT deploys the new version while a citizen is writing a complaint.
      await page.getByRole('button', { name: '首页' }).click();
      await page.getByRole('button', { name: /我要投诉/ }).click();
      await page.getByLabel('事情经过').fill('窗口工作人员中午提前下班');
      await page.evaluate(() => {
        window.__sameDocument = true;
        window.__controller = navigator.serviceWorker.controller;
      });
      await cp(await newVersion(), served, { recursive: true, force: true });
      // The browser finds it (as it does on its own checks) and installs it: it waits.
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);

      // The citizen goes on for a minute: no reload, nothing lost.
      await page.clock.runFor(60_000);
      await page.getByLabel('事情经过').pressSequentially(',让我下午再来');
      await page.clock.runFor(60_000);
      await expect(page.getByLabel('事情经过')).toHaveValue('窗口工作人员中午提前下班,让我下午再来');
      // Same page, same (old) worker in charge; the new one still waits.
      expect(await page.evaluate(() => window.__sameDocument && navigator.serviceWorker.controller === window.__controller)).toBe(true);
      await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);

      // They walk away: countdown, reset, and the screen is free; the new version takes over.
      await page.clock.runFor(101_000);
      await page.waitForFunction(() => window.__sameDocument === undefined);
      const attract = page.getByRole('button', { name: /请轻触屏幕开始/ });
      await expect(attract).toBeVisible();
      await attract.click();
      expect(await versionShown(page)).toContain(NEW_VERSION);
      expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
    } finally {
      await hub.close();
    }
  });

  test('a kiosk nobody reloads finds the new version by itself at its idle reset', async ({ page, feed }) => {
    const hub = await startHub(feed, {}, { distDir: served });
    try {
      await page.clock.install();
      await page.goto(`${hub.url}/?config=default`);
      await serviceWorkerActive(page);
      expect(await versionShown(page)).not.toContain(NEW_VERSION);
      await page.evaluate(() => (window.__sameDocument = true));
      await cp(await newVersion(), served, { recursive: true, force: true });
      // Nobody touches the screen; at the reset the kiosk asks for a new version, installs it and reloads into it.
      await page.clock.runFor(101_000);
      await page.waitForFunction(() => window.__sameDocument === undefined, undefined, { timeout: 30_000 });
      const attract = page.getByRole('button', { name: /请轻触屏幕开始/ });
      await expect(attract).toBeVisible();
      await attract.click();
      expect(await versionShown(page)).toContain(NEW_VERSION);
    } finally {
      await hub.close();
    }
  });
});
