/**
 * The JavaScript a kiosk loads before its first screen, gzipped, beside the
 * 30 KB budget; and every lazy chunk. Same rule as scripts/size-budget.ts (the
 * entry script and its modulepreloads in dist/index.html), which exits, so it
 * is not imported.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Bench, BenchResult, Figure } from './types.ts';

const BUDGET_KB = 30;
const dist = resolve(import.meta.dirname, '../dist');

const gzipKB = async (file: string) => gzipSync(await readFile(join(dist, file)), { level: 9 }).byteLength / 1024;
const kb = (value: number) => ({ value: Math.round(value * 10) / 10, unit: 'KB' as const });

async function run(): Promise<BenchResult> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const initial = [
    ...new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!)),
  ];
  if (initial.length === 0) throw new Error('no entry script found in dist/index.html');
  const lazy = (await readdir(join(dist, 'assets')))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`)
    .filter((f) => !initial.includes(f))
    .sort();

  const initialSizes = await Promise.all(initial.map(async (f) => [f, await gzipKB(f)] as const));
  const total = initialSizes.reduce((n, [, size]) => n + size, 0);
  const figures: Figure[] = [
    { name: 'initial kiosk JavaScript, gzipped', ours: kb(total), requirement: `≤ ${BUDGET_KB} KB budget`, pass: total <= BUDGET_KB },
    ...initialSizes.map(([f, size]): Figure => ({ name: `initial: \`${f}\``, ours: kb(size) })),
  ];
  for (const f of lazy) figures.push({ name: `lazy: \`${f}\``, ours: kb(await gzipKB(f)) });
  const sw = await gzipKB('sw.js').catch(() => undefined);
  if (sw !== undefined) figures.push({ name: 'service worker `sw.js` (installed after first paint)', ours: kb(sw) });
  const lazyTotal = figures.filter((f) => f.name.startsWith('lazy:')).reduce((n, f) => n + (f.ours?.value ?? 0), 0);
  return {
    figures,
    notes: [
      `gzip level 9 of the files in dist/ as built by this run; ${lazy.length} lazy chunks, ${lazyTotal.toFixed(1)} KB together. The floor of a size is 0; the budget is the limit.`,
    ],
  };
}

export const bundleSize: Bench = {
  id: 'bundle-size',
  title: 'Bundle size',
  about:
    'The entry script and its `modulepreload`s in `dist/index.html` (what the kiosk runs before its first screen), gzipped, against the 30 KB budget; then each chunk loaded later with `import()`.',
  run: () => run(),
};
