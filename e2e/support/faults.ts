/**
 * The fault-injection run of issue 4: citizens file complaints and inquiries
 * from a kiosk and a phone (the real UI, production build, service workers
 * live) while the network drops mid-request, the hub answers 500 or hangs,
 * pages reload mid-delivery, and the hub process is killed with SIGKILL and
 * started again. At the end the hub must hold exactly one row per receipt a
 * citizen was shown, each opening with the office keys to what was typed.
 *
 * Used by e2e/intake-faults.spec.ts (a small count, in `npm test`) and by
 * scripts/fault-test.ts (500, `npm run test:faults`).
 */
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';
import { readOfficeKeys } from '../../hub/intake/keys.ts';
import { Inbox, openSubmission } from '../../hub/office/inbox.ts';
import { confirmAndSend, fillComplaint, fillInquiry, outboxCount, outboxEntries } from './forms.ts';
import { freePort, type HubProcess, spawnHub } from './hub-process.ts';

export type Fault = 'pass' | 'drop-before' | 'drop-after' | 'error-500' | 'hang';

/**
 * A proxy between the browsers and the hub that breaks intake POSTs on
 * purpose. Everything else (the app, the feed, configs) passes through; when
 * the hub is down, every request fails as a dropped connection would.
 */
export class FaultProxy {
  readonly counts: Record<Fault, number> = { pass: 0, 'drop-before': 0, 'drop-after': 0, 'error-500': 0, hang: 0 };
  enabled = true;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private n = 0;
  private seed: number;
  port = 0;

  constructor(
    private readonly upstreamPort: number,
    seed = 7,
  ) {
    this.seed = seed;
  }

