/**
 * Every kiosk interaction, tap to next paint, with Chromium's CPU throttled 4×
 * (CDP Emulation.setCPUThrottlingRate), on the demo county's content: the
 * screens, 适老模式, text size, language, search with the on-screen pinyin
 * keyboard, the archive. Ours is the Event Timing API's duration for the
 * interaction (what INP uses: from the touch to the frame painted after its
 * handlers); the floor is the same measure for a tap on text that does nothing.
 */
import { chromium, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { TestFeed } from '../e2e/support/feed.ts';
import { startHub } from '../e2e/support/hub.ts';
import { DEMO_NOW, publishDemo } from '../e2e/support/kiosk.ts';
import { list, median, round } from './support/stats.ts';
import type { Bench, BenchContext, BenchResult } from './types.ts';

const THROTTLE = 4;
const MAX_MS = 100;
/** Rounds of the whole walk; each figure is the median of its rounds (the machine is shared). */
const ROUNDS = 3;

interface Step {
  name: string;
  target: (page: Page) => Locator;
  /** What shows once the screen has really changed (for the second figure). */
  done?: string;
}

const kb = (page: Page, name: string) => page.locator('.keyboard').getByRole('button', { name, exact: true });

const STEPS: Step[] = [
  { name: 'tap a catalogue tile → list', target: (p) => p.getByRole('button', { name: /办事指南与收费标准/ }), done: '#h-list' },
  { name: 'tap an item → item screen', target: (p) => p.locator('.item-card').first(), done: '.item-heading' },
  { name: 'tap 适老模式', target: (p) => p.getByRole('button', { name: '适老模式' }) },
  { name: 'tap 字号 特大', target: (p) => p.getByRole('button', { name: '特大' }) },
  { name: 'tap English', target: (p) => p.getByRole('button', { name: 'English' }) },
  { name: 'tap 中文', target: (p) => p.getByRole('button', { name: '中文' }) },
  { name: 'tap 字号 标准', target: (p) => p.getByRole('button', { name: '标准' }) },
  { name: 'tap 返回', target: (p) => p.getByRole('button', { name: /返回/ }), done: '#h-list' },
  { name: 'tap 首页', target: (p) => p.getByRole('button', { name: '首页' }), done: '#h-catalogue' },
  { name: 'tap 搜索', target: (p) => p.getByRole('button', { name: '搜索' }), done: '#search-field' },
  { name: 'tap the search field (keyboard loads)', target: (p) => p.locator('#search-field'), done: '.keyboard' },
  { name: 'tap key z', target: (p) => kb(p, 'z') },
  { name: 'tap key w', target: (p) => kb(p, 'w') },
  { name: 'tap key g', target: (p) => kb(p, 'g') },
  { name: 'tap key k', target: (p) => kb(p, 'k') },
  { name: 'tap candidate 政务公开 (search runs)', target: (p) => kb(p, '政务公开'), done: '.search-hit' },
  { name: 'tap 删除', target: (p) => kb(p, '删除') },
  { name: 'tap 收起键盘', target: (p) => kb(p, '收起键盘') },
  { name: 'tap a result → item', target: (p) => p.locator('.search-hit').first(), done: '.item-heading' },
  { name: 'tap 朗读', target: (p) => p.getByTestId('read-aloud') },
  { name: 'tap 公开档案', target: (p) => p.getByRole('button', { name: '公开档案' }), done: '.archive details' },
  { name: 'tap a quarter (open/close)', target: (p) => p.locator('.archive summary').nth(1) },
  { name: 'tap 设备信息', target: (p) => p.getByRole('button', { name: '设备信息' }), done: '[data-testid="diag-seq"]' },
];

/** Collects Event Timing entries by interaction, and when the screen showed what a step waits for. */
const PROBE = `
  globalThis.__interactions = new Map();
  globalThis.__handlers = new Map();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.interactionId) continue;
      __interactions.set(e.interactionId, Math.max(__interactions.get(e.interactionId) ?? 0, e.duration));
      // Until our handlers were done; the rest of the duration is the browser drawing the new frame.
      __handlers.set(e.interactionId, Math.max(__handlers.get(e.interactionId) ?? 0, e.processingEnd - e.startTime));
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener('pointerdown', (e) => { globalThis.__lastDown = e.timeStamp; }, true);
`;

async function run(ctx: BenchContext): Promise<BenchResult> {
  const feed = await TestFeed.create();
  await publishDemo(feed);
  const hub = await startHub(feed);
  const exe = chromiumPath();
  // Its own browser: the throttled renderer must not slow other benchmarks' pages.
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.addInitScript('globalThis.__name ??= (fn) => fn;');
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.clock.setFixedTime(DEMO_NOW);
    await page.goto(`${hub.url}/?config=default`);
    await page.getByRole('heading', { name: '公开目录' }).waitFor();
    // The service worker serves the shell and the chunks, as on a kiosk that has run for a while.
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated');
    await page.reload();
    await page.getByRole('heading', { name: '公开目录' }).waitFor();
    await page.waitForTimeout(3500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

    const tapAndMeasure = async (target: Locator, done?: string) => {
      const before = await page.evaluate(() => [
        ...(globalThis as unknown as { __interactions: Map<number, number> }).__interactions.keys(),
      ]);
      await target.tap();
      let shown: number | undefined;
      if (done)
        shown = await page.evaluate(
          (sel) =>
            new Promise<number>((ok) => {
              const look = () =>
                document.querySelector(sel)
                  ? requestAnimationFrame(() => ok(performance.now() - (globalThis as unknown as { __lastDown: number }).__lastDown))
                  : requestAnimationFrame(look);
              look();
            }),
          done,
        );
      // Event Timing reports after the frame is presented.
      await page.waitForTimeout(300);
      const after = await page.evaluate((seen) => {
        const g = globalThis as unknown as { __interactions: Map<number, number>; __handlers: Map<number, number> };
        return [...g.__interactions.entries()]
          .filter(([id]) => !seen.includes(id))
          .map(([id, d]) => [d, g.__handlers.get(id) ?? 0] as const);
      }, before);
      // No entry: the interaction took under Event Timing's 16 ms threshold.
      const worst = after.reduce<readonly [number, number]>((a, b) => (b[0] > a[0] ? b : a), [16, 0]);
      return { ms: worst[0], handlers: worst[1], reported: after.length > 0, shown };
    };

    // The floor: a tap on the page title, which does nothing.
    const floors: number[] = [];
    const samples = new Map<Step, { ms: number[]; handlers: number[]; reported: boolean; shown: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        // A fresh start for the walk: the display choices are forgotten with the page.
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        await page.goto(`${hub.url}/?config=default`);
        await page.getByRole('heading', { name: '公开目录' }).waitFor();
        await page.waitForTimeout(1000);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      }
      for (let i = 0; i < 3; i++) floors.push((await tapAndMeasure(page.locator('.site-title'))).ms);
      for (const step of STEPS) {
        ctx.log(`round ${round + 1}: ${step.name}`);
        const r = await tapAndMeasure(step.target(page), step.done);
        const s = samples.get(step) ?? samples.set(step, { ms: [], handlers: [], reported: false, shown: [] }).get(step)!;
        s.ms.push(r.ms);
        s.handlers.push(r.handlers);
        s.reported ||= r.reported;
        if (r.shown !== undefined) s.shown.push(r.shown);
      }
    }
    const results = STEPS.map((step) => {
      const s = samples.get(step)!;
      return {
        step,
        ms: median(s.ms),
        handlers: median(s.handlers),
        all: s.ms,
        reported: s.reported,
        ...(s.shown.length ? { shown: median(s.shown) } : {}),
      };
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await context.close();

    const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
    const slowestHandlers = results.reduce((a, b) => (b.handlers > a.handlers ? b : a));
    const floor = median(floors);
    const screens = results.filter((r) => r.shown !== undefined);
    return {
      figures: [
        {
          name: `slowest of ${results.length} kiosk interactions, tap to next paint (CPU ${THROTTLE}× slower, median of ${ROUNDS} rounds)`,
          ours: { value: round(worst.ms), unit: 'ms' },
          floor: { value: round(floor), unit: 'ms' },
          requirement: `≤ ${MAX_MS} ms each`,
          pass: results.every((r) => r.ms <= MAX_MS),
          note: `${worst.step.name}; floor: a tap on text that does nothing`,
        },
        {
          name: 'slowest touch to the end of the app’s handlers (input delay + processing)',
          ours: { value: round(slowestHandlers.handlers), unit: 'ms' },
          note: `${slowestHandlers.step.name}; the part of an interaction the app's JavaScript decides`,
        },
        ...results.map((r) => ({
          name: r.step.name,
          ours: { value: round(r.ms), unit: 'ms' as const },
          note: r.reported
            ? `rounds: ${list(r.all, 'ms')}; touch to the end of our handlers ${round(r.handlers)} ms, the rest drawing the frame`
            : 'under 16 ms (below the Event Timing threshold)',
        })),
        ...screens.map((r) => ({
          name: `${r.step.name}: until the new screen is painted`,
          ours: { value: round(r.shown!), unit: 'ms' as const },
          note: 'from the touch to the frame after the awaited element appeared (chunk load, IndexedDB query, render)',
        })),
      ],
      notes: [
        `Demo county content (45 items published by the real publisher from content/), real hub, production build, service worker live, 1080×1920 touch viewport, CPU throttled ${THROTTLE}× with CDP \`Emulation.setCPUThrottlingRate\`.`,
        `Each figure is the Event Timing API's longest event duration for the interaction (rounded by the browser to 8 ms), median of ${ROUNDS} rounds; floor taps: ${list(floors, 'ms')}.`,
        'Chromium runs here with --disable-gpu: every frame is rastered in software on 2 CPU cores shared with other work, which the CPU throttle does not slow but which still delays the painted frame; a kiosk with a GPU rasters faster.',
      ],
    };
  } finally {
    await browser.close();
    await hub.close();
    await feed.dispose();
  }
}

export const interaction: Bench = {
  id: 'interaction',
  title: 'Kiosk interactions with the CPU throttled 4×',
  about:
    "Every kind of tap on the kiosk (screens, 适老模式, text size, language, on-screen pinyin keyboard, search, archive, read aloud), on the demo county's content with Chromium's CPU throttled 4×. Ours is the Event Timing API's duration of each interaction: from the touch to the next frame painted after its handlers (as INP measures it). The floor is the same measure for a tap on text that does nothing.",
  run,
};
