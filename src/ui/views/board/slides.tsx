/**
 * One slide of the wall board, laid out to be read from 2-3 m: titles ≥ 48 px
 * and text ≥ 28 px at 1080p, near-black on white, a QR code to the item's
 * phone page on every slide. A long text flows into page-sized columns and
 * the rotation turns them at reading speed.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { categoryById } from '../../../contract/catalogue.ts';
import { chinaDate } from '../../../contract/china-time.ts';
import type { HearingItem, Item, NoticeItem } from '../../../contract/feed.ts';
import { countWorkingDays } from '../../../contract/working-days.ts';
import { getLocale } from '../../i18n/index.ts';
import { formatDate } from '../shared/format.ts';
import { sanitize } from '../shared/safe-html.tsx';
import { boardClock, boardDate, bt } from './messages.ts';
import type { Slide } from './playlist.ts';
import { BoardQr } from './qr.tsx';

export type Layout = 'landscape' | 'portrait';

/** Space between page columns, in px at 1080p (scaled with the screen like everything else). */
const GAP_UNITS = 80;

interface SlideProps {
  slide: Slide;
  page: number;
  pages: number;
  /** When this show began: the countdown and "in N days" are counted from it. */
  at: number;
  layout: Layout;
  /** CSS px per design unit (1 at 1080p). */
  unit: number;
  onMeasured(pages: number, chars: number): void;
}

/** 公示期剩余 N 个工作日 (告示制度 第六条 counts the period in working days). */
export function countdown(n: NoticeItem, at: number): string {
  const today = chinaDate(new Date(at));
  if (today === n.notice.periodEnd) return bt('lastDay');
  const left = countWorkingDays(today, n.notice.periodEnd);
  return left > 0 ? bt('remaining', { n: left }) : bt('noWorkingDaysLeft');
}

function kindTag(slide: Slide): string {
  const i = slide.item;
  if (slide.kind === 'emergency') return bt('emergency');
  if (i.kind === 'notice') return i.notice.type === 'decision' ? bt('notice_decision') : bt('notice_execution');
  if (i.kind === 'hearing') return bt('hearing');
  if (slide.kind === 'answer') return bt('answer');
  if (slide.kind === 'survey') return bt('survey');
  const category = categoryById(i.category);
  const name = category ? (getLocale() === 'en' ? category.en : category.zh) : '';
  return slide.kind === 'new' ? `${bt('new')} · ${name}` : name || bt('catalogue');
}

