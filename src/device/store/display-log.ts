/**
 * The board's proof-of-display log in IndexedDB (stores `display` and
 * `displayOpen`, migration 2 in db.ts). Every show of a slide extends an open
 * spell; spells are sealed into the hash chain when their hour ends, after a
 * gap, when the item's revision changes, or when the page starts again. The log
 * survives reloads and weeks offline: an entry is only ever forgotten after the
 * hub has confirmed it, and then only beyond the newest KEEP_CONFIRMED.
 */
import { chinaFields } from '../../contract/china-time.ts';
import {
  type ChainProblem,
  DISPLAY_VERSION,
  type DisplayEntry,
  GENESIS,
  missingMessage,
  sealEntry,
  verifyChain,
} from '../../contract/display.ts';
import { abandon, type ChainHead, getMeta, type OpenSpell, openStore, putMeta } from './db.ts';

/** A spell is sealed when its item has not been on screen for this long. */
export const GAP_MS = 5 * 60_000;
const KEEP_CONFIRMED = 2000;

export interface Show {
  item: string;
  rev: number;
  /** Epoch ms. */
  from: number;
  to: number;
}

// One writer at a time in this page: the chain head is read, hashes computed
// (WebCrypto is async, so not inside an IndexedDB transaction), then written.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const p = queue.then(fn, fn);
  queue = p.catch(() => undefined);
  return p;
}

/** 'YYYY-MM-DDTHH' in China time: spells never run across an hour, so days stay apart. */
export function chinaHour(ms: number): string {
  return chinaFields(ms).toISOString().slice(0, 13);
}

const iso = (ms: number) => new Date(ms).toISOString();

let deviceId: Promise<string> | undefined;

/** This board's random id, made once (the hub tells boards apart by it). */
export function displayDeviceId(): Promise<string> {
  deviceId ??= (async () => {
    const db = await openStore();
    const tx = db.transaction('meta', 'readwrite');
    let id = await getMeta(tx, 'display.device');
    if (!id) {
      id = crypto.randomUUID();
      await putMeta(tx, 'display.device', id);
    }
    await tx.done;
    return id;
  })();
  // A failure (storage closed) is not remembered: the next call tries again.
  deviceId.catch(() => {
    deviceId = undefined;
  });
  return deviceId;
}

/** Whether a spell must be sealed before a show starting at `at` (or at a check at `at`). */
function stale(s: OpenSpell, at: number): boolean {
  return chinaHour(Date.parse(s.from)) !== chinaHour(at) || at - Date.parse(s.to) > GAP_MS;
}

/** The open spells and the chain's head, read together. */
async function readOpen(): Promise<{ spells: OpenSpell[]; head: ChainHead }> {
  const db = await openStore();
  const tx = db.transaction(['displayOpen', 'meta']);
  const [spells, head] = await Promise.all([tx.objectStore('displayOpen').getAll(), getMeta(tx, 'display.chain')]);
  return { spells, head: head ?? { seq: 0, hash: GENESIS } };
}

/** Seals `spells` after `head` into the chain and writes `keep` (the spell being extended), in one transaction. */
async function seal(head: ChainHead, spells: OpenSpell[], keep?: OpenSpell): Promise<number> {
  const db = await openStore();
  const device = await displayDeviceId();
  const entries: DisplayEntry[] = [];
  let prev = head;
  for (const s of [...spells].sort((a, b) => a.from.localeCompare(b.from) || a.item.localeCompare(b.item))) {
    const e = await sealEntry({
      v: DISPLAY_VERSION,
      device,
      seq: prev.seq + 1,
      item: s.item,
      rev: s.rev,
      from: s.from,
      to: s.to,
      shows: s.shows,
      seconds: Math.round(s.ms / 1000),
      prev: prev.hash,
    });
    entries.push(e);
    prev = { seq: e.seq, hash: e.hash };
  }
  const tx = db.transaction(['display', 'displayOpen', 'meta'], 'readwrite');
  const current = (await getMeta(tx, 'display.chain')) ?? { seq: 0, hash: GENESIS };
  if (current.seq !== head.seq) {
    // Another tab of this board wrote meanwhile: write nothing, the next show retries.
    await abandon(tx);
    return 0;
  }
  const writes: Promise<unknown>[] = [];
  for (const s of spells) writes.push(tx.objectStore('displayOpen').delete(s.item));
  for (const e of entries) writes.push(tx.objectStore('display').add(e));
  if (entries.length > 0) writes.push(putMeta(tx, 'display.chain', prev));
  if (keep) writes.push(tx.objectStore('displayOpen').put(keep));
  await Promise.all(writes);
  await tx.done;
  return entries.length;
}

