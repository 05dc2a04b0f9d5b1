/**
 * Applies a verified batch (one feed page) and the cursor that ends it in ONE
 * IndexedDB transaction: a power cut or a closed page leaves the state before
 * the batch or after it, never a mix. Every batch boundary is a state the
 * feed really had (a prefix of its change log), so a big first sync commits
 * page by page while later pages are still being checked, and an interrupted
 * one resumes from the last page it stored.
 */
import { unwrap } from 'idb';
import type { Change } from '../../contract/feed.ts';
import { type ArchivedRevision, abandon, type Db, getMeta, quarterOf, type StoredItem, type SyncState } from '../store/db.ts';

export interface ApplyResult {
  upserted: number;
  withdrawn: number;
  /** Items stored by this batch that have attachments to fetch. */
  withAttachments: number;
  /** Ids now stored, and ids no longer stored, after this batch (the caller's `known` follows them). */
  stored: string[];
  removed: string[];
}

/** Another tab moved the cursor while this one was checking: this round stops, the next starts from there. */
export class CursorMoved extends Error {}

/**
 * `known` are the ids of this batch already stored on the device (the caller
 * keeps the set: `knownIds` once a round, then each result's `stored` and
 * `removed`), so a first sync reads nothing back; `after` is the cursor this
 * batch must follow, checked inside the transaction.
 */
export async function applyChanges(
  db: Db,
  changes: readonly Change[],
  state: SyncState,
  known: ReadonlySet<string>,
  after: number,
): Promise<ApplyResult> {
  const channels = new Set(state.channels);
  // Content can be fetched again, so the commit need not wait for the disk; it stays atomic.
  const tx = db.transaction(['items', 'archive', 'meta'], 'readwrite', { durability: 'relaxed' });
  const result: ApplyResult = { upserted: 0, withdrawn: 0, withAttachments: 0, stored: [], removed: [] };
  const withFiles: StoredItem[] = [];
  // Read first, all at once: the cursor, and the items this batch replaces or withdraws.
  const ids = [...new Set(changes.map((c) => (c.op === 'upsert' ? c.item.id : c.id)))].filter((id) => known.has(id));
  const [cursor, ...olds] = await Promise.all([getMeta(tx, 'sync'), ...ids.map((id) => tx.objectStore('items').get(id))]);
  if ((cursor?.seq ?? 0) !== after) {
    await abandon(tx);
    throw new CursorMoved(`本机同步位置已变为 ${cursor?.seq ?? 0},预期 ${after}`);
  }
  const current = new Map<string, StoredItem | undefined>(ids.map((id, i) => [id, olds[i]]));

  // Then write without a promise per request (10,000 of them in a first sync): the commit tells.
  const items = unwrap(tx.objectStore('items'));
  const archive = unwrap(tx.objectStore('archive'));
  const retire = (old: StoredItem, withdrawn?: ArchivedRevision['withdrawn']) => {
    const rec: ArchivedRevision = {
      key: `${old.item.id}@${old.item.rev}`,
      id: old.item.id,
      rev: old.item.rev,
      item: old.item,
      approval: old.approval,
      seq: old.seq,
      quarter: old.quarter,
    };
    if (withdrawn) rec.withdrawn = withdrawn;
    archive.put(rec);
  };

  for (const change of changes) {
    if (change.op === 'upsert') {
      const { item } = change;
      const old = current.get(item.id);
      if (old && old.item.rev !== item.rev) retire(old);
      if (!channels.has(item.channel)) {
        // 内外有别: an item of a channel this device does not show is never stored here.
        if (old) items.delete(item.id);
        current.set(item.id, undefined);
        continue;
      }
      const record: StoredItem = { item, approval: change.approval, seq: change.seq, quarter: quarterOf(item.publishedAt) };
      items.put(record);
      current.set(item.id, record);
      result.upserted++;
      if (item.attachments.length > 0) withFiles.push(record);
    } else {
      const old = current.get(change.id);
      if (old) {
        retire(old, { at: change.at, reason: change.reason });
        items.delete(change.id);
        result.withdrawn++;
      }
      current.set(change.id, undefined);
    }
  }
  unwrap(tx.objectStore('meta')).put(state, 'sync');
  await tx.done;
  for (const [id, record] of current) (record ? result.stored : result.removed).push(id);
  result.withAttachments = withFiles.filter((s) => current.get(s.item.id) === s).length;
  return result;
}
