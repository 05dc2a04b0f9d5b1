/**
 * What one poll costs when nothing changed: after the first sync, the next
 * round (pollSeconds 5 in the test config) must be one conditional request to
 * the feed, answered 304 with no body. The floor is exactly that.
 */
import type { Request } from '@playwright/test';
import { kioskContext } from './support/context.ts';
import type { Bench, BenchContext, BenchResult } from './types.ts';

interface Seen {
  url: string;
  status: number;
  bodyBytes: number;
  headerBytes: number;
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { hub } = await ctx.bigFeed();
  const browser = await ctx.browser();
  const context = await kioskContext(browser);
  const page = await context.newPage();
  const finished: Request[] = [];
  page.on('requestfinished', (r) => finished.push(r));
  page.on('requestfailed', (r) => finished.push(r));

  await page.goto(`${hub.url}/?config=default`);
  const syncs = () =>
    page.evaluate(() => (performance.getEntriesByName('zwgk:sync', 'measure') as PerformanceMeasure[]).map((m) => String(m.detail)));
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:sync', 'measure').length > 0, undefined, {
    timeout: 300_000,
    polling: 50,
  });
  const first = await syncs();
  if (first[0] !== 'applied' || first.length !== 1) throw new Error(`expected one applied sync first, saw ${first.join(', ')}`);
  // Let the first round's follow-up downloads (attachments, the input vocabulary) finish and report, then watch only the next round.
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:sync:done', 'mark').length > 0, undefined, { timeout: 120_000 });
  await page.waitForTimeout(200);
  const from = finished.length;
  const t0 = Date.now();
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:sync', 'measure').length > 1, undefined, {
    timeout: 15_000,
    polling: 50,
  });
  const waited = Date.now() - t0;
  await page.waitForTimeout(200);
  const rounds = await syncs();
  const seen: Seen[] = [];
  for (const r of finished.slice(from)) {
    const response = await r.response();
    const sizes = await r.sizes();
    seen.push({
      url: r.url().replace(hub.url, ''),
      status: response?.status() ?? 0,
      bodyBytes: sizes.responseBodySize,
      headerBytes: sizes.responseHeadersSize,
    });
  }
  await context.close();
  if (rounds[1] !== 'unchanged') throw new Error(`the second round ended '${rounds[1]}', not 'unchanged'`);

  const feed = seen.filter((s) => s.url.startsWith('/feed/'));
  const bodyBytes = feed.reduce((n, s) => n + s.bodyBytes, 0);
  const others = seen.filter((s) => !s.url.startsWith('/feed/'));
  return {
    figures: [
      {
        name: 'requests to /feed/ in one unchanged poll',
        ours: { value: feed.length, unit: 'requests' },
        floor: { value: 1, unit: 'requests' },
        requirement: 'exactly 1',
        pass: feed.length === 1,
      },
      {
        name: 'status of the head request',
        ours: { value: feed[0]?.status ?? 0, unit: 'status' },
        floor: { value: 304, unit: 'status' },
        requirement: '304',
        pass: feed.length === 1 && feed[0]!.status === 304,
      },
      {
        name: 'response body bytes',
        ours: { value: bodyBytes, unit: 'bytes' },
        floor: { value: 0, unit: 'bytes' },
        requirement: '0',
        pass: bodyBytes === 0,
      },
    ],
    notes: [
      `Requests in the round: ${seen.map((s) => `\`${s.url}\` ${s.status}, body ${s.bodyBytes} B, headers ${s.headerBytes} B`).join('; ') || 'none'}.`,
      `Other requests in the same window (not the feed): ${others.length}. The round came ${(waited / 1000).toFixed(1)} s after the first sync was seen (pollSeconds 5, ±10 % jitter).`,
    ],
  };
}

export const unchangedPoll: Bench = {
  id: 'unchanged-poll',
  title: 'One unchanged poll',
  about:
    "After a fresh kiosk has synced the 10,000-item feed, the requests of its next sync round (the `zwgk:sync` measure with detail 'unchanged'), recorded by Playwright. The floor is one conditional GET of the head answered `304 Not Modified` with an empty body.",
  run,
};
