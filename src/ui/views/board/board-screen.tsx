/**
 * /board (or a config with mode "board"): the wall bulletin board (固定政务公开栏,
 * 政务公开制度 四). Touch-free: the rotation decides what is on screen, the
 * display log proves it, and nothing here can leave the screen blank: a slide
 * that throws is skipped, an empty device still shows the county's name, the
 * clock and the hotline, and the watchdog (src/ui/shell/board-watchdog.ts) reloads
 * the page if drawing ever stops.
 */
import { Component, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DeviceConfig } from '../../../contract/config.ts';
import type { Item } from '../../../contract/feed.ts';
import { t } from '../../i18n/index.ts';
import { useBoardDevice, useStoredItems } from '../../shell/board-hooks.ts';
import { boardDrew } from '../../shell/board-watchdog.ts';
import { useApp, useSyncStatus } from '../../shell/sync-hooks.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import './board.css';
import { boardClock, boardDate, bt } from './messages.ts';
import { planBoard } from './playlist.ts';
import { type BoardView, Rotation } from './rotation.ts';
import { type Layout, SlideView } from './slides.tsx';

let firstSlideMarked = false;

/** Where the rotation resumes after a reload, so a reload never favours the first slides. */
const POSITION_KEY = 'zwgk.board.next';

function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let id: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(new Date());
      id = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    };
    id = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    return () => clearTimeout(id);
  }, []);
  return now;
}

