/**
 * The first sync of a new kiosk: 10,000 items from the feed into IndexedDB,
 * timed by the app's own `zwgk:sync` measure, beside the floor measured in the
 * same page right after: fetch the same pages, parse, bulk-put in one
 * transaction, no verification.
 */
import type { Page } from '@playwright/test';
import { kioskContext } from './support/context.ts';
import { list, median, round } from './support/stats.ts';
import type { Bench, BenchContext, BenchResult } from './types.ts';

const RUNS = 5;
/** The issue's requirement: our first sync takes at most twice the floor. */
const MAX_RATIO = 2;

interface Ours {
  /** The app's first `zwgk:sync` measure with detail 'applied'. */
  total: number;
  /** From the start of the round to the `zwgk:apply` event: head, pages, verification. */
  fetchVerify: number;
  /** From `zwgk:apply` to the end of the round: the IndexedDB transaction, the log entry, the state read. */
  apply: number;
  /** Resource Timing: the page requests' durations added up (the app fetches one page after the other). */
  network: number;
  stored: number;
}

interface Floor {
  total: number;
  fetch: number;
  parse: number;
  put: number;
  changes: number;
}

interface SignatureFloor {
  /** crypto.subtle.verify for every envelope at once on the page's thread, as the app calls it. */
  ms: number;
  /** The part of `ms` spent inside the calls themselves, before any promise settled: the main thread was blocked that long. */
  blockingMs: number;
  /** The same envelopes split over `workers` Web Workers, posting them included. */
  workersMs: number;
  workers: number;
  envelopes: number;
  allGood: boolean;
}

/** A Web Worker that imports the key once, then verifies the envelopes it is sent. */
const VERIFY_WORKER = `
const b = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const utf8 = new TextEncoder();
let key;
onmessage = async ({ data }) => {
  if (data.publicKey) {
    key = await crypto.subtle.importKey('raw', b(data.publicKey), 'Ed25519', false, ['verify']);
    postMessage('ready');
    return;
  }
  const ok = await Promise.all(data.envelopes.map((e) => crypto.subtle.verify('Ed25519', key, b(e.sig), utf8.encode(e.payload))));
  postMessage(ok.every(Boolean));
};
`;

/** Marks the app's own `zwgk:apply` event (dispatched just before its transaction) and records long tasks. */
const INIT = `
addEventListener('zwgk:apply', () => performance.mark('bench:apply'));
globalThis.__benchLastLongTask = 0;
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) globalThis.__benchLastLongTask = Math.max(globalThis.__benchLastLongTask, e.startTime + e.duration);
}).observe({ type: 'longtask', buffered: true });
`;

async function oursFirstSync(page: Page): Promise<Ours> {
  const handle = await page.waitForFunction(
    () => {
      const measures = performance.getEntriesByName('zwgk:sync', 'measure') as PerformanceMeasure[];
      const first = measures.find((m) => m.detail === 'applied');
      if (!first) {
        const failed = measures.find((m) => m.detail !== 'unchanged');
        return failed ? { failed: String(failed.detail) } : false;
      }
      const apply = performance.getEntriesByName('bench:apply', 'mark').find((m) => m.startTime >= first.startTime);
      const pages = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (r) => r.name.includes('/feed/pages/') && r.startTime >= first.startTime && r.responseEnd <= first.startTime + first.duration,
      );
      const end = first.startTime + first.duration;
      return {
        total: first.duration,
        fetchVerify: (apply?.startTime ?? end) - first.startTime,
        apply: end - (apply?.startTime ?? end),
        network: pages.reduce((n, p) => n + p.responseEnd - p.startTime, 0),
      };
    },
    undefined,
    { timeout: 300_000, polling: 50 },
  );
  const value = (await handle.jsonValue()) as Omit<Ours, 'stored'> | { failed: string };
  if ('failed' in value) throw new Error(`the app's first sync ended '${value.failed}', not 'applied': ${await lastLog(page)}`);
  return { ...value, stored: await storedItems(page) };
}

function storedItems(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const n = await new Promise<number>((ok) => {
      const r = db.transaction('items').objectStore('items').count();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return n;
  });
}

function lastLog(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<{ message: string }[]>((ok) => {
      const r = db.transaction('log').objectStore('log').getAll();
      r.onsuccess = () => ok(r.result as { message: string }[]);
    });
    db.close();
    return all.map((e) => e.message).join(' | ');
  });
}

/** The app re-renders its lists after a sync; the floor waits for a quiet main thread so it does not pay for that. */
function quiet(page: Page): Promise<unknown> {
  return page.waitForFunction(
    () => performance.now() - (globalThis as unknown as { __benchLastLongTask: number }).__benchLastLongTask > 1000,
    undefined,
    {
      timeout: 60_000,
      polling: 100,
    },
  );
}

