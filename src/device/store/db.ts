/**
 * The one IndexedDB module. Components and the sync engine go through here;
 * nothing else opens the database.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { TrustedKey } from '../../contract/config.ts';
import type { DisplayEntry } from '../../contract/display.ts';
import type { Approval, Item } from '../../contract/feed.ts';
import type { SyncRejectCode } from '../../contract/reject-codes.ts';
import type { Roster } from '../../contract/roster.ts';
import type { Vocab, VocabRef } from '../../contract/vocab.ts';

/** The current revision of an item (expired ones included: views filter by date). */
export interface StoredItem {
  item: Item;
  /** 预审 and 签发, shown with the item; `verified` when the names and times come from the people's own signatures. */
  approval: Approval & { verified?: true };
  /** The feed sequence number of the change that stored this revision. */
  seq: number;
  /** e.g. "2026-Q4", from publishedAt, for the archive by quarter. */
  quarter: string;
}

/**
 * A revision that left the screens: superseded by a newer one, or 撤回. With the
 * current items this is the archive of everything ever disclosed (工作制度 五).
 */
export interface ArchivedRevision {
  /** `${id}@${rev}` */
  key: string;
  id: string;
  rev: number;
  item: Item;
  approval: Approval & { verified?: true };
  seq: number;
  quarter: string;
  /** 撤回: when and why it left the screens. */
  withdrawn?: { at: string; reason: string };
}

export interface SyncState {
  feed: string;
  seq: number;
  headIssued: string;
  headExpires: string;
  publisher: string;
  departments: { id: string; name: string }[];
  etag?: string;
  lastCheckAt?: string;
  lastChangeAt?: string;
  /** Channels the content was synced for; a change of config resyncs from zero. */
  channels: string[];
  /** The feed base URL synced from (the public feed or the internal one); a change resyncs from zero. */
  source?: string;
  /** The input vocabulary the head names (sync/vocab.ts fetches it). */
  vocab?: VocabRef;
}

export interface LogEntry {
  id?: number;
  at: string;
  level: 'info' | 'reject' | 'error';
  code: SyncRejectCode | 'applied' | 'unchanged' | 'attachment' | 'config' | 'outbox' | 'board' | 'display';
  message: string;
}

/**
 * A sealed submission waiting for the hub's signed receipt (src/device/outbox/). Only
 * ciphertext and delivery bookkeeping: nothing a citizen typed is readable here.
 */
export interface OutboxEntry {
  /** The submission's client-made id. */
  id: string;
  kind: string;
  /** The sealed submission as JSON text, exactly what is POSTed. */
  body: string;
  queuedAt: string;
  attempts: number;
  lastAttemptAt?: string;
  /** Epoch ms; not before this. */
  nextAttemptAt: number;
  /** Why the last attempt failed, for the diagnostics screen. */
  lastError?: { at: string; code: string; message: string; status?: number };
  /** The hub refused it (4xx): kept, shown to IT, retried hourly, never dropped. */
  refused?: boolean;
}

/**
 * One item revision on a wall board's screen, still being extended: sealed into
 * the proof-of-display chain when the hour ends, the item leaves the rotation,
 * or the page restarts (src/device/store/display-log.ts).
 */
export interface OpenSpell {
  item: string;
  rev: number;
  from: string;
  to: string;
  shows: number;
  ms: number;
}

/**
 * This device's identity (issue 10; src/device/identity/): the Ed25519 key pair made in this
 * browser at first start, the private half non-extractable, and what the hub last said
 * about it. One record, key 'self'.
 */
export interface DeviceIdentityRecord {
  /** The device id (the same id its proof of display carries). */
  device: string;
  privateKey: CryptoKey;
  /** Raw public key, base64url. */
  publicKey: string;
  /** Claim code derived from the public key, e.g. "ABCD-EFGH". */
  code: string;
  createdAt: string;
  /** 'new': not yet claimed at the hub. */
  state: 'new' | 'pending' | 'enrolled' | 'revoked';
  name?: string;
  place?: string;
  channels?: string[];
  enrolledAt?: string;
  revokedAt?: string;
  /** When the hub last answered about this device. */
  checkedAt?: string;
  /** Storage refused the record: it lives in this page only (src/device/store/identity.ts). */
  volatile?: boolean;
}

/** The office's roster of people the device last took (sync/roster.ts), checked against its root keys. */
export interface StoredRoster {
  sha256: string;
  roster: Roster;
}

/** The input vocabulary the head last named (sync/vocab.ts), stored once its sha256 matched. */
export interface StoredVocab {
  sha256: string;
  vocab: Vocab;
}

/** The last sealed entry of the proof-of-display chain, or the last one forgotten (display-log.ts). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Where and to whom: saved by the page for the service worker, which cannot read the device config (outbox/queue.ts). */
export interface DeliveryTarget {
  /** Absolute URL of the intake API, ending in "/". */
  endpoint: string;
  receiptKeys: TrustedKey[];
}

export interface DeliveredCount {
  count: number;
  lastAt?: string;
}

/**
 * What the `meta` store holds, by key. The keys' styles differ (plain, `display.`,
 * `outbox-`) because each feature named its own; devices keep data under them, so a
 * rename needs a migration.
 */