/** Landscape or portrait as configured, or as the screen is; `turned` when the picture must be rotated to fit. */
function useLayout(orientation: DeviceConfig['board']['orientation']): { layout: Layout; turned: boolean; unit: number } {
  const measure = () => {
    const w = innerWidth;
    const h = innerHeight;
    const screen: Layout = w >= h ? 'landscape' : 'portrait';
    const layout = orientation === 'auto' ? screen : orientation;
    // Everything is sized in units of 1/1080 of the short side: 1 unit = 1 px on a 1080p panel.
    return { layout, turned: layout !== screen, unit: Math.min(w, h) / 1080 };
  };
  const [state, setState] = useState(measure);
  useEffect(() => {
    const onResize = () => setState(measure());
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, [orientation]);
  return state;
}

function Header({ config, now }: { config: DeviceConfig; now: Date }) {
  const status = useSyncStatus();
  const state = status.state;
  const stale = state && Date.parse(state.headExpires) < now.getTime();
  return (
    <header class="board-header">
      <div class="board-id">
        <h1 class="board-title">{config.title}</h1>
        <p class="board-status" aria-live="polite">
          {state?.publisher && <span class="b-publisher">{state.publisher}</span>}
          <span class="b-badge" data-testid="updated">
            {state?.lastCheckAt ? t('updatedAt', { time: formatDateTime(state.lastCheckAt) }) : t('neverUpdated')}
          </span>
          {!status.online && (
            <span class="b-badge warn" data-testid="offline" role="status">
              ⚠ {t('offline')}
            </span>
          )}
          {stale && (
            <span class="b-badge warn" data-testid="stale" role="status">
              ⚠ {t('stale', { date: formatDate(state.headExpires) })}
            </span>
          )}
        </p>
      </div>
      <div class="board-time">
        <time class="board-clock" data-testid="clock">
          {boardClock(now)}
        </time>
        <span class="board-date">{boardDate(now)}</span>
      </div>
    </header>
  );
}

/** The complaint channels, always on screen (工作制度 四; 投诉制度 第四条; 责任追究制度 第三条). */
function Footer({ hotline, view }: { hotline: string; view: BoardView | undefined }) {
  return (
    <footer class="board-footer">
      <p class="b-hotline">
        <span class="hotline-label">{bt('complaintHotline')}</span>
        <span class="hotline-number">{hotline}</span>
      </p>
      <p class="complaint-ways">
        <span>{bt('complaintWays')}</span>
        <span>{bt('complaintOffice')}</span>
      </p>
      {view?.kind === 'slide' && view.count > 1 && (
        <p class="slide-no" data-testid="slide-no">
          {bt('slide', { n: view.index + 1, of: view.count })}
        </p>
      )}
    </footer>
  );
}

function QuietScreen({ mode, config, now }: { mode: 'dim' | 'off'; config: DeviceConfig; now: Date }) {
  if (mode === 'off') return <div class="board-off" data-testid="quiet-off" />;
  // The clock drifts a little each minute so nothing burns into the panel.
  const m = now.getMinutes();
  return (
    <div class="board-dim" data-testid="quiet-dim">
      <div class="dim-inner" style={{ transform: `translate(${(m % 7) * 6 - 18}px, ${(m % 5) * 6 - 12}px)` }}>
        <time class="dim-clock">{boardClock(now)}</time>
        <p class="dim-date">{boardDate(now)}</p>
        <p class="dim-title">{config.title}</p>
        <p class="dim-hint">{bt('quietHint')}</p>
        <p class="dim-hotline">
          {bt('complaintHotline')} {config.hotline}
        </p>
      </div>
    </div>
  );
}

function EmptySlide({ hotline }: { hotline: string }) {
  const synced = useSyncStatus().state !== undefined;
  return (
    <article class="slide slide-empty" data-testid="empty-slide">
      <div class="slide-main">
        <h2 class="slide-title">{synced ? bt('emptyNone') : bt('emptyTitle')}</h2>
        <p class="b-summary">
          {bt('emptyHint')} {hotline}
        </p>
      </div>
    </article>
  );
}

/** Catches a slide that throws while rendering, so the rotation can skip it. */
class SlideBoundary extends Component<{ onError(e: unknown): void; children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown) {
    this.setState({ failed: true });
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

export default function BoardScreen() {
  const { config } = useApp();
  const settings = config.board;
  const now = useMinuteClock();
  const { layout, turned, unit } = useLayout(settings.orientation);
  const [view, setView] = useState<BoardView>();
  const items = useRef<Item[]>([]);
  const rotation = useRef<Rotation | undefined>(undefined);
  const { recordShow, log, applyUpdate, startUpload } = useBoardDevice();

  if (!rotation.current)
    rotation.current = new Rotation(
      {
        now: () => Date.now(),
        plan: (at, skip) => planBoard(items.current, settings, at, skip),
        render: setView,
        recordShow: (slide, from, to) =>
          void recordShow({ item: slide.item.id, rev: slide.item.rev, from, to }).catch((e: unknown) =>
            log({ level: 'error', code: 'display', message: `展示记录写入失败:${(e as Error).message}` }),
          ),
        applyUpdate,
        remember: (key) => {
          try {
            localStorage.setItem(POSITION_KEY, key);
          } catch {
            // Storage full: the board starts from the first slide next time, no harm.
          }
        },
        failed: (slide, index, error) =>
          void log({
            level: 'error',
            code: 'board',
            message: bt('skipped', {
              n: index + 1,
              title: slide.item.title,
              id: slide.item.id,
              rev: slide.item.rev,
              error: String((error as Error)?.message ?? error),
            }),
          }),
        crashed: (error) =>
          void log({ level: 'error', code: 'board', message: `公开栏轮播出错,稍后重试:${(error as Error)?.message ?? error}` }),
      },
      settings,
      localStorage.getItem(POSITION_KEY) ?? undefined,
    );

  // Load what is stored (offline too), then start; later content changes re-plan at once.
  const started = useRef(false);
  useStoredItems((list) => {
    items.current = list;
    if (!started.current) {
      started.current = true;
      rotation.current!.start();
      startUpload();
    } else rotation.current!.refresh();
  });

  // Each minute: what expired at midnight, a hearing that has begun, quiet hours that start now, leave at once.
  useEffect(() => {
    if (started.current) rotation.current!.refresh();
  }, [now]);

  useEffect(() => () => rotation.current?.stop(), []);

  // Whatever was drawn, the watchdog hears of it; the first slide is timed for docs/board.md.
  useLayoutEffect(() => {
    if (!view) return;
    boardDrew();
    if (view.kind === 'slide' && !firstSlideMarked) {
      firstSlideMarked = true;
      performance.mark('zwgk:board:first-slide');
    }
  }, [view]);

  const show = view?.show ?? 0;
  const onMeasured = useCallback((pages: number, chars: number) => rotation.current!.measured(show, pages, chars), [show]);
  const onError = useCallback((e: unknown) => rotation.current!.failed(show, e), [show]);

  const cls = ['board', `layout-${layout}`, turned ? 'turned' : '', view?.kind === 'slide' && view.emergency ? 'is-emergency' : ''];
  return (
    <div
      class={cls.filter(Boolean).join(' ')}
      style={{ '--u': `${unit}px` }}
      data-shown={show}
      data-slide={view?.kind === 'slide' ? view.slide.key : view?.kind}
    >
      {view?.kind === 'quiet' ? (
        <QuietScreen mode={view.quiet} config={config} now={now} />
      ) : (
        <>
          <Header config={config} now={now} />
          <main class="board-main">
            {view?.kind === 'slide' && (
              <SlideBoundary key={view.slide.key} onError={onError}>
                <SlideView
                  slide={view.slide}
                  page={view.page}
                  pages={view.pages}
                  at={view.shownAt}
                  layout={layout}
                  unit={unit}
                  onMeasured={onMeasured}
                />
              </SlideBoundary>
            )}
            {view?.kind === 'empty' && <EmptySlide hotline={config.hotline} />}
          </main>
          <Footer hotline={config.hotline} view={view} />
        </>
      )}
    </div>
  );
}