/** The floor: the same pages fetched in parallel, parsed, the changes put in one transaction. No checks at all. */
function floorSync(page: Page, dbName: string): Promise<Floor> {
  return page.evaluate(async (name) => {
    const t0 = performance.now();
    const base = new URL('/feed/', location.href);
    const headEnv = JSON.parse(await (await fetch(new URL('head.json', base), { cache: 'no-store' })).text()) as { payload: string };
    const head = JSON.parse(headEnv.payload) as { pages: { href: string }[] };
    const texts = await Promise.all(head.pages.map(async (p) => (await fetch(new URL(p.href, base), { cache: 'no-store' })).text()));
    const t1 = performance.now();
    const changes: unknown[] = [];
    for (const text of texts)
      for (const env of (JSON.parse(text) as { changes: { payload: string }[] }).changes) changes.push(JSON.parse(env.payload));
    const t2 = performance.now();
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => r.result.createObjectStore('items', { keyPath: 'item.id' });
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('items', 'readwrite');
    const store = tx.objectStore('items');
    for (const c of changes) store.put(c);
    await new Promise<void>((ok, fail) => {
      tx.oncomplete = () => ok();
      tx.onerror = tx.onabort = () => fail(tx.error);
    });
    const t3 = performance.now();
    db.close();
    await new Promise<void>((ok) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = r.onerror = r.onblocked = () => ok();
    });
    return { total: t3 - t0, fetch: t1 - t0, parse: t2 - t1, put: t3 - t2, changes: changes.length };
  }, dbName);
}

