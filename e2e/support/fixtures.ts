/** Playwright fixtures: a fresh feed and hub per test, and helpers to read the device's state. */
import { test as base, expect, type Page } from '@playwright/test';
import { TestFeed } from './feed.ts';
import { startHub, type TestHub } from './hub.ts';

export const test = base.extend<{ feed: TestFeed; hub: TestHub }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; this one has none.
  feed: async ({}, use) => {
    const feed = await TestFeed.create();
    await use(feed);
    await feed.dispose();
  },
  hub: async ({ feed }, use) => {
    const hub = await startHub(feed);
    await use(hub);
    await hub.close();
  },
});
export { expect };

/**
 * Waits until the service worker is `activated` (`ready` resolves while it is
 * still activating) and actually serves the app shell: in Chromium the first
 * navigations after activation can still go to the network, so reload until
 * the document comes from the worker.
 */
export async function serviceWorkerActive(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return reg?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
  for (let i = 0; i < 40; i++) {
    if ((await page.reload())?.fromServiceWorker()) return;
    await page.waitForTimeout(250);
  }
  throw new Error('the service worker never served the app shell');
}

/** The device's own record of how far it synced, read straight from IndexedDB. */
export async function deviceState(page: Page): Promise<{ seq: number; ids: string[] }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction(['items', 'meta']);
    const get = <T>(r: IDBRequest<T>) => new Promise<T>((ok) => (r.onsuccess = () => ok(r.result)));
    const [keys, sync] = await Promise.all([get(tx.objectStore('items').getAllKeys()), get(tx.objectStore('meta').get('sync'))]);
    db.close();
    return { seq: (sync as { seq?: number } | undefined)?.seq ?? 0, ids: (keys as string[]).sort() };
  });
}

/** Asks the running app to sync now through its diagnostics screen, as IT would. */
export async function syncFromDiagnostics(page: Page): Promise<void> {
  await page.getByRole('button', { name: '设备信息' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByRole('button', { name: '立即同步' })).toBeEnabled();
}
