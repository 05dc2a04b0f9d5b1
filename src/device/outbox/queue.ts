/**
 * The outbox's storage: sealed submissions in IndexedDB (the `outbox` store of
 * src/device/store/db.ts), shared by the page and the service worker. What goes in
 * is already sealed; a submission leaves only when its receipt was verified.
 */
import type { TrustedKey } from '../../contract/config.ts';
import { type OutboxEntry, openStore } from '../store/db.ts';

/** Where and to whom: saved by the page for the service worker, which cannot read the device config. */
export interface DeliveryTarget {
  /** Absolute URL of the intake API, ending in "/". */
  endpoint: string;
  receiptKeys: TrustedKey[];
}

export interface DeliveredCount {
  count: number;
  lastAt?: string;
}

const TARGET_KEY = 'outbox-target';
const DELIVERED_KEY = 'outbox-delivered';

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
    const meta = tx.objectStore('meta');
    const prev = ((await meta.get(DELIVERED_KEY)) as DeliveredCount | undefined) ?? { count: 0 };
    await meta.put({ count: prev.count + removed, lastAt: new Date().toISOString() } satisfies DeliveredCount, DELIVERED_KEY);
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
  await db.put('meta', target, TARGET_KEY);
}

export async function readTarget(): Promise<DeliveryTarget | undefined> {
  const db = await openStore();
  return (await db.get('meta', TARGET_KEY)) as DeliveryTarget | undefined;
}

export async function readDelivered(): Promise<DeliveredCount> {
  const db = await openStore();
  return ((await db.get('meta', DELIVERED_KEY)) as DeliveredCount | undefined) ?? { count: 0 };
}
