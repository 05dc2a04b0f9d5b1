/**
 * The board's heartbeat: one timer that turns pages and slides, asks the
 * playlist again at every slide, records each show, and lets a new app version
 * in only between slides. Framework-free, so it can be tested with fake timers
 * and so that nothing but this one timer decides what is on screen.
 */
import type { BoardSettings } from '../../../contract/config.ts';
import type { Plan, Slide } from './playlist.ts';

export type BoardView =
  | {
      kind: 'slide';
      /** Increases with every slide shown: tests and the benchmark count transitions by it. */
      show: number;
      slide: Slide;
      index: number;
      count: number;
      page: number;
      pages: number;
      pageMs: number;
      shownAt: number;
      emergency: boolean;
    }
  | { kind: 'quiet'; show: number; quiet: 'dim' | 'off' }
  | { kind: 'empty'; show: number };

export interface RotationHost {
  now(): number;
  plan(now: Date, skip: ReadonlySet<string>): Plan;
  render(view: BoardView): void;
  recordShow(slide: Slide, from: number, to: number): void;
  /** Between slides: true when a waiting app update was told to take over (the page reloads). */
  applyUpdate(): boolean;
  /** The slide to start from after a reload. */
  remember(nextKey: string): void;
  failed(slide: Slide, index: number, error: unknown): void;
  /** A bug in the rotation itself: logged, and the rotation tries again a slide later. */
  crashed(error: unknown): void;
}

/** A slide's show is recorded as at most this much longer than planned. */
const LATE_MS = 2_000;

/** How often quiet hours look at the clock again. */
export const QUIET_CHECK_MS = 30_000;

export class Rotation {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private view: BoardView | undefined;
  private shows = 0;
  private pageStartedAt = 0;
  private measuredShow = -1;
  private stopped = false;
  private readonly skip = new Set<string>();

  constructor(
    private readonly host: RotationHost,
    private readonly settings: BoardSettings,
    private startKey?: string,
  ) {}

  get current(): BoardView | undefined {
    return this.view;
  }

  get stoppedForUpdate(): boolean {
    return this.stopped;
  }

  start(): void {
    this.guard(() => this.next());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private get slideMs(): number {
    return this.settings.slideSeconds * 1000;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.host.crashed(e);
      this.schedule(this.slideMs);
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => this.guard(() => this.tick()), ms);
  }

  private setView(view: BoardView): void {
    this.view = view;
    this.host.render(view);
  }

  private tick(): void {
    const v = this.view;
    if (v?.kind === 'slide' && v.page + 1 < v.pages) {
      this.pageStartedAt = this.host.now();
      this.setView({ ...v, page: v.page + 1 });
      this.schedule(v.pageMs);
      return;
    }
    // A timer that fires late (the machine slept, the page hung) did not keep the slide on screen: claim no more than planned.
    if (v?.kind === 'slide') this.host.recordShow(v.slide, v.shownAt, Math.min(this.host.now(), v.shownAt + v.pages * v.pageMs + LATE_MS));
    // Between slides, or in quiet hours: the only moments a new version may take over.
    if (this.host.applyUpdate()) {
      this.stop();
      return;
    }
    this.next(v?.kind === 'slide' ? v : undefined);
  }

  /** Shows the slide after `after` in a fresh plan (the first, or the remembered one, at start). */
  private next(after?: { slide: Slide; index: number }): void {
    const now = this.host.now();
    const plan = this.host.plan(new Date(now), this.skip);
    const show = ++this.shows;
    if (plan.mode === 'quiet') {
      this.setView({ kind: 'quiet', show, quiet: plan.quiet });
      this.schedule(QUIET_CHECK_MS);
      return;
    }
    if (plan.mode === 'empty') {
      this.setView({ kind: 'empty', show });
      this.schedule(this.slideMs);
      return;
    }
    const { slides } = plan;
    const n = slides.length;
    let i = 0;
    if (after) {
      const at = slides.findIndex((s) => s.key === after.slide.key);
      // Gone from the plan: the slide that moved into its place comes next.
      i = at >= 0 ? (at + 1) % n : after.index % n;
    } else if (this.startKey) {
      i = Math.max(
        0,
        slides.findIndex((s) => s.key === this.startKey),
      );
      this.startKey = undefined;
    }
    this.host.remember(slides[(i + 1) % n]!.key);
    this.pageStartedAt = now;
    this.setView({
      kind: 'slide',
      show,
      slide: slides[i]!,
      index: i,
      count: n,
      page: 0,
      pages: 1,
      pageMs: this.slideMs,
      shownAt: now,
      emergency: plan.mode === 'emergency',
    });
    this.schedule(this.slideMs);
  }

  /** The slide's layout is known: page it at reading speed, a slide's time at least, three at most. */
  measured(show: number, pages: number, chars: number): void {
    const v = this.view;
    if (v?.kind !== 'slide' || v.show !== show || this.measuredShow === show) return;
    this.measuredShow = show;
    const shown = Math.max(1, Math.min(pages, this.settings.maxPages));
    const readMs = (chars / Math.max(1, pages) / this.settings.readingCharsPerMinute) * 60_000;
    const pageMs = Math.round(Math.min(Math.max(readMs, this.slideMs), 3 * this.slideMs));
    if (shown === v.pages && pageMs === v.pageMs) return;
    this.setView({ ...v, pages: shown, pageMs });
    this.schedule(Math.max(0, pageMs - (this.host.now() - this.pageStartedAt)));
  }

  /** A slide threw while rendering: skip it (not recorded as shown) and go on. */
  failed(show: number, error: unknown): void {
    const v = this.view;
    if (v?.kind !== 'slide' || v.show !== show || this.stopped) return;
    this.skip.add(v.slide.key);
    this.host.failed(v.slide, v.index, error);
    this.guard(() => this.next(v));
  }

  /** Content changed: cut the current slide now if it has to go, or if an emergency has come. */
  refresh(): void {
    const v = this.view;
    if (!v || this.stopped) return;
    this.guard(() => {
      const plan = this.host.plan(new Date(this.host.now()), this.skip);
      if (v.kind === 'slide') {
        const slides = plan.mode === 'normal' || plan.mode === 'emergency' ? plan.slides : [];
        const at = slides.findIndex((s) => s.key === v.slide.key);
        if (at >= 0 && (plan.mode === 'emergency') === v.emergency) {
          if (at !== v.index || slides.length !== v.count) this.setView({ ...v, index: at, count: slides.length });
          return;
        }
        this.host.recordShow(v.slide, v.shownAt, this.host.now());
        this.next(plan.mode === 'emergency' && !v.emergency ? undefined : v);
        return;
      }
      const same = (v.kind === 'quiet' && plan.mode === 'quiet' && plan.quiet === v.quiet) || (v.kind === 'empty' && plan.mode === 'empty');
      if (!same) this.next();
    });
  }
}