/** The text that pages: the required elements of a notice (告示制度 第八条), a hearing's matter, a disclosure's body. */
function Body({ slide }: { slide: Slide }) {
  const i = slide.item;
  if (i.kind === 'notice') {
    const n = i.notice;
    const facts: [string, string][] = [
      [bt('cause'), n.basis.cause],
      [bt('time'), n.basis.time],
      [bt('place'), n.basis.place],
      [bt('scope'), n.basis.scope],
      [bt('impact'), n.impact],
    ];
    // An emergency notice leads with what people must do.
    const measures: [string, string] = [bt('measures'), n.measures];
    const all = slide.kind === 'emergency' ? [measures, ...facts] : [...facts, measures];
    return (
      <dl class="b-facts">
        {all.map(([k, v]) => (
          <div key={k} class="b-fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    );
  }
  if (i.kind === 'hearing') {
    return (
      <dl class="b-facts">
        <div class="b-fact">
          <dt>{bt('hearingMatter')}</dt>
          <dd>{i.hearing.matter}</dd>
        </div>
        <div class="b-fact">
          <dt>{bt('hearingJoin')}</dt>
          <dd>{i.hearing.howToJoin}</dd>
        </div>
      </dl>
    );
  }
  return (
    <>
      {i.summary && <p class="b-summary">{i.summary}</p>}
      {/* Sanitized with DOMPurify (src/ui/views/shared/safe-html.tsx), as on the kiosk. */}
      <div class="b-rich" dangerouslySetInnerHTML={{ __html: sanitize(i.bodyHtml) }} />
    </>
  );
}

function Paged({
  page,
  unit,
  onMeasured,
  children,
}: {
  page: number;
  unit: number;
  onMeasured: SlideProps['onMeasured'];
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const gap = GAP_UNITS * unit;
  useLayoutEffect(() => {
    const el = ref.current!;
    const width = el.clientWidth;
    onMeasured(Math.max(1, Math.round((el.scrollWidth + gap) / (width + gap))), el.textContent?.length ?? 0);
    // Measured once per show: the rotation ignores a second report for the same show.
  }, [onMeasured, gap]);
  return (
    <div class="slide-body">
      <div ref={ref} class="b-pages" style={{ columnGap: `${gap}px`, transform: `translateX(calc(${-page} * (100% + ${gap}px)))` }}>
        {children}
      </div>
    </div>
  );
}

function hearingWhen(h: HearingItem, at: number): string {
  const starts = new Date(h.hearing.startsAt);
  const days = Math.round((Date.parse(`${chinaDate(starts)}T00:00:00Z`) - Date.parse(`${chinaDate(new Date(at))}T00:00:00Z`)) / 86_400_000);
  return `${boardDate(starts)} ${boardClock(starts)} · ${days === 0 ? bt('hearingToday') : bt('hearingIn', { n: days })}`;
}

function Lead({ slide, at }: { slide: Slide; at: number }) {
  const i: Item = slide.item;
  if (i.kind === 'notice')
    return (
      <div class="b-lead">
        <span class="b-countdown" data-testid="countdown">
          {countdown(i, at)}
        </span>
        <span class="b-period">{bt('period', { from: formatDate(i.notice.periodStart), to: formatDate(i.notice.periodEnd) })}</span>
      </div>
    );
  if (i.kind === 'hearing')
    return (
      <div class="b-lead b-hearing-lead">
        <span class="b-when">
          <b>{bt('hearingTime')}</b> {hearingWhen(i, at)}
        </span>
        <span class="b-where">
          <b>{bt('hearingPlace')}</b> {i.hearing.place}
        </span>
      </div>
    );
  return null;
}

export function SlideView({ slide, page, pages, at, layout, unit, onMeasured }: SlideProps) {
  const i = slide.item;
  // A questionnaire's QR opens it to answer; anything else opens the item to read.
  const url = new URL(i.kind === 'questionnaire' ? `/m/survey/${i.id}` : `/m/item/${i.id}`, location.origin).href;
  const qrPx = (layout === 'landscape' ? 340 : 300) * unit;
  return (
    <article class={`slide slide-${slide.kind}`} aria-roledescription="slide" aria-label={i.title} data-item={i.id} data-rev={i.rev}>
      <div class="slide-main">
        <p class="slide-tag">
          <span class="b-tag">{slide.kind === 'emergency' ? `⚠ ${kindTag(slide)}` : kindTag(slide)}</span>
          <span class="b-dept">{i.department}</span>
          <span class="b-date">{bt('publishedOn', { date: formatDate(i.publishedAt) })}</span>
        </p>
        <h2 class="slide-title">{i.title}</h2>
        <Lead slide={slide} at={at} />
        <Paged page={page} unit={unit} onMeasured={onMeasured}>
          <Body slide={slide} />
        </Paged>
      </div>
      <aside class="slide-side">
        {/* 内外有别: an internal item has no public phone page to send a passer-by to. */}
        {i.channel === 'public' && <BoardQr url={url} label={bt('scan')} maxPx={qrPx} />}
        <p class="qr-caption">{bt('scan')}</p>
        {pages > 1 && (
          <p class="page-no" data-testid="page">
            {bt('page', { n: page + 1, of: pages })}
          </p>
        )}
      </aside>
    </article>
  );
}
