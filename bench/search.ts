/**
 * Search over 10,000 generated items on a real kiosk: the app's own
 * `zwgk:search` measure around each query typed into its search screen,
 * beside the floor measured in the same page right after: a naive substring
 * scan of the same documents for the same words.
 */
import { build } from 'esbuild';
import { kioskContext } from './support/context.ts';
import { round } from './support/stats.ts';
import type { Bench, BenchContext, BenchResult } from './types.ts';

/** The issue's requirement: a query answers within one frame at the 95th percentile. */
const P95_MS = 16;
const REPS = 5;

/** What people look for: topics, places, departments, phrases from bodies, pinyin (initials and full), numbers, misses. */
export const QUERIES = [
  '收费标准',
  '不动产登记',
  '医疗保险',
  '缴费',
  '红透山镇',
  '公示',
  '县政务公开办',
  '危房改造',
  '高龄津贴',
  '营业执照',
  '办事指南',
  '林木采伐',
  '耕地地力保护补贴',
  '最低生活保障',
  '义务教育招生',
  '公益性岗位',
  '道路维修',
  '一卡通',
  '政务服务便民热线',
  '居民身份证',
  '材料齐全',
  '逾期不予受理',
  '人大代表',
  '弄虚作假',
  '南口前镇 卫生院',
  '2026年第一季度',
  '12345',
  '工作日',
  'zwgk',
  'sfbz',
  'bdcdj',
  'ylbx',
  'gljt',
  'hongtoushan',
  'yiliao',
  'shoufei',
  'zhengwufuwu',
  'qingyuan',
  '潜水艇',
  '量子计算',
];

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** The search modules as one script for the page: the floor uses the app's own documents and words. */
async function floorScript(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `
        import { allRevisions } from './src/device/store/queries.ts';
        import { toDoc } from './src/device/search/load.ts';
        import { readVocab } from './src/device/sync/vocab.ts';
        import { VocabIndex } from './src/device/pinyin/vocab-index.ts';
        import { naiveScan, SearchIndex } from './src/device/search/search-index.ts';
        globalThis.__searchFloor = async (queries, reps) => {
          const docs = (await allRevisions()).map(toDoc);
          const vocab = await readVocab();
          const index = await SearchIndex.build(docs, vocab ? new VocabIndex(vocab) : undefined);
          // Lower-cased and joined once, as the index does: the scan is only the scan.
          const texts = docs.map((d) => (d.title + '\\n' + d.body).toLowerCase());
          const times = [];
          const found = {};
          for (let r = 0; r < reps; r++)
            for (const q of queries) {
              const words = index.terms(q);
              const t0 = performance.now();
              const n = naiveScan(texts, words);
              times.push({ q, ms: performance.now() - t0 });
              found[q] = n;
            }
          return { times, found, docs: docs.length };
        };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { hub, items } = await ctx.bigFeed();
  const context = await kioskContext(await ctx.browser());
  const page = await context.newPage();
  await page.goto(`${hub.url}/?config=default`);
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:sync', 'measure').length > 0, undefined, { timeout: 300_000 });
  // The vocabulary arrives after the items.
  await page.waitForFunction(
    () =>
      new Promise<boolean>((ok) => {
        const r = indexedDB.open('zwgk');
        r.onsuccess = () => {
          const g = r.result.transaction('meta').objectStore('meta').get('vocab');
          g.onsuccess = () => ok(g.result !== undefined);
        };
      }),
    undefined,
    { timeout: 120_000, polling: 500 },
  );
  ctx.log('synced; opening search');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('zwgk:search-index', 'measure').length > 0, undefined, {
    timeout: 120_000,
  });
  const indexMs = await page.evaluate(() => performance.getEntriesByName('zwgk:search-index', 'measure')[0]!.duration);

  const field = page.locator('#search-field');
  const ours: { q: string; ms: number; total: number }[] = [];
  for (let r = 0; r < REPS; r++)
    for (const q of QUERIES) {
      const before = await page.evaluate(() => performance.getEntriesByName('zwgk:search', 'measure').length);
      await field.fill(q);
      await page.waitForFunction((n) => performance.getEntriesByName('zwgk:search', 'measure').length > n, before);
      const m = await page.evaluate(() => {
        const e = performance.getEntriesByName('zwgk:search', 'measure').at(-1) as PerformanceMeasure;
        return { ms: e.duration, ...(e.detail as { query: string; total: number }) };
      });
      if (m.query !== q) throw new Error(`measured '${m.query}', typed '${q}'`);
      ours.push({ q, ms: m.ms, total: m.total });
    }

  ctx.log('naive scan in the same page');
  await page.addScriptTag({ content: await floorScript() });
  const floor = await page.evaluate(
    ([queries, reps]) =>
      (
        globalThis as unknown as {
          __searchFloor: (
            q: string[],
            r: number,
          ) => Promise<{ times: { q: string; ms: number }[]; found: Record<string, number>; docs: number }>;
        }
      ).__searchFloor(queries, reps),
    [QUERIES, REPS] as const,
  );
  await context.close();

  const mismatch = QUERIES.filter((q) => ours.find((o) => o.q === q)!.total !== floor.found[q]);
  const oursMs = ours.map((o) => o.ms);
  const floorMs = floor.times.map((t) => t.ms);
  const p95 = percentile(oursMs, 95);
  const slowest = [...ours].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return {
    figures: [
      {
        name: `search, 95th percentile of ${oursMs.length} queries`,
        ours: { value: round(p95), unit: 'ms' },
        floor: { value: round(percentile(floorMs, 95)), unit: 'ms' },
        requirement: `≤ ${P95_MS} ms`,
        pass: p95 <= P95_MS,
        note: 'floor: naive substring scan of every document for the same words',
      },
      {
        name: 'search, median',
        ours: { value: round(percentile(oursMs, 50)), unit: 'ms' },
        floor: { value: round(percentile(floorMs, 50)), unit: 'ms' },
      },
      {
        name: 'search, slowest query',
        ours: { value: round(Math.max(...oursMs)), unit: 'ms' },
        floor: { value: round(Math.max(...floorMs)), unit: 'ms' },
      },
      {
        name: 'building the index when the search screen opens',
        ours: { value: round(indexMs), unit: 'ms' },
        note: `${floor.docs.toLocaleString('en')} documents; built in chunks, the screen stays responsive`,
      },
      {
        name: 'queries whose result count differs from the naive scan',
        ours: { value: mismatch.length, unit: 'items' },
        floor: { value: 0, unit: 'items' },
        requirement: '0',
        pass: mismatch.length === 0,
      },
    ],
    notes: [
      `Feed: ${items.toLocaleString('en')} generated items (seeded), synced by the kiosk from the real hub; the vocabulary built by the publisher from the same items.`,
      `${QUERIES.length} queries × ${REPS} rounds, typed into the search screen (\`${QUERIES.slice(0, 6).join('`, `')}\`, … \`zwgk\`, \`bdcdj\`, \`hongtoushan\` …); ours is the app's \`zwgk:search\` measure around the search call: candidates, checks, ranking, highlights of the first 30.`,
      `Slowest: ${slowest.map((s) => `\`${s.q}\` ${round(s.ms)} ms (${s.total} found)`).join(', ')}.`,
      ...(mismatch.length ? [`Counts differ for: ${mismatch.join(', ')}`] : []),
    ],
  };
}

export const search: Bench = {
  id: 'search',
  title: 'Search over 10,000 items',
  about:
    "A kiosk that synced the 10,000-item feed opens its search screen and answers queries typed into it (Chinese words, pinyin initials and full pinyin, misses). Ours is the app's own `zwgk:search` measure; the floor, in the same page afterwards, is a naive `includes` scan of every document's text for the same words (pinyin read as the same vocabulary words), with no ranking or highlights.",
  run,
};
