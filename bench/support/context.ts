/**
 * The resources benchmarks share, made on first use and disposed once: one
 * Chromium, and one generated feed served by a real hub (the e2e support code,
 * so the benchmarks exercise exactly what the tests do).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/support/chromium.ts';
import { TestFeed } from '../../e2e/support/feed.ts';
import { startHub, type TestHub } from '../../e2e/support/hub.ts';
import { TestOffice } from '../../e2e/support/people.ts';
import type { PersonApproval } from '../../src/contract/approvals.ts';
import type { Envelope, Head } from '../../src/contract/feed.ts';
import { LIMITS } from '../../src/contract/limits.ts';
import type { BenchContext } from '../types.ts';
import { generateItems } from './generate-items.ts';

export const BIG_FEED_ITEMS = 10_000;
/** Items signed off together, as one period (期). */
const PERIOD = 50;

type BigFeed = Awaited<ReturnType<BenchContext['bigFeed']>>;

export class SharedContext implements BenchContext {
  private browserP: Promise<Browser> | undefined;
  private bigFeedP: Promise<BigFeed> | undefined;

  log(line: string): void {
    process.stderr.write(`  · ${line}\n`);
  }

  browser(): Promise<Browser> {
    this.browserP ??= (async () => {
      const executablePath = chromiumPath();
      return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
    })();
    return this.browserP;
  }

  bigFeed(): Promise<BigFeed> {
    this.bigFeedP ??= (async () => {
      const t0 = performance.now();
      const items = generateItems(BIG_FEED_ITEMS);
      const feed = await TestFeed.create();
      // Approved by people (docs/feed.md): each period (期) of 50 items pre-reviewed by one person and signed
      // off by another with their passkeys, one statement each, as a leader signs a whole period (政务公开制度 四):
      // 400 passkey signatures for the 10,000 items.
      const office = await TestOffice.create();
      const roster = await office.signedRoster();
      // Published in page-sized batches, as an office would over time: every page is a normal full page.
      for (let i = 0; i < items.length; i += LIMITS.pageSize) {
        const page = items.slice(i, i + LIMITS.pageSize);
        const approvals = new Map<string, PersonApproval[]>();
        for (let j = 0; j < page.length; j += PERIOD) {
          const period = page.slice(j, j + PERIOD);
          const signed = await office.approve(period);
          for (const item of period) approvals.set(item.id, signed);
        }
        await office.publish(feed, page, { approvalsOf: (item) => approvals.get(item.id)!, ...(i === 0 ? { roster } : {}) });
      }
      const head = JSON.parse((JSON.parse(await feed.readHead()) as Envelope).payload) as Head;
      let pageBytes = 0;
      for (const p of head.pages) pageBytes += (await stat(join(feed.dir, p.href))).size;
      const hub: TestHub = await startHub(feed, {
        default: { v: 1, name: '测试触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 5, rosterRoots: [office.root.trusted] },
      });
      this.log(`published ${items.length} items in ${head.pages.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return { feed, hub, items: items.length, pageBytes, pages: head.pages.length };
    })();
    return this.bigFeedP;
  }

  async dispose(): Promise<void> {
    if (this.browserP) await (await this.browserP).close();
    if (this.bigFeedP) {
      const { feed, hub } = await this.bigFeedP;
      await hub.close();
      await feed.dispose();
    }
  }
}

/**
 * A fresh browser context (empty storage, no service worker yet) set up as a
 * kiosk. The shim: tsx compiles with esbuild's keepNames, so functions passed
 * to page.evaluate call a `__name` helper that does not exist in the page.
 */
export async function kioskContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  return context;
}
