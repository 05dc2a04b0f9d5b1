/** The typed `meta` helpers, on fake-indexeddb: on the database itself and inside a transaction. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, test, vi } from 'vitest';

let store: typeof import('./db.ts');

beforeEach(async () => {
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
  vi.resetModules();
  store = await import('./db.ts');
});

test('a value written on the database is read inside a transaction, and the other way round', async () => {
  const db = await store.openStore();
  await store.putMeta(db, 'display.uploaded', 7);
  const tx = db.transaction(['display', 'meta'], 'readwrite');
  expect(await store.getMeta(tx, 'display.uploaded')).toBe(7);
  await store.putMeta(tx, 'display.anchor', { seq: 3, hash: 'h' });
  await tx.done;
  expect(await store.getMeta(db, 'display.anchor')).toEqual({ seq: 3, hash: 'h' });
  expect(await store.getMeta(db, 'vocab')).toBeUndefined();
});

test('a write inside an abandoned transaction is dropped with it', async () => {
  const db = await store.openStore();
  await store.putMeta(db, 'display.chain', { seq: 1, hash: 'a' });
  const tx = db.transaction(['display', 'meta'], 'readwrite');
  const dropped = expect(store.putMeta(tx, 'display.chain', { seq: 2, hash: 'b' })).rejects.toThrow();
  await store.abandon(tx);
  await dropped;
  expect(await store.getMeta(db, 'display.chain')).toEqual({ seq: 1, hash: 'a' });
});