/** Records that `show.item` (revision `rev`) was on screen from `from` to `to`. */
export function recordShow(show: Show): Promise<void> {
  return serial(async () => {
    const { spells, head } = await readOpen();
    const toSeal: OpenSpell[] = [];
    let keep: OpenSpell | undefined;
    for (const s of spells) {
      if (s.item === show.item && s.rev === show.rev && !stale(s, show.from))
        keep = { ...s, to: iso(show.to), shows: s.shows + 1, ms: s.ms + (show.to - show.from) };
      else if (s.item === show.item || stale(s, show.from)) toSeal.push(s);
    }
    keep ??= { item: show.item, rev: show.rev, from: iso(show.from), to: iso(show.to), shows: 1, ms: show.to - show.from };
    await seal(head, toSeal, keep);
  });
}

/** Seals spells that are over at `now` (every spell when `all`: the page has just started). */
export function sealOpenSpells(now: number, all = false): Promise<number> {
  return serial(async () => {
    const { spells, head } = await readOpen();
    const over = spells.filter((s) => all || stale(s, now));
    return over.length > 0 ? seal(head, over) : 0;
  });
}

/** Sealed entries the hub has not confirmed yet, oldest first. */
export async function unconfirmedEntries(limit: number): Promise<DisplayEntry[]> {
  const db = await openStore();
  const uploaded = (await getMeta(db, 'display.uploaded')) ?? 0;
  return db.getAll('display', IDBKeyRange.lowerBound(uploaded, true), limit);
}

/** The hub holds everything up to `through`: remember it, and forget old confirmed entries. */
export function confirmUploaded(through: number): Promise<void> {
  return serial(async () => {
    const db = await openStore();
    const tx = db.transaction(['display', 'meta'], 'readwrite');
    const before = (await getMeta(tx, 'display.uploaded')) ?? 0;
    const confirmed = Math.max(before, through);
    await putMeta(tx, 'display.uploaded', confirmed);
    const store = tx.objectStore('display');
    const forgetUpTo = confirmed - KEEP_CONFIRMED;
    if (forgetUpTo > 0) {
      const last = await store.get(forgetUpTo);
      if (last) {
        // The chain check starts after the last forgotten entry.
        await putMeta(tx, 'display.anchor', { seq: last.seq, hash: last.hash });
        await store.delete(IDBKeyRange.upperBound(forgetUpTo));
      }
    }
    await tx.done;
  });
}

export interface DisplayLogStatus {
  device: string;
  /** Sealed entries so far (the chain's head). */
  sealed: number;
  /** Confirmed by the hub. */
  uploaded: number;
  /** Spells still open. */
  open: number;
}

export async function displayLogStatus(): Promise<DisplayLogStatus> {
  const db = await openStore();
  const device = await displayDeviceId();
  const head = await getMeta(db, 'display.chain');
  return {
    device,
    sealed: head?.seq ?? 0,
    uploaded: (await getMeta(db, 'display.uploaded')) ?? 0,
    open: await db.count('displayOpen'),
  };
}

/** Checks the whole local chain: an edited or deleted entry is reported where it happened. */
export async function verifyDisplayLog(): Promise<ChainProblem[]> {
  const db = await openStore();
  const tx = db.transaction(['display', 'meta']);
  const [entries, anchor, head] = await Promise.all([
    tx.objectStore('display').getAll(),
    getMeta(tx, 'display.anchor'),
    getMeta(tx, 'display.chain'),
  ]);
  const problems = await verifyChain(entries, anchor);
  const last = entries.at(-1);
  // Entries cut off the end leave the head pointing past them.
  if (head && (!last || last.seq < head.seq) && head.seq > (anchor?.seq ?? 0))
    problems.push({ seq: head.seq, code: 'missing', message: missingMessage((last?.seq ?? anchor?.seq ?? 0) + 1, head.seq) });
  return problems;
}
