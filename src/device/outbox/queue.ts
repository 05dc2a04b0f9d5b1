/**
 * The outbox's storage: sealed submissions in IndexedDB (the `outbox` store of
 * src/device/store/db.ts), shared by the page and the service worker. What goes in
 * is already sealed; a submission leaves only when its receipt was verified.
 */
import { type DeliveredCount, type DeliveryTarget, getMeta, type OutboxEntry, openStore, putMeta } from '../store/db.ts';

/** The device's storage refused the write (full, or storage denied): the form must say it was not saved. */
export class StorageFullError extends Error {
  constructor(override readonly cause: unknown) {
    super('本机存储空间不足,未能保存');
    this.name = 'StorageFullError';
  }
}

/** Strict durability: the citizen is shown a receipt only once this is on disk. */
export async function enqueue(entry: OutboxEntry): Promise<void> {
  try {
    const db = await openStore();
    const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
    await tx.store.add(entry);
    await tx.done;
  } catch (e) {
    // Chromium reports a full disk or quota as QuotaExceededError on the transaction (the request sees AbortError),
    // sometimes as UnknownError when the disk itself is full.
    const name = (e as DOMException)?.name;
    if (name === 'QuotaExceededError' || name === 'UnknownError' || name === 'AbortError') throw new StorageFullError(e);
    throw e;
  }
}

/** Submissions whose time has come, oldest first. */
export async function dueEntries(now = Date.now()): Promise<OutboxEntry[]> {
  const db = await openStore();
  const due = await db.getAllFromIndex('outbox', 'byNextAttempt', IDBKeyRange.upperBound(now));
  return due.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function allEntries(): Promise<OutboxEntry[]> {
  const db = await openStore();
  return (await db.getAll('outbox')).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function isQueued(id: string): Promise<boolean> {
  const db = await openStore();
  return (await db.getKey('outbox', id)) !== undefined;
}

export async function updateEntry(entry: OutboxEntry): Promise<void> {
  const db = await openStore();
  // Only if still there: another context may have delivered it meanwhile.
  const tx = db.transaction('outbox', 'readwrite');
  if (await tx.store.getKey(entry.id)) await tx.store.put(entry);
  await tx.done;
}

/**
 * Removes delivered submissions and counts them, in one transaction. Relaxed
 * durability: if power fails before this reaches the disk, they are sent once
 * more and the hub answers with the same receipts (no second row).
 */
export async function markDelivered(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const db = await openStore();
  const tx = db.transaction(['outbox', 'meta'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  let removed = 0;
  for (const id of ids) {
    if ((await outbox.getKey(id)) === undefined) continue;
    await outbox.delete(id);
    removed++;
  }
  if (removed > 0) {
    const prev = (await getMeta(tx, 'outbox-delivered')) ?? { count: 0 };
    await putMeta(tx, 'outbox-delivered', { count: prev.count + removed, lastAt: new Date().toISOString() });
  }
  await tx.done;
}

/** Makes every queued submission due now (the network came back, or IT pressed 立即重试). */
export async function makeAllDue(): Promise<void> {
  const db = await openStore();
  const tx = db.transaction('outbox', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (cursor.value.nextAttemptAt > Date.now()) await cursor.update({ ...cursor.value, nextAttemptAt: Date.now() });
    cursor = await cursor.continue();
  }
  await tx.done;
}

export async function saveTarget(target: DeliveryTarget): Promise<void> {
  const db = await openStore();
  await putMeta(db, 'outbox-target', target);
}

export async function readTarget(): Promise<DeliveryTarget | undefined> {
  const db = await openStore();
  return getMeta(db, 'outbox-target');
}

export async function readDelivered(): Promise<DeliveredCount> {
  const db = await openStore();
  return (await getMeta(db, 'outbox-delivered')) ?? { count: 0 };
}
