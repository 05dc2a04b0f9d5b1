/** Helpers for the wall-board specs: a board config on the test hub, items with fixed dates, the slide on screen. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { DeviceConfigInput } from '../../src/contract/config.ts';
import type { Item } from '../../src/contract/feed.ts';
import { disclosure } from './feed.ts';
import type { TestHub } from './hub.ts';

export const SLIDE_MS = 10_000;

/** Writes kiosk-config/board.json on the test hub (it reads configs per request). */
export async function boardConfig(hub: TestHub, board: Record<string, unknown> = {}, over: Partial<DeviceConfigInput> = {}): Promise<void> {
  const config = {
    v: 1,
    name: '测试公开栏',
    mode: 'board',
    title: '清原满族自治县政务公开栏',
    channels: ['public'],
    pollSeconds: 5,
    hotline: '53034645',
    // Fast readers: each short test slide stays one slide time (paging at reading speed has its own unit test).
    board: { slideSeconds: SLIDE_MS / 1000, watchdogSeconds: 60, uploadSeconds: 30, readingCharsPerMinute: 2000, ...board },
    ...over,
  };
  await writeFile(join(hub.configDir, 'board.json'), JSON.stringify(config));
}

/** China time, as the county reads its notices. */
export const china = (local: string) => new Date(`${local}+08:00`);

export function notice(
  id: string,
  title: string,
  type: 'decision' | 'execution' | 'emergency',
  periodStart: string,
  periodEnd: string,
): Item {
  return {
    ...disclosure(id, { title, publishedAt: periodStart, category: 'other-public', cadence: 'one-off' }),
    kind: 'notice',
    notice: {
      type,
      periodStart,
      periodEnd,
      basis: { cause: `${title}的原因`, time: '公示期内', place: '全县', scope: '全县居民' },
      impact: '涉及群众切身利益,请周知。',
      measures: '请群众在公示期内提出意见,可拨打举报电话或到县政务公开办反映。',
    },
  } as Item;
}

export function hearing(id: string, title: string, startsAt: string, publishedAt: string): Item {
  return {
    ...disclosure(id, { title, publishedAt, category: 'other-public', cadence: 'hot' }),
    kind: 'hearing',
    hearing: {
      matter: '县城区公交线路优化调整方案',
      startsAt,
      place: '县政务服务中心四楼听证室',
      noticeDate: publishedAt,
      howToJoin: '携带身份证到一楼咨询台报名',
    },
  } as Item;
}

/** The key (`id@rev`) of the slide on screen, or 'quiet' / 'empty'. */
export function onScreen(page: Page): Promise<string | null> {
  return page.locator('.board').getAttribute('data-slide');
}

/** Lets `n` slide times pass on the page's clock and returns what was on screen after each. */
export async function watchSlides(page: Page, n: number, ms = SLIDE_MS): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.clock.runFor(ms);
    seen.push((await onScreen(page)) ?? '');
  }
  return seen;
}

/**
 * Lets `ms` pass on the page's clock in small steps, with a moment of real time
 * after each: the sync and upload timers re-arm only once their request has
 * been answered, so one big jump would skip the next round.
 */
export async function passTime(page: Page, ms: number, step = 500): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await page.clock.runFor(Math.min(step, ms - t));
    await page.waitForTimeout(15);
  }
}

/**
 * Lets time pass on the page's clock, a step at a time, until `done()` holds:
 * for what the board does on its own timers, whose next round is armed only
 * once the last request has been answered, which takes real time (more on a
 * busy machine). Waits for the condition, not for a guessed duration; gives up
 * after `max` ms of page time or a minute of real time.
 */
export async function passTimeUntil(
  page: Page,
  done: () => boolean | Promise<boolean>,
  { step = 1_000, max = 10 * 60_000 }: { step?: number; max?: number } = {},
): Promise<void> {
  let passed = 0;
  await expect
    .poll(
      async () => {
        if (await done()) return 'done';
        if (passed >= max) return `not done after ${max / 1000} s of page time`;
        await page.clock.runFor(step);
        passed += step;
        return (await done()) ? 'done' : `waiting (${passed / 1000} s of page time)`;
      },
      { timeout: 60_000, intervals: [20] },
    )
    .toBe('done');
}
