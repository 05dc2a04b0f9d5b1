/** What a device kept, for the tests that check a public screen forgets its last user. */
import type { Page } from '@playwright/test';

/** Everything the page could have stored: every IndexedDB store, localStorage, sessionStorage, Cache Storage. */
export async function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      for (const name of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((ok) => {
          const r = db.transaction(name).objectStore(name).getAll();
          r.onsuccess = () => ok(r.result);
        });
        parts.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys()) parts.push(await (await cache.match(req))!.text());
    }
    return parts.join('\n');
  });
}