  private random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /** The first few intake requests meet each fault once; then a seeded mix, mostly passing. */
  private pick(): Fault {
    const first: Fault[] = ['drop-after', 'error-500', 'drop-before', 'hang'];
    const f = this.n < first.length ? first[this.n]! : undefined;
    this.n++;
    if (!this.enabled) return 'pass';
    if (f) return f;
    const r = this.random();
    return r < 0.1 ? 'drop-after' : r < 0.18 ? 'drop-before' : r < 0.28 ? 'error-500' : r < 0.3 ? 'hang' : 'pass';
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((ok) => this.server!.listen(this.port, '127.0.0.1', ok));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const intake = req.method === 'POST' && req.url?.startsWith('/api/intake/submissions');
    const fault = intake ? this.pick() : 'pass';
    if (intake) this.counts[fault]++;
    if (fault === 'drop-before') return void req.socket.destroy();
    if (fault === 'hang') return; // never answered: the device's own timeout must give up
    if (fault === 'error-500') {
      req.resume();
      return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal","message":"服务器内部错误"}');
    }
    const up = request({ host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      if (fault === 'drop-after') {
        // The hub has stored it and signed a receipt; the device never hears of it.
        upRes.resume();
        upRes.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((ok) => this.server?.close(ok));
  }
}

export interface Typed {
  kind: 'complaint' | 'inquiry';
  text: string;
  name?: string;
  code: string;
  from: 'kiosk' | 'phone';
}

export interface FaultRunResult {
  typed: Typed[];
  rows: number;
  /** Texts that opened, as many times as they are in the hub. */
  opened: Map<string, number>;
  mismatches: string[];
  faults: Record<Fault, number>;
  events: Record<'hubKills' | 'reloads' | 'offline' | 'phoneOffline', number>;
  seconds: number;
}

async function newDevice(browser: Browser, phone: boolean): Promise<BrowserContext> {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
      : { viewport: { width: 1080, height: 1920 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
  );
  // tsx compiles with keepNames: functions passed to page.evaluate call a `__name` helper the page lacks.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  return context;
}

/**
 * Left alone past its idle time (a slow, faulty stretch on a busy machine), the kiosk shows its
 * attract screen; a citizen taps it to start, and so does the test.
 */
async function wake(kiosk: Page): Promise<void> {
  const attract = kiosk.getByRole('button', { name: /请轻触屏幕开始/ });
  if (await attract.isVisible()) await attract.click();
}

async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return reg?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
}

/** Runs the scenario with `total` submissions; `log` gets a progress line now and then. */
export async function runFaultScenario(browser: Browser, total: number, log: (line: string) => void = () => {}): Promise<FaultRunResult> {
  const t0 = performance.now();
  const hub: HubProcess = await spawnHub({
    env: {
      INTAKE_LIMITS: JSON.stringify({ perDevice: { burst: 5000, perMinute: 6000 }, perAddress: { burst: 10000, perMinute: 12000 } }),
    },
  });
  const proxy = new FaultProxy(hub.port);
  await proxy.start();
  const events = { hubKills: 0, reloads: 0, offline: 0, phoneOffline: 0 };
  const typed: Typed[] = [];
  const kioskContext = await newDevice(browser, false);
  const phoneContext = await newDevice(browser, true);
  try {
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`${proxy.url}/?config=default`);
    await expect(kiosk.getByRole('heading', { name: '公开目录' })).toBeVisible({ timeout: 30_000 });
    await waitForWorker(kiosk);
    const phone = await phoneContext.newPage();
    await phone.goto(`${proxy.url}/m/inquiry`);
    await waitForWorker(phone);

    let hubDown = false;
    for (let i = 0; i < total; i++) {
      // The schedule of trouble, by submission number: each kind recurs throughout the run.
      if (i % 25 === 7 && !hubDown) {
        await hub.kill('SIGKILL');
        hubDown = true;
        events.hubKills++;
      }
      if (i % 25 === 11 && hubDown) {
        await hub.restart();
        hubDown = false;
      }
      if (i % 20 === 3) {
        await kioskContext.setOffline(true);
        events.offline++;
      }
      if (i % 20 === 6) await kioskContext.setOffline(false);
      if (i % 16 === 13) {
        await phoneContext.setOffline(true);
        events.phoneOffline++;
      }
      if (i % 16 === 15) await phoneContext.setOffline(false);

      const fromPhone = i % 3 === 2;
      const page = fromPhone ? phone : kiosk;
      const kind = i % 2 === 0 ? 'complaint' : 'inquiry';
      const text = `故障测试第${i}件:${kind === 'complaint' ? '窗口拖着不办' : '请问怎么办理'}${Math.random().toString(36).slice(2, 7)}`;
      const name = i % 4 === 0 ? `测试人${i}` : undefined;
      if (fromPhone) await page.goto(`${proxy.url}/m/${kind}`);
      else {
        await wake(kiosk);
        await page.getByRole('button', { name: kind === 'complaint' ? /我要投诉/ : /我要咨询/ }).click();
      }
      if (kind === 'complaint') await fillComplaint(page, { what: text, ...(name ? { name } : {}) });
      else await fillInquiry(page, text, name ? { name, phone: '13800138000' } : undefined);
      const code = await confirmAndSend(page);
      typed.push({ kind, text, ...(name ? { name } : {}), code, from: fromPhone ? 'phone' : 'kiosk' });
      // Reload while the outbox is delivering (the kiosk's receipt screen, the phone's tab).
      if (i % 9 === 4) {
        await page.reload();
        events.reloads++;
        if (!fromPhone) {
          await wake(kiosk);
          await kiosk.getByRole('button', { name: '首页' }).click();
        }
      } else if (!fromPhone) {
        await wake(kiosk);
        await kiosk.getByRole('button', { name: '完成' }).click();
      }
      if (i % 50 === 49 || process.env.FAULTS_VERBOSE)
        log(
          `${i + 1}/${total} submitted at ${Math.round((performance.now() - t0) / 1000)} s; faults so far ${JSON.stringify(proxy.counts)}`,
        );
    }

    // Calm: the hub back, the network back, no more faults. Each device delivers what it holds.
    if (process.env.FAULTS_VERBOSE) log(`calm from ${Math.round((performance.now() - t0) / 1000)} s`);
    if (hubDown) await hub.restart();
    proxy.enabled = false;
    await kioskContext.setOffline(false);
    await phoneContext.setOffline(false);
    // IT presses 立即重试送达 on the kiosk's diagnostics screen; the citizen opens the phone page again
    // (a phone is not a kiosk: it has no diagnostics screen, and delivery starts when the page opens).
    await kiosk.goto(`${proxy.url}/k/diagnostics`);
    const retry = kiosk.getByRole('button', { name: '立即重试送达' });
    // The diagnostics screen is a kiosk screen: after a quiet spell it may open on the attract screen.
    await expect(retry.or(kiosk.getByRole('button', { name: /请轻触屏幕开始/ }))).toBeVisible();
    await wake(kiosk);
    await retry.click();
    await phone.goto(`${proxy.url}/m/inquiry`);
    try {
      await expect
        .poll(
          async () => {
            const n = [await outboxCount(kiosk), await outboxCount(phone)];
            if (process.env.FAULTS_VERBOSE) log(`${Math.round((performance.now() - t0) / 1000)} s: waiting kiosk ${n[0]}, phone ${n[1]}`);
            return n[0]! + n[1]!;
          },
          { timeout: 120_000, intervals: [500, 1000, 2000] },
        )
        .toBe(0);
    } catch (e) {
      // Say what is stuck, and why, before giving up: the entries left and what the hub said of them.
      for (const [name, page] of [
        ['kiosk', kiosk],
        ['phone', phone],
      ] as const)
        log(
          `${name} outbox left: ${JSON.stringify(await outboxEntries(page))}\n${name} screen: ${page.url()} ${((await page.locator('body').textContent()) ?? '').slice(0, 600)}`,
        );
      log(`hub output:\n${hub.output().slice(-3000)}`);
      throw e;
    }
  } finally {
    await kioskContext.close();
    await phoneContext.close();
    await proxy.close();
  }

  const keys = await readOfficeKeys(hub.officeKeysDir);
  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  const opened = new Map<string, number>();
  const mismatches: string[] = [];
  let rows = 0;
  try {
    const byCode = new Map(typed.map((t) => [t.code, t]));
    for (const row of inbox.list()) {
      rows++;
      const o = await openSubmission(row, keys);
      const c = o.content as { what?: string; question?: string } | undefined;
      const text = c?.what ?? c?.question ?? '';
      opened.set(text, (opened.get(text) ?? 0) + 1);
      const t = byCode.get(row.tracking_code);
      if (!t) mismatches.push(`${row.tracking_code}: no citizen was shown this code`);
      else if (t.text !== text || t.name !== o.identity?.name || o.problems.length > 0)
        mismatches.push(
          `${row.tracking_code}: typed ${JSON.stringify([t.text, t.name])}, opened ${JSON.stringify([text, o.identity?.name])} ${o.problems}`,
        );
    }
  } finally {
    inbox.close();
    await hub.kill();
  }
  if (mismatches.length === 0 && rows === typed.length) await rm(hub.dataDir, { recursive: true, force: true });
  else log(`hub data kept for inspection: ${hub.dataDir}`);
  return { typed, rows, opened, mismatches, faults: { ...proxy.counts }, events, seconds: (performance.now() - t0) / 1000 };
}
