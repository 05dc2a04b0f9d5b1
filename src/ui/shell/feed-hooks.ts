/**
 * The feed, for views that do not read the synced store: its address, the
 * departments its signed head lists, and one item's latest signed change fetched
 * alone and checked (a phone on mobile data never syncs the whole feed).
 */
import { useEffect, useState } from 'preact/hooks';
import { openStore, readSyncState } from '../../device/store/db.ts';
import { feedBase } from '../../device/sync/engine.ts';
import { fetchSignedChange, fetchSignedHead, type SignedChange } from '../../device/sync/signed-change.ts';
import { useApp, useQuery } from './sync-hooks.ts';

/** Where this device's feed is, for the addresses of its attachments. */
export function useFeedBase(): string {
  return feedBase(useApp().config);
}

/** One item's latest signed change (undefined while it is fetched, or when there is no id). */
export function useSignedChange(id: string | undefined): SignedChange | undefined {
  const { config } = useApp();
  const [got, setGot] = useState<SignedChange>();
  useEffect(() => {
    setGot(undefined);
    if (id === undefined) return;
    let live = true;
    void fetchSignedChange(config, id).then((c) => live && setGot(c));
    return () => {
      live = false;
    };
  }, [id, config]);
  return got;
}

/**
 * The departments a citizen may address (the head's `departments`): a kiosk's
 * follow its synced head (it may still be syncing when the form opens); a phone
 * fetches the signed head. Offline the list is empty and 不清楚 is still a choice.
 */
export function useDepartments(surface: 'kiosk' | 'phone'): string[] | undefined {
  const { config } = useApp();
  const [fetched, setFetched] = useState<string[]>();
  const synced = useQuery(
    async () => (surface === 'kiosk' ? ((await readSyncState(await openStore()))?.departments ?? []).map((d) => d.name) : undefined),
    [surface],
  );
  useEffect(() => {
    if (surface === 'kiosk') return;
    let live = true;
    void fetchSignedHead(config).then((head) => live && setFetched((head?.departments ?? []).map((d) => d.name)));
    return () => {
      live = false;
    };
  }, [surface, config]);
  return surface === 'kiosk' ? synced : fetched;
}
