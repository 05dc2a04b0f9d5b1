/**
 * The size budget: the JavaScript the kiosk loads before its first screen
 * (the entry chunk and its static imports) must stay ≤ 30 KB gzipped.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 30 * 1024;
const dist = resolve(import.meta.dirname, '../dist');
const html = await readFile(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
let total = 0;
for (const file of new Set(initial)) {
  const gz = gzipSync(await readFile(join(dist, file)), { level: 9 }).byteLength;
  total += gz;
  console.log(`  ${file}: ${(gz / 1024).toFixed(1)} KB gzipped`);
}
console.log(`initial kiosk JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (initial.length === 0 || total > BUDGET) {
  console.error(initial.length === 0 ? 'no entry script found in dist/index.html' : 'over the size budget: move something behind import()');
  process.exit(1);
}
