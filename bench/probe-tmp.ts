import { kioskContext, SharedContext } from './support/context.ts';

const ctx = new SharedContext();
try {
  const { hub } = await ctx.bigFeed();
  const context = await kioskContext(await ctx.browser());
  const page = await context.newPage();
  await page.goto(`${hub.url}/?config=default`);
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:sync', 'measure').length > 0, undefined, { timeout: 300_000 });
  await page.waitForTimeout(3000);
  const out = await page.evaluate(async () => {
    const r: Record<string, number | string> = {};
    const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const config = (await (await fetch('/kiosk-config/default.json', { cache: 'no-store' })).json()) as {
      trustedKeys: { id: string; publicKey: string }[];
    };
    const pub = config.trustedKeys[0]!.publicKey;
    const key = await crypto.subtle.importKey('raw', bytes(pub), 'Ed25519', false, ['verify']);
    const base = new URL('/feed/', location.href);
    const head = JSON.parse(
      ((await (await fetch(new URL('head.json', base), { cache: 'no-store' })).json()) as { payload: string }).payload,
    ) as {
      pages: { href: string }[];
    };
    // Sequential fetch, as the app does (without checks between).
    let t = performance.now();
    const bufs: ArrayBuffer[] = [];
    for (const p of head.pages) bufs.push(await (await fetch(new URL(p.href, base), { cache: 'no-store' })).arrayBuffer());
    r.fetchSequential = performance.now() - t;
    t = performance.now();
    await Promise.all(head.pages.map(async (p) => (await fetch(new URL(p.href, base), { cache: 'no-store' })).arrayBuffer()));
    r.fetchParallel = performance.now() - t;
    t = performance.now();
    for (const b of bufs) await crypto.subtle.digest('SHA-256', b);
    r.sha256 = performance.now() - t;
    t = performance.now();
    const pages = bufs.map((b) => JSON.parse(new TextDecoder().decode(b)) as { changes: { payload: string; sig: string }[] });
    r.decodeParsePages = performance.now() - t;
    const envs = pages.flatMap((p) => p.changes);
    const utf8 = new TextEncoder();
    t = performance.now();
    for (const e of envs) await crypto.subtle.verify('Ed25519', key, bytes(e.sig), utf8.encode(e.payload));
    r.verifySerial = performance.now() - t;
    t = performance.now();
    await Promise.all(envs.map((e) => crypto.subtle.verify('Ed25519', key, bytes(e.sig), utf8.encode(e.payload))));
    r.verifyAllAtOnce = performance.now() - t;
    // One crypto.subtle.verify call, timed synchronously: does it block the main thread?
    t = performance.now();
    for (let i = 0; i < 1000; i++) void crypto.subtle.verify('Ed25519', key, bytes(envs[i]!.sig), utf8.encode(envs[i]!.payload));
    r.verifyCall1000SyncPart = performance.now() - t;
    t = performance.now();
    for (const e of envs) utf8.encode(e.payload);
    r.utf8encode = performance.now() - t;
    t = performance.now();
    for (const e of envs) JSON.parse(e.payload);
    r.parsePayloads = performance.now() - t;
    // Workers: the same verification split over hardwareConcurrency workers.
    const n = navigator.hardwareConcurrency;
    r.workers = n;
    const src = `onmessage = async (m) => {
      const { pub, envs } = m.data;
      const b = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const key = await crypto.subtle.importKey('raw', b(pub), 'Ed25519', false, ['verify']);
      const u = new TextEncoder();
      const t = performance.now();
      const ok = await Promise.all(envs.map((e) => crypto.subtle.verify('Ed25519', key, b(e.sig), u.encode(e.payload))));
      postMessage({ ok: ok.every(Boolean), ms: performance.now() - t });
    };`;
    const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    const workers = Array.from({ length: n }, () => new Worker(url));
    // warm up
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((ok) => {
            w.onmessage = ok;
            w.postMessage({ pub, envs: envs.slice(0, 10) });
          }),
      ),
    );
    t = performance.now();
    const res = await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<{ ok: boolean; ms: number }>((ok) => {
            w.onmessage = (m) => ok(m.data);
            w.postMessage({ pub, envs: envs.filter((_, j) => j % n === i) });
          }),
      ),
    );
    r.verifyWorkers = performance.now() - t;
    r.verifyWorkersInside = res.map((x) => x.ms.toFixed(0)).join('/');
    r.workersOk = String(res.every((x) => x.ok));
    // IDB: app-shaped records with and without the app's indexes.
    const changes = envs.map((e) => JSON.parse(e.payload) as { item: { id: string; publishedAt: string }; approval: unknown; seq: number });
    const recs = changes.map((c) => ({ item: c.item, approval: c.approval, seq: c.seq, quarter: c.item.publishedAt.slice(0, 7) }));
    for (const indexed of [false, true, false, true]) {
      const name = `probe-${indexed}-${Math.random()}`;
      t = performance.now();
      const db = await new Promise<IDBDatabase>((ok) => {
        const q = indexedDB.open(name, 1);
        q.onupgradeneeded = () => {
          const s = q.result.createObjectStore('items', { keyPath: 'item.id' });
          if (indexed) {
            s.createIndex('byKind', 'item.kind');
            s.createIndex('byCategory', 'item.category');
            s.createIndex('byQuarter', 'quarter');
          }
        };
        q.onsuccess = () => ok(q.result);
      });
      const tx = db.transaction('items', 'readwrite');
      const t1 = performance.now();
      for (const rec of recs) tx.objectStore('items').put(rec);
      const t2 = performance.now();
      await new Promise((ok) => (tx.oncomplete = ok));
      r[`idb${indexed ? 'Indexed' : 'Plain'}`] = `${(performance.now() - t).toFixed(0)} (put calls ${(t2 - t1).toFixed(0)})`;
      db.close();
      indexedDB.deleteDatabase(name);
    }
    return r;
  });
  console.log(out);
  await context.close();
} finally {
  await ctx.dispose();
}