export interface MetaValues {
  /** The feed cursor and the head's details, written with each page (sync/apply.ts). */
  sync: SyncState;
  roster: StoredRoster;
  vocab: StoredVocab;
  /** The board's id; the device identity takes it over (identity.ts). */
  'display.device': string;
  'display.chain': ChainHead;
  /** The last entry the hub confirmed. */
  'display.uploaded': number;
  /** Where the local chain check starts, after confirmed entries were forgotten. */
  'display.anchor': ChainHead;
  'outbox-target': DeliveryTarget;
  'outbox-delivered': DeliveredCount;
}

type MetaKey = keyof MetaValues;
type MetaValue = MetaValues[MetaKey];

interface Schema extends DBSchema {
  items: { key: string; value: StoredItem; indexes: { byCategory: string } };
  archive: { key: string; value: ArchivedRevision; indexes: { byId: string } };
  meta: { key: MetaKey; value: MetaValue };
  log: { key: number; value: LogEntry };
  /** Proof of display: the sealed, hash-chained entries (migration 2). */
  display: { key: number; value: DisplayEntry };
  displayOpen: { key: string; value: OpenSpell };
  /** Sealed submissions waiting for their receipt (migration 3). */
  outbox: { key: string; value: OutboxEntry; indexes: { byNextAttempt: number } };
  /** This device's identity (migration 4). */
  identity: { key: string; value: DeviceIdentityRecord };
}

export type Db = IDBPDatabase<Schema>;
export const DB_NAME = 'zwgk';
const LOG_KEEP = 500;

let opening: Promise<Db> | undefined;

export function openStore(): Promise<Db> {
  opening ??= openDB<Schema>(DB_NAME, 4, {
    upgrade(db, oldVersion) {
      // Numbered migrations: a kiosk runs for months and is upgraded in place.
      if (oldVersion < 1) {
        const items = db.createObjectStore('items', { keyPath: 'item.id' });
        // One index only: each costs every write of a full sync (bench/full-sync.ts).
        items.createIndex('byCategory', 'item.category');
        const archive = db.createObjectStore('archive', { keyPath: 'key' });
        archive.createIndex('byId', 'id');
        db.createObjectStore('meta');
        db.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
      }
      if (oldVersion < 2) {
        // Proof of display for wall boards (issue 3): sealed entries by seq, open spells by item.
        db.createObjectStore('display', { keyPath: 'seq' });
        db.createObjectStore('displayOpen', { keyPath: 'item' });
      }
      // Each step runs once, in order.
      if (oldVersion < 3) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('byNextAttempt', 'nextAttemptAt');
      }
      if (oldVersion < 4) {
        // Device identity (issue 10): the key pair and enrollment state.
        db.createObjectStore('identity');
      }
    },
    blocking() {
      // A newer version of the app wants to upgrade: let it, and reload into it.
      void opening?.then((db) => db.close());
      opening = undefined;
      // The service worker (outbox delivery) opens this database too; only a page reloads.
      const page = globalThis as { document?: unknown; location?: { reload?: () => void } };
      if (page.document) page.location?.reload?.();
    },
    terminated() {
      // The browser closed the connection (storage pressure, crash): reopen on next use.
      opening = undefined;
    },
  });
  return opening;
}

/** A transaction that includes the `meta` store; writing needs a 'readwrite' one. */
interface MetaReadTx {
  objectStore(name: 'meta'): { get(key: MetaKey): Promise<MetaValue | undefined> };
}
interface MetaWriteTx {
  objectStore(name: 'meta'): { put(value: MetaValue, key: MetaKey): Promise<MetaKey> };
}

/** The value under `key`: on its own, or inside `tx` as part of it. */
export function getMeta<K extends MetaKey>(from: Db | MetaReadTx, key: K): Promise<MetaValues[K] | undefined> {
  const value = 'objectStore' in from ? from.objectStore('meta').get(key) : from.get('meta', key);
  // Every write pairs a key with its own type (putMeta; the cursor in sync/apply.ts).
  return value as Promise<MetaValues[K] | undefined>;
}

/** Writes `value` under `key`: on its own, or inside `tx`, committed or dropped with the rest of it. */
export function putMeta<K extends MetaKey>(to: Db | MetaWriteTx, key: K, value: MetaValues[K]): Promise<MetaKey> {
  return 'objectStore' in to ? to.objectStore('meta').put(value, key) : to.put('meta', value, key);
}

export function readSyncState(db: Db): Promise<SyncState | undefined> {
  return getMeta(db, 'sync');
}

/** Gives up a transaction, writing nothing (another tab moved first). */
export async function abandon(tx: { abort(): void; done: Promise<void> }): Promise<void> {
  tx.abort();
  await tx.done.catch(() => undefined);
}

export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

export async function appendLog(entry: Omit<LogEntry, 'id' | 'at'>): Promise<void> {
  const db = await openStore();
  const tx = db.transaction('log', 'readwrite');
  await tx.store.add({ ...entry, at: new Date().toISOString() });
  // Keep the log bounded: a board offline for weeks must not fill its disk with it.
  const count = await tx.store.count();
  if (count > LOG_KEEP) {
    let cursor = await tx.store.openCursor();
    for (let n = count - LOG_KEEP; cursor && n > 0; n--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

export async function readLog(limit = 100): Promise<LogEntry[]> {
  const db = await openStore();
  const out: LogEntry[] = [];
  let cursor = await db.transaction('log').store.openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}
