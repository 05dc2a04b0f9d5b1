/**
 * Applies a verified batch and the new cursor in ONE IndexedDB transaction:
 * a power cut or a closed page leaves the old state or the new, never a mix.
 */
import type { Change } from '../contract/feed.ts';
import { type ArchivedRevision, type Db, quarterOf, type StoredItem, type SyncState } from '../store/db.ts';

export interface ApplyResult {
  upserted: number;
  withdrawn: number;
  /** Items of this batch that have attachments to fetch. */
  withAttachments: StoredItem[];
}

export async function applyChanges(db: Db, changes: readonly Change[], state: SyncState): Promise<ApplyResult> {
  const channels = new Set(state.channels);
  const tx = db.transaction(['items', 'archive', 'meta'], 'readwrite');
  const items = tx.objectStore('items');
  const archive = tx.objectStore('archive');
  const result: ApplyResult = { upserted: 0, withdrawn: 0, withAttachments: [] };
  const pending: Promise<unknown>[] = [];
  const current = new Map<string, StoredItem | undefined>();
  // Only ids this device already has can be superseded or withdrawn; read them first.
  const known = new Set(await items.getAllKeys());

  const previous = async (id: string): Promise<StoredItem | undefined> =>
    current.has(id) ? current.get(id) : known.has(id) ? items.get(id) : undefined;
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
    pending.push(archive.put(rec));
  };

  for (const change of changes) {
    if (change.op === 'upsert') {
      const { item } = change;
      const old = await previous(item.id);
      if (old && old.item.rev !== item.rev) retire(old);
      if (!channels.has(item.channel)) {
        // 内外有别: an item of a channel this device does not show is never stored here.
        if (old) pending.push(items.delete(item.id));
        current.set(item.id, undefined);
        continue;
      }
      const stored: StoredItem = { item, approval: change.approval, seq: change.seq, quarter: quarterOf(item.publishedAt) };
      pending.push(items.put(stored));
      current.set(item.id, stored);
      result.upserted++;
      if (item.attachments.length > 0) result.withAttachments.push(stored);
    } else {
      const old = await previous(change.id);
      if (old) {
        retire(old, { at: change.at, reason: change.reason });
        pending.push(items.delete(change.id));
        result.withdrawn++;
      }
      current.set(change.id, undefined);
    }
  }
  pending.push(tx.objectStore('meta').put(state, 'sync'));
  await Promise.all(pending);
  await tx.done;
  result.withAttachments = result.withAttachments.filter((s) => current.get(s.item.id) === s);
  return result;
}
