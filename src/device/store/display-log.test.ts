/** The proof-of-display log's own logic, on fake-indexeddb (the e2e tests run it in Chromium). */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { type DisplayEntry, GENESIS, verifyChain } from '../../contract/display.ts';

let log: typeof import('./display-log.ts');
let db: typeof import('./db.ts');

beforeEach(async () => {
  // A fresh database and fresh module state for each test, as after a clean install.
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
  vi.resetModules();
  log = await import('./display-log.ts');
  db = await import('./db.ts');
});

const t = (local: string) => Date.parse(`${local}+08:00`);
const show = (item: string, from: string, seconds = 15, rev = 1) =>
  log.recordShow({ item, rev, from: t(from), to: t(from) + seconds * 1000 });

async function sealed(): Promise<DisplayEntry[]> {
  return (await db.openStore()).getAll('display');
}

describe('display log', () => {
  test('shows of one item in one hour make one spell; the hour, a gap or a new revision seal it', async () => {
    await show('a', '2026-11-10T09:58:00');
    await show('b', '2026-11-10T09:58:15');
    await show('a', '2026-11-10T09:58:30');
    expect(await sealed()).toEqual([]);
    // 10:00: a new hour seals both spells of 9 o'clock.
    await show('a', '2026-11-10T10:00:05');
    const first = await sealed();
    expect(first.map((e) => [e.seq, e.item, e.from, e.to, e.shows, e.seconds])).toEqual([
      [1, 'a', '2026-11-10T01:58:00.000Z', '2026-11-10T01:58:45.000Z', 2, 30],
      [2, 'b', '2026-11-10T01:58:15.000Z', '2026-11-10T01:58:30.000Z', 1, 15],
    ]);
    // Seven minutes without `a` on screen: a gap seals it; then a new revision seals the next spell.
    await show('a', '2026-11-10T10:07:30');
    await show('a', '2026-11-10T10:07:45', 15, 2);
    expect((await sealed()).map((e) => `${e.item}@${e.rev} ${e.shows}`)).toEqual(['a@1 2', 'b@1 1', 'a@1 1', 'a@1 1']);
    expect(await log.displayLogStatus()).toMatchObject({ sealed: 4, uploaded: 0, open: 1 });
  });

  test('entries are chained to each other from the genesis hash, and verify', async () => {
    await show('a', '2026-11-10T09:00:00');
    await show('b', '2026-11-10T10:00:00');
    await show('c', '2026-11-10T11:00:00');
    await log.sealOpenSpells(t('2026-11-10T12:00:00'), true);
    const entries = await sealed();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prev).toBe(GENESIS);
    expect(entries[1]!.prev).toBe(entries[0]!.hash);
    expect(await verifyChain(entries)).toEqual([]);
    expect(await log.verifyDisplayLog()).toEqual([]);
  });

  test('an edited entry and a deleted one are found where they happened', async () => {
    for (const h of ['09', '10', '11', '12']) await show('a', `2026-11-10T${h}:00:00`);
    await log.sealOpenSpells(t('2026-11-10T13:00:00'), true);
    const store = await db.openStore();
    const second = (await store.get('display', 2))!;
    await store.put('display', { ...second, seconds: 3600 });
    await store.delete('display', 3);
    expect(await log.verifyDisplayLog()).toEqual([
      { seq: 2, code: 'altered', message: '第 2 条展示记录的内容与其哈希不符:记录被改动过' },
      { seq: 4, code: 'missing', message: '缺少第 3 条展示记录:记录被删除' },
    ]);
    // Cutting entries off the end is found too: the chain's head still points past them.
    await store.delete('display', 4);
    expect((await log.verifyDisplayLog()).at(-1)).toEqual({ seq: 4, code: 'missing', message: '缺少第 3-4 条展示记录:记录被删除' });
  });

  test('entries wait for the hub: only confirmed ones are ever forgotten, and the chain still checks after', async () => {
    for (let h = 0; h < 24; h++) await show('a', `2026-11-10T${String(h).padStart(2, '0')}:00:00`);
    await log.sealOpenSpells(t('2026-11-11T00:00:00'), true);
    expect((await log.unconfirmedEntries(10)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await log.confirmUploaded(20);
    expect((await log.unconfirmedEntries(10)).map((e) => e.seq)).toEqual([21, 22, 23, 24]);
    expect(await log.verifyDisplayLog()).toEqual([]);
    expect(await log.displayLogStatus()).toMatchObject({ sealed: 24, uploaded: 20 });
  });

  test('after a restart, what was open is sealed and the chain goes on', async () => {
    await show('a', '2026-11-10T09:00:00');
    await log.sealOpenSpells(t('2026-11-10T09:00:20'), true);
    const device = await log.displayDeviceId();
    vi.resetModules();
    const again = await import('./display-log.ts');
    expect(await again.displayDeviceId()).toBe(device);
    await again.recordShow({ item: 'b', rev: 1, from: t('2026-11-10T09:01:00'), to: t('2026-11-10T09:01:15') });
    await again.sealOpenSpells(t('2026-11-10T09:02:00'), true);
    const entries = await sealed();
    expect(entries.map((e) => [e.seq, e.item, e.device])).toEqual([
      [1, 'a', device],
      [2, 'b', device],
    ]);
    expect(await verifyChain(entries)).toEqual([]);
  });

  test('a kiosk on the first database version is upgraded in place: its content stays, the display stores, the outbox and the device identity appear', async () => {
    const { openDB } = await import('idb');
    const v1 = await openDB('zwgk', 1, {
      upgrade(d) {
        d.createObjectStore('items', { keyPath: 'item.id' });
        d.createObjectStore('archive', { keyPath: 'key' });
        d.createObjectStore('meta');
        d.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
      },
    });
    await v1.put('items', { item: { id: 'kept', rev: 1 }, seq: 1 });
    v1.close();
    const store = await db.openStore();
    expect(store.version).toBe(4);
    expect([...store.objectStoreNames].sort()).toEqual(['archive', 'display', 'displayOpen', 'identity', 'items', 'log', 'meta', 'outbox']);
    expect(await store.get('items', 'kept')).toMatchObject({ item: { id: 'kept' } });
    await show('a', '2026-11-10T09:00:00');
    await log.sealOpenSpells(t('2026-11-10T10:00:00'), true);
    expect((await sealed()).map((e) => e.item)).toEqual(['a']);
  });
});
