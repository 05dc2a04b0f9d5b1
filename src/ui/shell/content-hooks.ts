/**
 * The content stored on this device, for the kiosk's screens: the items in
 * force, one item (or an archived revision of it), the archive by quarter, and
 * where a cached attachment is. Each query runs again when new content arrives.
 */
import { useCallback } from 'preact/hooks';
import type { Attachment, Item } from '../../contract/feed.ts';
import { type ArchiveEntry, archiveByQuarter, currentItems, type ItemView, itemById } from '../../device/store/queries.ts';
import { feedBase } from '../../device/sync/engine.ts';
import { useApp, useQuery, useSyncStatus } from './sync-hooks.ts';

/** The items in force today, newest first: all of them, or one catalogue category's. Undefined while loading. */
export function useCurrentItems(category?: string): Item[] | undefined {
  return useQuery(() => currentItems(category ? { category } : {}), [category]);
}

/**
 * An item's current revision, or revision `rev` from the archive. Undefined while
 * loading (and when there is no id: nothing is read), null if this device has none.
 */
export function useItem(id: string | undefined, rev?: number): ItemView | null | undefined {
  return useQuery(async () => (id === undefined ? undefined : ((await itemById(id, rev)) ?? null)), [id, rev]);
}

/** Everything ever disclosed to this device, by quarter, newest first. Undefined while loading. */
export function useArchive(): [string, ArchiveEntry[]][] | undefined {
  return useQuery(() => archiveByQuarter(), []);
}

// The engine loads the attachment cache's module on demand and this file is in the first
// screen's chunk: the item screen loads it too, as soon as it is drawn.
let attachments: Promise<typeof import('../../device/sync/attachments.ts')> | undefined;
const loadAttachments = () => (attachments ??= import('../../device/sync/attachments.ts'));

/**
 * Where an attachment can be opened on this device: its address once the engine has
 * cached and checked it, else undefined. A new function whenever more are cached, so
 * the views ask again.
 */
export function useAttachmentResolver(): (a: Attachment) => Promise<string | undefined> {
  const base = feedBase(useApp().config);
  const cached = useSyncStatus().attachments;
  void loadAttachments();
  return useCallback(
    async (a: Attachment) => {
      const { attachmentUrl, hasAttachment } = await loadAttachments();
      return (await hasAttachment(base, a)) ? attachmentUrl(base, a) : undefined;
    },
    // `cached` is the signal to look again.
    [base, cached],
  );
}
