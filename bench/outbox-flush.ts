/**
 * A kiosk that was offline comes back with 1,000 queued submissions: how long
 * its outbox takes to deliver them all (each POSTed, its signed receipt
 * verified, then removed from IndexedDB), timed by the app's own
 * `zwgk:outbox` measure of the pass that emptied the queue. The floor, in the
 * same page right after: a plain loop of the same kind of POSTs (other ids, to
 * the same hub), one after the other, no receipt check, no IndexedDB.
 */
import type { Page } from '@playwright/test';
import { TestFeed } from '../e2e/support/feed.ts';
import { startHub } from '../e2e/support/hub.ts';
import { sealTestSubmission, type TestIntake } from '../e2e/support/intake.ts';
import { kioskContext } from './support/context.ts';
import { list, median, round } from './support/stats.ts';
import type { Bench, BenchContext, BenchResult } from './types.ts';

const N = 1000;
const RUNS = 3;
const MAX_RATIO = 2;

async function sealMany(intake: TestIntake, tag: string): Promise<string[]> {
  const subs = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      sealTestSubmission(intake.block, {
        kind: i % 2 ? 'inquiry' : 'complaint',
        content: { what: `离线期间的第${i}件(${tag}):窗口拖着不办,请调查。` },
        ...(i % 3 === 0 ? { identity: { name: '王秀英', phone: '13800138000' } } : {}),
        device: `flush-${tag}`,
      }),
    ),
  );
  return subs.map((s) => JSON.stringify(s));
}

/** Puts sealed submissions into the outbox store as src/device/outbox/submit.ts does. */
async function fillOutbox(page: Page, bodies: string[]): Promise<void> {
  await page.evaluate(async (bodies) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('outbox', 'readwrite');
    const now = new Date().toISOString();
    for (const body of bodies) {
      const s = JSON.parse(body) as { id: string; kind: string };
      tx.objectStore('outbox').put({ id: s.id, kind: s.kind, body, queuedAt: now, attempts: 0, nextAttemptAt: 0 });
    }
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, bodies);
}

async function once(ctx: BenchContext, run: number): Promise<{ ours: number; floor: number; network: number }> {
  const feed = await TestFeed.create();
  const hub = await startHub(
    feed,
    {},
    { intakeLimits: { perDevice: { burst: 1e6, perMinute: 1e6 }, perAddress: { burst: 1e6, perMinute: 1e6 } } },
  );
  const context = await kioskContext(await ctx.browser());
  try {
    const [ours, floorBodies] = await Promise.all([sealMany(hub.intake, `ours-${run}`), sealMany(hub.intake, `floor-${run}`)]);
    const page = await context.newPage();
    await page.goto(`${hub.url}/?config=default`);
    // Room for every request's Resource Timing entry (the default buffer holds 250).
    await page.evaluate(() => performance.setResourceTimingBufferSize(10_000));
    // The outbox has started (its first pass measured) before the network goes.
    await page.waitForFunction(() => performance.getEntriesByName('zwgk:outbox', 'measure').length > 0);
    await context.setOffline(true);
    await fillOutbox(page, ours);
    const before = await page.evaluate(() => performance.getEntriesByName('zwgk:outbox', 'measure').length);
    await context.setOffline(false);
    const handle = await page.waitForFunction(
      (n) => {
        const passes = (performance.getEntriesByName('zwgk:outbox', 'measure') as PerformanceMeasure[]).slice(n);
        const full = passes.find((m) => (m.detail as { delivered: number }).delivered > 0);
        return full ? { ms: full.duration, delivered: (full.detail as { delivered: number }).delivered } : undefined;
      },
      before,
      { timeout: 300_000, polling: 100 },
    );
    const pass = (await handle.jsonValue()) as { ms: number; delivered: number };
    if (pass.delivered !== N) throw new Error(`the pass delivered ${pass.delivered}, not ${N}`);
    const left = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok) => {
        const r = indexedDB.open('zwgk');
        r.onsuccess = () => ok(r.result);
      });
      return new Promise<number>((ok) => {
        const r = db.transaction('outbox').objectStore('outbox').count();
        r.onsuccess = () => ok(r.result);
      });
    });
    if (left !== 0) throw new Error(`${left} submissions left in the outbox`);
    const network = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.endsWith('/api/intake/submissions'))
        .reduce((n, e) => n + e.duration, 0),
    );
    await page.waitForTimeout(300);
    const floor = await page.evaluate(async (bodies) => {
      const t0 = performance.now();
      for (const body of bodies) {
        const res = await fetch('/api/intake/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`HTTP ${res.status}`);
      }
      return performance.now() - t0;
    }, floorBodies);
    const rows = (hub.app.db.prepare('SELECT count(*) AS n FROM intake_submissions').get() as { n: number }).n;
    if (rows !== 2 * N) throw new Error(`the hub holds ${rows} rows, expected ${2 * N}`);
    ctx.log(`run ${run + 1}: outbox ${round(pass.ms)} ms, plain loop ${round(floor)} ms`);
    return { ours: pass.ms, floor, network };
  } finally {
    await context.close();
    await hub.close();
    await feed.dispose();
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(ctx, i));
  const ours = median(runs.map((r) => r.ours));
  const floor = median(runs.map((r) => r.floor));
  return {
    figures: [
      {
        name: `flush ${N.toLocaleString('en')} queued submissions after reconnect (median of ${RUNS})`,
        ours: { value: round(ours), unit: 'ms' },
        floor: { value: round(floor), unit: 'ms' },
        requirement: `≤ ${MAX_RATIO}× floor`,
        pass: ours <= MAX_RATIO * floor,
        note: 'ours: the outbox pass (read due entries, POST, verify the Ed25519 receipt and digest, delete); floor: for…of await fetch(POST)',
      },
      {
        name: 'of which waiting for the hub',
        ours: { value: round(median(runs.map((r) => r.network))), unit: 'ms' },
        note: "the POSTs' durations added up (Resource Timing)",
      },
    ],
    notes: [
      `Per run — ours: ${list(
        runs.map((r) => r.ours),
        'ms',
      )}; floor: ${list(
        runs.map((r) => r.floor),
        'ms',
      )}.`,
      'Each run: a fresh kiosk context and hub; the submissions sealed in Node with the test office keys and written into the outbox store while the context was offline; then back online (the app delivers on `online`). Rate limits raised for the run: with the defaults (burst 600 per device) a larger backlog drains at 120 a minute after the burst.',
    ],
  };
}

export const outboxFlush: Bench = {
  id: 'outbox-flush',
  title: 'Flushing 1,000 queued submissions after reconnect',
  about:
    "A kiosk context whose outbox holds 1,000 sealed submissions comes back online; ours is the app's `zwgk:outbox` measure of the delivery pass that emptied the queue (read due entries, POST each to the real hub, verify its signed receipt and digest, remove it from IndexedDB). The floor, in the same page right after: a plain sequential loop of 1,000 POSTs of other sealed submissions to the same hub, no receipt check, no IndexedDB.",
  run,
};
