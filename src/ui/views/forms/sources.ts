/**
 * What an opinion form is about, and where it comes from: a kiosk has the item in
 * IndexedDB; a phone fetches just the one item and checks it like everything it
 * shows (the departments' list is in src/ui/shell/feed-hooks.ts).
 */
import type { HearingItem, Item, NoticeItem } from '../../../contract/feed.ts';
import { useItem } from '../../shell/content-hooks.ts';
import { useSignedChange } from '../../shell/feed-hooks.ts';

export type Surface = 'kiosk' | 'phone';

/** What an opinion may be about: a hearing (听证制度 第九条) or a 决策类 notice (告示制度 第七条). */
export type OpinionTarget = HearingItem | NoticeItem;
export const isOpinionTarget = (item: Item): item is OpinionTarget =>
  item.kind === 'hearing' || (item.kind === 'notice' && item.notice.type === 'decision');
export type HearingState = { kind: 'loading' } | { kind: 'missing' } | { kind: 'ok'; item: OpinionTarget };

export function useHearing(id: string, surface: Surface): HearingState {
  const view = useItem(surface === 'kiosk' ? id : undefined);
  // A phone takes the item as its pages do: signed, approved by its people, on its channels.
  const got = useSignedChange(surface === 'phone' ? id : undefined);
  if (surface === 'kiosk')
    return view === undefined
      ? { kind: 'loading' }
      : view && !view.withdrawn && !view.superseded && isOpinionTarget(view.item)
        ? { kind: 'ok', item: view.item }
        : { kind: 'missing' };
  return got === undefined
    ? { kind: 'loading' }
    : got.ok && got.change.op === 'upsert' && isOpinionTarget(got.change.item)
      ? { kind: 'ok', item: got.change.item }
      : { kind: 'missing' };
}