/** The signature floor: every envelope verified with WebCrypto at once, with the key the device config names. */
function signatureFloor(page: Page): Promise<SignatureFloor> {
  return page.evaluate(async (workerSource) => {
    const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const config = (await (await fetch('/kiosk-config/default.json', { cache: 'no-store' })).json()) as {
      trustedKeys: { id: string; publicKey: string }[];
    };
    const keys = new Map<string, CryptoKey>();
    for (const k of config.trustedKeys)
      keys.set(k.id, await crypto.subtle.importKey('raw', bytes(k.publicKey), 'Ed25519', false, ['verify']));
    const base = new URL('/feed/', location.href);
    const head = JSON.parse(
      ((await (await fetch(new URL('head.json', base), { cache: 'no-store' })).json()) as { payload: string }).payload,
    ) as { pages: { href: string }[] };
    const envelopes: { payload: string; keyId: string; sig: string }[] = [];
    for (const p of head.pages)
      envelopes.push(...((await (await fetch(new URL(p.href, base))).json()) as { changes: typeof envelopes }).changes);

    const utf8 = new TextEncoder();
    const t0 = performance.now();
    const pending = envelopes.map((e) => crypto.subtle.verify('Ed25519', keys.get(e.keyId)!, bytes(e.sig), utf8.encode(e.payload)));
    const blockingMs = performance.now() - t0;
    const results = await Promise.all(pending);
    const ms = performance.now() - t0;

    // One key (TestFeed signs with one): each worker gets every n-th envelope.
    const n = navigator.hardwareConcurrency;
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const workers = Array.from({ length: n }, () => new Worker(url));
    const ask = (w: Worker, message: unknown) =>
      new Promise<unknown>((ok) => {
        w.onmessage = (m) => ok(m.data);
        w.postMessage(message);
      });
    await Promise.all(workers.map((w) => ask(w, { publicKey: config.trustedKeys[0]!.publicKey })));
    const t1 = performance.now();
    const fromWorkers = await Promise.all(workers.map((w, i) => ask(w, { envelopes: envelopes.filter((_, j) => j % n === i) })));
    const workersMs = performance.now() - t1;
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
    return {
      ms,
      blockingMs,
      workersMs,
      workers: n,
      envelopes: envelopes.length,
      allGood: results.every(Boolean) && fromWorkers.every((ok) => ok === true),
    };
  }, VERIFY_WORKER);
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { hub, items, pageBytes, pages } = await ctx.bigFeed();
  const browser = await ctx.browser();
  // Warm the hub's file cache, so neither side pays for the first disk read.
  const head = (await (await fetch(`${hub.url}/feed/head.json`)).json()) as { payload: string };
  for (const p of (JSON.parse(head.payload) as { pages: { href: string }[] }).pages)
    await (await fetch(`${hub.url}/feed/${p.href}`)).arrayBuffer();

  const ours: Ours[] = [];
  const floors: Floor[] = [];
  const sigs: SignatureFloor[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await kioskContext(browser);
    await context.addInitScript(INIT);
    const page = await context.newPage();
    await page.goto(`${hub.url}/?config=default`);
    const o = await oursFirstSync(page);
    if (o.stored !== items) throw new Error(`the app stored ${o.stored} items, expected ${items}`);
    await quiet(page);
    const f = await floorSync(page, `bench-floor-${i}`);
    if (f.changes !== items) throw new Error(`the floor read ${f.changes} changes, expected ${items}`);
    await quiet(page);
    const s = await signatureFloor(page);
    if (!s.allGood) throw new Error('a signature did not verify in the signature floor');
    await context.close();
    ours.push(o);
    floors.push(f);
    sigs.push(s);
    ctx.log(
      `run ${i + 1}/${RUNS}: ours ${round(o.total)} ms (fetch+verify ${round(o.fetchVerify)}, apply ${round(o.apply)}), floor ${round(f.total)} ms, signatures ${round(s.ms)} ms (${round(s.blockingMs)} blocking), in workers ${round(s.workersMs)} ms`,
    );
  }

  const m = (pick: (o: Ours) => number) => median(ours.map(pick));
  const mf = (pick: (f: Floor) => number) => median(floors.map(pick));
  const ms = (pick: (s: SignatureFloor) => number) => median(sigs.map(pick));
  const oursTotal = m((o) => o.total);
  const floorTotal = mf((f) => f.total);
  // Each run's floor is measured in the same page moments after ours: pairing them cancels drift in the machine's load.
  const ratios = ours.map((o, i) => o.total / floors[i]!.total);
  const ratio = median(ratios);
  return {
    figures: [
      {
        name: `first sync of ${items.toLocaleString('en')} items (median of ${RUNS})`,
        ours: { value: round(oursTotal), unit: 'ms' },
        floor: { value: round(floorTotal), unit: 'ms' },
        ratio,
        requirement: `≤ ${MAX_RATIO}× floor`,
        pass: ratio <= MAX_RATIO,
        note: 'ratio: the median of the per-run ratios (each floor is measured in the same page right after ours)',
      },
      {
        name: 'first sync beside floor + signature floor',
        ours: { value: round(oursTotal), unit: 'ms' },
        floor: { value: round(median(floors.map((f, i) => f.total + sigs[i]!.ms))), unit: 'ms' },
        ratio: median(ours.map((o, i) => o.total / (floors[i]!.total + sigs[i]!.ms))),
        note: 'the floor plus verifying every signature on the page (median of the per-run sums; ratio per run, as above): the least a sync that checks signatures on one thread can take',
      },
      {
        name: 'fetch + verify (round start → `zwgk:apply`)',
        ours: { value: round(m((o) => o.fetchVerify)), unit: 'ms' },
        floor: { value: round(mf((f) => f.fetch + f.parse)), unit: 'ms' },
        note: 'floor: fetch + JSON.parse, no checks',
      },
      {
        name: 'of which waiting for page responses',
        ours: { value: round(m((o) => o.network)), unit: 'ms' },
        floor: { value: round(mf((f) => f.fetch)), unit: 'ms' },
        note: 'ours: the page requests’ durations added up (one page is fetched after the previous one was checked); floor: all pages at once, head included',
      },
      {
        name: `Ed25519 verification of ${items.toLocaleString('en')} envelopes (the signature floor)`,
        floor: { value: round(ms((x) => x.ms)), unit: 'ms' },
        note: `crypto.subtle.verify for every envelope at once on the page, as the app calls it, nothing else; part of ours above. ${round(ms((x) => x.blockingMs))} ms of it is spent inside the calls, blocking the main thread`,
      },
      {
        name: `Ed25519 verification split over ${sigs[0]!.workers} Web Workers`,
        floor: { value: round(ms((x) => x.workersMs)), unit: 'ms' },
        note: 'the same envelopes, one worker per navigator.hardwareConcurrency, posting them to the workers included',
      },
      {
        name: 'store (`zwgk:apply` → end of round)',
        ours: { value: round(m((o) => o.apply)), unit: 'ms' },
        floor: { value: round(mf((f) => f.put)), unit: 'ms' },
        note: 'floor: open a fresh database, put every change in one transaction',
      },
    ],
    notes: [
      `Feed: ${items.toLocaleString('en')} generated items (seeded), ${pages} pages of 500 changes, ${(pageBytes / 1024 / 1024).toFixed(1)} MB of pages; served by the real hub over HTTP on 127.0.0.1.`,
      `Per run — ours: ${list(
        ours.map((o) => o.total),
        'ms',
      )}; floor: ${list(
        floors.map((f) => f.total),
        'ms',
      )}; ratios ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}.`,
      `Floor split (median): fetch ${round(mf((f) => f.fetch))} ms, JSON.parse ${round(mf((f) => f.parse))} ms, put ${round(mf((f) => f.put))} ms.`,
    ],
  };
}

export const fullSync: Bench = {
  id: 'full-sync',
  title: 'Full sync of 10,000 items',
  about:
    "A fresh kiosk context loads `/?config=default` from the real hub (production build, service worker live) and syncs a feed of 10,000 generated items. Ours is the app's own `performance.measure('zwgk:sync')` of its first round that applied changes: head, pages, hash and signature checks, schema validation, one IndexedDB transaction, the log entry. The floor, in the same page once the main thread is quiet: fetch the same pages, JSON.parse them and each change's payload, put every change into a fresh IndexedDB database in one readwrite transaction, no verification. Each run is a fresh browser context.",
  run,
};
