/**
 * Where the first sync's time goes: a CPU profile of the kiosk page (main
 * thread) from navigation to the end of its first sync of the 10,000-item
 * feed, as self and inclusive time by function. An investigation tool, not
 * part of `npm run bench`; profile an unminified build so names are readable:
 *
 *   npx vite build --minify false --outDir /tmp/zwgk-dist-unmin
 *   node --import tsx bench/profile-sync.ts /tmp/zwgk-dist-unmin
 */
import { resolve } from 'node:path';
import { buildHub } from '../hub/server.ts';
import { kioskContext, SharedContext } from './support/context.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const distDir = resolve(process.argv[2] ?? 'dist');
const ctx = new SharedContext();
try {
  const { feed, hub } = await ctx.bigFeed();
  const app = await buildHub({
    distDir,
    feedDir: feed.dir,
    configDir: hub.configDir,
    trustedKeys: [feed.key.trusted],
    dataDir: hub.dataDir,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const context = await kioskContext(await ctx.browser());
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${url}/?config=default`);
  const handle = await page.waitForFunction(
    () => (performance.getEntriesByName('zwgk:sync', 'measure') as PerformanceMeasure[]).find((m) => m.detail === 'applied')?.duration,
    undefined,
    { timeout: 300_000, polling: 50 },
  );
  const syncMs = (await handle.jsonValue()) as number;
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await context.close();
  await app.close();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').pop() ?? '';
    return `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    let node = byId.get(profile.samples[i]!);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    while (node) {
      const l = label(node);
      if (!seen.has(l)) inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
      seen.add(l);
      const p = parent.get(node.id);
      node = p === undefined ? undefined : byId.get(p);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  console.log(`first sync (zwgk:sync measure): ${syncMs.toFixed(0)} ms; profiled from navigation: ${total.toFixed(0)} ms of main thread`);
  console.log(`\nself time, top 30:\n${top(self, 30)}`);
  console.log(`\ninclusive time, top 40:\n${top(inclusive, 40)}`);
} finally {
  await ctx.dispose();
}
