/**
 * What the wall board shows at a given moment, from the synced items and the
 * board config. Pure: the rotation asks again at every slide, so an item
 * that expires, is withdrawn or becomes urgent changes the screen without a
 * reload.
 *
 * Order: emergency notices pre-empt everything (告示制度 第六条: 应急类 实时告示);
 * then notices in their period (ibid.), upcoming hearings (听证制度 第九条),
 * disclosures new in the last `newDays`, published answers to complaints
 * and inquiries (政务公开制度 七、八; 投诉制度 第六条), and open questionnaires.
 */
import { chinaDate } from '../../../contract/china-time.ts';
import type { BoardSection, BoardSettings } from '../../../contract/config.ts';
import type { HearingItem, Item, NoticeItem } from '../../../contract/feed.ts';
import { isCurrent } from '../../../contract/validity.ts';
import { quietMode, scheduledSections } from './schedule.ts';

export type SlideKind = 'emergency' | 'notice' | 'hearing' | 'new' | 'answer' | 'survey' | 'catalogue';

export interface Slide {
  /** `${id}@${rev}`: a new revision is a new slide. */
  key: string;
  kind: SlideKind;
  item: Item;
}

export type Plan =
  | { mode: 'emergency'; slides: Slide[] }
  | { mode: 'normal'; slides: Slide[] }
  | { mode: 'quiet'; quiet: 'dim' | 'off' }
  /** Nothing current on this device at all: the board shows its name, the clock and the hotline. */
  | { mode: 'empty' };

export const slideKey = (item: Item) => `${item.id}@${item.rev}`;

const isEmergency = (i: Item): i is NoticeItem => i.kind === 'notice' && i.notice.type === 'emergency';

function daysBefore(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

export function planBoard(items: readonly Item[], settings: BoardSettings, now: Date, skip: ReadonlySet<string> = new Set()): Plan {
  const today = chinaDate(now);
  const live = items.filter((i) => isCurrent(i, today) && !skip.has(slideKey(i)));

  // Emergency notices show even in quiet hours and whatever the schedule or categories say.
  const emergencies = live
    .filter((i): i is NoticeItem => isEmergency(i) && i.notice.periodStart <= today)
    .sort((a, b) => b.notice.periodStart.localeCompare(a.notice.periodStart) || b.publishedAt.localeCompare(a.publishedAt));
  if (emergencies.length > 0)
    return { mode: 'emergency', slides: emergencies.map((item) => ({ key: slideKey(item), kind: 'emergency', item })) };

  const quiet = quietMode(settings, now);
  if (quiet) return { mode: 'quiet', quiet };

  const wanted = settings.categories.length > 0 ? new Set<string>(settings.categories) : undefined;
  const shown = wanted ? live.filter((i) => wanted.has(i.category)) : live;
  const allowed = new Set<BoardSection>(scheduledSections(settings, now) ?? ['notices', 'hearings', 'new', 'answers', 'surveys']);
  const newSince = daysBefore(today, settings.newDays);
  const byPublished = (a: Item, b: Item) => b.publishedAt.localeCompare(a.publishedAt) || a.title.localeCompare(b.title, 'zh-CN');

  const slides: Slide[] = [];
  const add = (kind: SlideKind, list: Item[]) => {
    for (const item of list) slides.push({ key: slideKey(item), kind, item });
  };
  if (allowed.has('notices'))
    add(
      'notice',
      shown
        .filter(
          (i): i is NoticeItem =>
            i.kind === 'notice' && i.notice.type !== 'emergency' && i.notice.periodStart <= today && today <= i.notice.periodEnd,
        )
        .sort((a, b) => b.notice.periodStart.localeCompare(a.notice.periodStart) || byPublished(a, b)),
    );
  if (allowed.has('hearings'))
    add(
      'hearing',
      shown
        .filter((i): i is HearingItem => i.kind === 'hearing' && Date.parse(i.hearing.startsAt) > now.getTime())
        .sort((a, b) => Date.parse(a.hearing.startsAt) - Date.parse(b.hearing.startsAt)),
    );
  if (allowed.has('new'))
    add('new', shown.filter((i) => (i.kind === 'disclosure' || i.kind === 'bulletin') && i.publishedAt > newSince).sort(byPublished));
  if (allowed.has('answers')) add('answer', shown.filter((i) => i.kind === 'answer').sort(byPublished));
  // Open questionnaires, with a QR to answer on the phone (《政务公开评议制度》第四条: 问卷评议).
  if (allowed.has('surveys')) add('survey', shown.filter((i) => i.kind === 'questionnaire').sort(byPublished));
  if (slides.length > 0) return { mode: 'normal', slides };

  // Nothing urgent or new: the standing catalogue keeps the board from going blank.
  add('catalogue', shown.filter((i) => i.kind === 'disclosure' || i.kind === 'bulletin' || i.kind === 'answer').sort(byPublished));
  return slides.length > 0 ? { mode: 'normal', slides } : { mode: 'empty' };
}
