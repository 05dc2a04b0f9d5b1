/**
 * What the forms need from the feed: the department list (the head's
 * `departments`) and the hearing an opinion is about. A kiosk has both in
 * IndexedDB; a phone fetches just the signed head or the one item and checks
 * its signature like everything else it shows.
 */
import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { FEED_PATHS, Head, type HearingItem, type Item, type NoticeItem } from '../../../contract/feed.ts';
import { KeyRing } from '../../../contract/signing.ts';
import { openStore, readSyncState } from '../../../device/store/db.ts';
import { itemById } from '../../../device/store/queries.ts';
import { feedBase } from '../../../device/sync/engine.ts';
import { fetchSignedChange } from '../../../device/sync/signed-change.ts';
import { useApp, useQuery } from '../../shell/sync-hooks.ts';

export type Surface = 'kiosk' | 'phone';

export function useDepartments(surface: Surface): string[] | undefined {
  const { config } = useApp();
  const [fetched, setFetched] = useState<string[]>();
  // A kiosk's list follows its synced head (it may still be syncing when the form opens).
  const synced = useQuery(
    async () => (surface === 'kiosk' ? ((await readSyncState(await openStore()))?.departments ?? []).map((d) => d.name) : undefined),
    [surface],
  );
  useEffect(() => {
    if (surface === 'kiosk') return;
    let live = true;
    void (async (): Promise<string[]> => {
      try {
        const res = await fetch(new URL(FEED_PATHS.head, feedBase(config)), { cache: 'no-cache' });
        const verified = await new KeyRing(config.trustedKeys).verify(await res.json());
        const head = verified.ok ? v.safeParse(Head, verified.payload) : undefined;
        return head?.success ? (head.output.departments ?? []).map((d) => d.name) : [];
      } catch {
        // Offline: the citizen can still choose 不清楚.
        return [];
      }
    })().then((l) => live && setFetched(l));
    return () => {
      live = false;
    };
  }, [surface, config]);
  return surface === 'kiosk' ? synced : fetched;
}

/** What an opinion may be about: a hearing (听证制度 第九条) or a 决策类 notice (告示制度 第七条). */
export type OpinionTarget = HearingItem | NoticeItem;
export const isOpinionTarget = (item: Item): item is OpinionTarget =>
  item.kind === 'hearing' || (item.kind === 'notice' && item.notice.type === 'decision');
export type HearingState = { kind: 'loading' } | { kind: 'missing' } | { kind: 'ok'; item: OpinionTarget };

export function useHearing(id: string, surface: Surface): HearingState {
  const { config } = useApp();
  const [state, setState] = useState<HearingState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void (async (): Promise<HearingState> => {
      if (surface === 'kiosk') {
        const view = await itemById(id);
        return view && !view.withdrawn && !view.superseded && isOpinionTarget(view.item)
          ? { kind: 'ok', item: view.item }
          : { kind: 'missing' };
      }
      // A phone takes the item as its pages do: signed, approved by its people, on its channels.
      const got = await fetchSignedChange(config, id);
      return got.ok && got.change.op === 'upsert' && isOpinionTarget(got.change.item)
        ? { kind: 'ok', item: got.change.item }
        : { kind: 'missing' };
    })().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [id, surface, config]);
  return state;
}
