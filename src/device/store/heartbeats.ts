/**
 * Heartbeats not yet taken by the hub, and the remote actions this device has carried out
 * (src/device/identity/heartbeat.ts). A database of its own, opened only by the lazy heartbeat
 * module: the main one (src/device/store/db.ts) is in the kiosk's first-screen JavaScript, which
 * has no bytes to spare for another migration.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Heartbeat } from '../../contract/fleet.ts';

/** A remote action this device verified and acted on (or refused): reported with the next beat, never done twice. */
export interface ActedRecord {
  id: string;
  at: string;
  result: 'done' | 'failed' | 'refused';
  message?: string;
  /** The hub has taken a beat that reported it. */
  reported: boolean;
}

interface Schema extends DBSchema {
  /** Beats waiting for the hub, by id; `byAt` sends them oldest first. */
  beats: { key: string; value: Heartbeat; indexes: { byAt: string } };
  acted: { key: string; value: ActedRecord };
  /** `logCursor`: the last log entry reported; `dropped`: beats dropped unsent since the last report. */
  counters: { key: 'logCursor' | 'dropped'; value: number };
}

type Db = IDBPDatabase<Schema>;
const ACTED_KEEP = 50;
let opening: Promise<Db> | undefined;

function open(): Promise<Db> {
  opening ??= openDB<Schema>('zwgk-heartbeats', 1, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('beats', { keyPath: 'id' }).createIndex('byAt', 'at');
        db.createObjectStore('acted', { keyPath: 'id' });
        db.createObjectStore('counters');
      }
    },
    blocking() {
      void opening?.then((db) => db.close());
      opening = undefined;
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}

export async function keepBeat(beat: Heartbeat): Promise<void> {
  await (await open()).put('beats', beat);
}

/** The oldest unsent beats, at most `limit`. */
export async function unsentBeats(limit: number): Promise<Heartbeat[]> {
  return (await open()).getAllFromIndex('beats', 'byAt', null, limit);
}

export async function unsentCount(): Promise<number> {
  return (await open()).count('beats');
}

/** The hub took these (stored or already held): they are not sent again. */
export async function forgetBeats(ids: readonly string[]): Promise<void> {
  const tx = (await open()).transaction('beats', 'readwrite');
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

/** Drops unsent beats made before `before` (ISO) and counts them, for the next beat to report. */
export async function dropOlderThan(before: string): Promise<void> {
  const tx = (await open()).transaction(['beats', 'counters'], 'readwrite');
  let n = 0;
  let cursor = await tx.objectStore('beats').index('byAt').openCursor(IDBKeyRange.upperBound(before, true));
  while (cursor) {
    n++;
    await cursor.delete();
    cursor = await cursor.continue();
  }
  if (n > 0) await tx.objectStore('counters').put(((await tx.objectStore('counters').get('dropped')) ?? 0) + n, 'dropped');
  await tx.done;
}

export async function readCounter(key: 'logCursor' | 'dropped'): Promise<number> {
  return (await (await open()).get('counters', key)) ?? 0;
}

export async function writeCounter(key: 'logCursor' | 'dropped', value: number): Promise<void> {
  await (await open()).put('counters', value, key);
}

export async function actedOn(id: string): Promise<ActedRecord | undefined> {
  return (await open()).get('acted', id);
}

/** Records an action's outcome; the oldest reported records beyond ACTED_KEEP are forgotten. */
export async function noteActed(record: ActedRecord): Promise<void> {
  const tx = (await open()).transaction('acted', 'readwrite');
  await tx.store.put(record);
  const all = await tx.store.getAll();
  const old = all.filter((a) => a.reported).sort((a, b) => a.at.localeCompare(b.at));
  for (const a of old.slice(0, Math.max(0, all.length - ACTED_KEEP))) await tx.store.delete(a.id);
  await tx.done;
}

export async function unreportedActs(): Promise<ActedRecord[]> {
  return (await (await open()).getAll('acted')).filter((a) => !a.reported);
}

export async function markReported(ids: readonly string[]): Promise<void> {
  const tx = (await open()).transaction('acted', 'readwrite');
  for (const id of ids) {
    const a = await tx.store.get(id);
    if (a) await tx.store.put({ ...a, reported: true });
  }
  await tx.done;
}
