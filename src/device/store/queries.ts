/** Read-side queries for the views. */
import { chinaDate } from '../../contract/china-time.ts';
import type { Item, ItemKind } from '../../contract/feed.ts';
import { isCurrent } from '../../contract/validity.ts';
import { type ArchivedRevision, openStore, readSyncState, type StoredItem } from './db.ts';

export async function currentItems(filter: { kind?: ItemKind; category?: string } = {}, now = new Date()): Promise<Item[]> {
  const db = await openStore();
  const rows: StoredItem[] = filter.category ? await db.getAllFromIndex('items', 'byCategory', filter.category) : await db.getAll('items');
  const today = chinaDate(now);
  return rows
    .map((r) => r.item)
    .filter((i) => isCurrent(i, today) && (!filter.kind || i.kind === filter.kind))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.title.localeCompare(b.title, 'zh-CN'));
}

export async function countsByCategory(now = new Date()): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const item of await currentItems({}, now)) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
  return counts;
}

export interface ItemView {
  item: Item;
  approval: StoredItem['approval'];
  current: boolean;
  withdrawn?: ArchivedRevision['withdrawn'];
  /** A newer revision exists (this one came from the archive). */
  superseded: boolean;
}

/** The current revision, or the given archived revision. */
export async function itemById(id: string, rev?: number, now = new Date()): Promise<ItemView | undefined> {
  const db = await openStore();
  const live = await db.get('items', id);
  if (live && (rev === undefined || live.item.rev === rev))
    return { item: live.item, approval: live.approval, current: isCurrent(live.item, chinaDate(now)), superseded: false };
  const revisions = await db.getAllFromIndex('archive', 'byId', id);
  const pick = rev === undefined ? revisions.sort((a, b) => b.rev - a.rev)[0] : revisions.find((r) => r.rev === rev);
  if (!pick) return undefined;
  return {
    item: pick.item,
    approval: pick.approval,
    current: false,
    superseded: live !== undefined || revisions.some((r) => r.rev > pick.rev),
    ...(pick.withdrawn ? { withdrawn: pick.withdrawn } : {}),
  };
}

export interface ArchiveEntry {
  id: string;
  rev: number;
  title: string;
  kind: ItemKind;
  department: string;
  publishedAt: string;
  state: 'current' | 'expired' | 'superseded' | 'withdrawn';
}

/** Everything ever disclosed to this device, by quarter, newest first. */
export async function archiveByQuarter(now = new Date()): Promise<[string, ArchiveEntry[]][]> {
  const db = await openStore();
  const today = chinaDate(now);
  const entry = (item: Item, state: ArchiveEntry['state']): ArchiveEntry => ({
    id: item.id,
    rev: item.rev,
    title: item.title,
    kind: item.kind,
    department: item.department,
    publishedAt: item.publishedAt,
    state,
  });
  const groups = new Map<string, ArchiveEntry[]>();
  const add = (quarter: string, e: ArchiveEntry) => groups.set(quarter, [...(groups.get(quarter) ?? []), e]);
  for (const r of await db.getAll('items')) add(r.quarter, entry(r.item, isCurrent(r.item, today) ? 'current' : 'expired'));
  for (const r of await db.getAll('archive')) add(r.quarter, entry(r.item, r.withdrawn ? 'withdrawn' : 'superseded'));
  return [...groups.entries()]
    .sort((a, b) => b[0].localeCompare(a[0]))
    .map(([q, list]) => [q, list.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.rev - a.rev)]);
}

export async function storageFigures(): Promise<{ items: number; archived: number; usage?: number; quota?: number; persisted?: boolean }> {
  const db = await openStore();
  const est = await navigator.storage?.estimate?.();
  const persisted = await navigator.storage?.persisted?.();
  return {
    items: await db.count('items'),
    archived: await db.count('archive'),
    ...(est?.usage !== undefined ? { usage: est.usage } : {}),
    ...(est?.quota !== undefined ? { quota: est.quota } : {}),
    ...(persisted !== undefined ? { persisted } : {}),
  };
}

export { readSyncState };

export interface Revision {
  item: Item;
  state: ArchiveEntry['state'];
}

/** Every revision on this device, current and archived, for search (the archive is searchable too). */
export async function allRevisions(now = new Date()): Promise<Revision[]> {
  const db = await openStore();
  const today = chinaDate(now);
  const [items, archive] = await Promise.all([db.getAll('items'), db.getAll('archive')]);
  return [
    ...items.map((r) => ({ item: r.item, state: isCurrent(r.item, today) ? ('current' as const) : ('expired' as const) })),
    ...archive.map((r) => ({ item: r.item, state: r.withdrawn ? ('withdrawn' as const) : ('superseded' as const) })),
  ];
}
