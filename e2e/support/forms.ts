/**
 * Filling the complaint and inquiry forms the way a citizen does (by the
 * visible labels), and looking for traces of what was typed everywhere a
 * browser keeps data.
 */

import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { Inbox, type OpenedSubmission, openSubmission } from '../../hub/office/inbox.ts';
import type { Item } from '../../src/contract/feed.ts';
import { disclosure, today } from './feed.ts';
import type { TestHub } from './hub.ts';

export interface ComplaintInput {
  category?: RegExp;
  department?: string;
  what: string;
  name?: string;
  phone?: string;
  major?: boolean;
}

/** Fills the complaint form (kiosk or phone) up to the check step. */
export async function fillComplaint(page: Page, c: ComplaintInput): Promise<void> {
  await page.getByRole('radio', { name: c.category ?? /态度恶劣/ }).check();
  await page.getByLabel('被投诉的单位').selectOption(c.department ?? '不清楚');
  await page.getByLabel('事情经过').fill(c.what);
  if (c.major) await page.getByRole('checkbox', { name: '这件事涉及重大事项' }).check();
  if (c.name) {
    await page.getByRole('radio', { name: '实名投诉' }).check();
    await page.getByLabel('姓名').fill(c.name);
    if (c.phone) await page.getByLabel('联系电话').fill(c.phone);
  } else await page.getByRole('radio', { name: /匿名投诉/ }).check();
}

/** Check step → 确认提交 → the receipt; returns the tracking code as shown (with dashes removed). */
export async function confirmAndSend(page: Page): Promise<string> {
  await page.getByRole('button', { name: '下一步:核对' }).click();
  await page.getByRole('button', { name: '确认提交' }).click();
  const code = page.getByTestId('tracking-code');
  await expect(code).toBeVisible();
  return ((await code.textContent()) ?? '').replace(/-/g, '');
}

export async function fillInquiry(page: Page, question: string, contact?: { name: string; phone: string }): Promise<void> {
  await page.getByLabel('咨询的问题').fill(question);
  if (contact) {
    await page.getByRole('checkbox', { name: '需要书面答复给我本人' }).check();
    await page.getByLabel('姓名').fill(contact.name);
    await page.getByLabel('联系电话').fill(contact.phone);
  }
}

/** Items that give the forms a department list (the feed head's `departments`) and a hearing to comment on. */
export function intakeFeedItems(): Item[] {
  const startsAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
  return [
    disclosure('guide-medical', { title: '城乡居民医保参保指南', department: '县医疗保障局' }),
    disclosure('guide-transport', { title: '道路运输许可办理指南', department: '县交通运输局' }),
    {
      ...disclosure('hearing-bus', { title: '关于召开公交线路调整听证会的通知', department: '县政务公开办', category: 'other-public' }),
      kind: 'hearing',
      hearing: {
        matter: '县城区公交线路优化调整方案',
        startsAt,
        place: '县政务服务中心四楼听证室',
        noticeDate: today(),
        howToJoin: '电话报名',
      },
    } as Item,
  ];
}

/** Everything the hub stored, opened with the office's keys (the office's real code). */
export async function openInbox(hub: TestHub): Promise<OpenedSubmission[]> {
  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  try {
    return await Promise.all(inbox.list().map((row) => openSubmission(row, hub.intake.officeKeys)));
  } finally {
    inbox.close();
  }
}

/** How many submissions this page's outbox still holds, read straight from IndexedDB. */
export async function outboxCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    if (!db.objectStoreNames.contains('outbox')) return 0;
    const n = await new Promise<number>((ok) => {
      const r = db.transaction('outbox').objectStore('outbox').count();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return n;
  });
}

/** What waits in the page's outbox, without the sealed bodies: for a failing run's message. */
export async function outboxEntries(page: Page): Promise<unknown[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    if (!db.objectStoreNames.contains('outbox')) return [];
    const all = await new Promise<Record<string, unknown>[]>((ok) => {
      const r = db.transaction('outbox').objectStore('outbox').getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return all.map(({ body: _body, ...rest }) => rest);
  });
}

/**
 * Every place the page's origin keeps data — the DOM (with form values), every
 * IndexedDB database and store, Cache Storage bodies, localStorage and
 * sessionStorage — searched for each needle. Returns where each was found.
 */
export async function findTraces(page: Page, needles: string[]): Promise<string[]> {
  return page.evaluate(async (needles) => {
    const found: string[] = [];
    const look = (where: string, text: string) => {
      for (const n of needles) if (text.includes(n)) found.push(`${where}: ${n}`);
    };
    const values = [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n');
    look('DOM', document.documentElement.outerHTML + values + document.title + location.href);
    const decoder = new TextDecoder();
    const text = (v: unknown): string =>
      JSON.stringify(v, (_k, x) =>
        x instanceof ArrayBuffer ? decoder.decode(x) : ArrayBuffer.isView(x) ? decoder.decode(x as Uint8Array) : x,
      );
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const all = await new Promise<unknown[]>((ok) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
        });
        look(`IndexedDB ${info.name}/${store}`, text(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        look(`Cache ${name} ${req.url}`, req.url + (res ? decoder.decode(await res.arrayBuffer()) : ''));
      }
    }
    for (const [label, store] of [
      ['localStorage', localStorage],
      ['sessionStorage', sessionStorage],
    ] as const)
      for (let i = 0; i < store.length; i++) look(label, `${store.key(i)}=${store.getItem(store.key(i)!)}`);
    return found;
  }, needles);
}
