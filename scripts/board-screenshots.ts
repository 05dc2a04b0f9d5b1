/**
 * Screenshots of the wall board for docs/screenshots/, from the county's demo
 * content (content/) on a hub of its own, with the page's clock set to days
 * on which the demo notices run:
 *   npm run build && node --import tsx scripts/board-screenshots.ts [out-dir]
 * The compliance page is filled with a made-up week of display records from
 * two boards (one of them missed a day), sent through the hub's own API.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { generateKeyFile, importKeyFile } from '../hub/keys.ts';
import { publish } from '../hub/publish/index.ts';
import { buildHub } from '../hub/server.ts';
import { DISPLAY_VERSION, type DisplayEntry, GENESIS, sealEntry } from '../src/contract/display.ts';
import { addWorkingDays, isWorkingDay } from '../src/contract/working-days.ts';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? `${root}/docs/screenshots`);
await mkdir(out, { recursive: true });
const tmp = await mkdtemp(join(tmpdir(), 'zwgk-board-shots-'));
const key = await importKeyFile(await generateKeyFile('docs'));
const feedDir = `${tmp}/feed`;
const published = await publish({ contentDir: `${root}/content`, feedDir, key, headTtlDays: 60 });
if (!published.ok) throw new Error(JSON.stringify(published.problems));
const configDir = `${tmp}/config`;
await mkdir(configDir);
const base = { v: 1, mode: 'board', title: '清原满族自治县政务公开栏', channels: ['public'], hotline: '53034645' };
await writeFile(`${configDir}/board.json`, JSON.stringify({ ...base, name: '县政务服务中心-公开栏' }));
await writeFile(
  `${configDir}/board-quiet.json`,
  JSON.stringify({ ...base, name: '县政务服务中心-公开栏', board: { quietHours: [{ from: '21:00', to: '07:00', mode: 'dim' }] } }),
);
await writeFile(`${configDir}/board-nankouqian.json`, JSON.stringify({ ...base, name: '南口前镇-公开栏' }));
const app = await buildHub({ distDir: `${root}/dist`, feedDir, configDir, trustedKeys: [key.trusted], dataDir: `${tmp}/data` });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
const china = (local: string) => new Date(`${local}+08:00`);

async function shoot(file: string, size: { width: number; height: number }, time: string, config: string, slide?: string) {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.clock.install({ time: china(time) });
  await page.goto(`${url}/board?config=${config}`);
  await page.locator('.board').waitFor();
  if (slide) await page.locator(`.board[data-slide="${slide}"]`).waitFor({ timeout: 60_000 });
  else await page.locator('.slide-title, .board-dim').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${file}`, animations: 'disabled' });
  await context.close();
  console.log(`${out}/${file}`);
}

// Made-up records for the compliance page: two weeks, and the county-centre board missed Wednesday 11-25.
const NOTICES = [
  { id: 'notice-bus-route-adjustment', from: '2026-11-16', to: '2026-12-18' },
  { id: 'notice-farmland-subsidy-2026', from: '2026-11-24', to: '2026-12-04' },
  { id: 'notice-snowstorm-emergency', from: '2026-11-27', to: '2026-12-03' },
];
async function records(device: string, config: string, name: string, skip: string[]) {
  const entries: DisplayEntry[] = [];
  let prev = { seq: 0, hash: GENESIS };
  for (let d = '2026-11-16'; d <= '2026-11-27'; d = addWorkingDays(d, 1)) {
    if (!isWorkingDay(d) || skip.includes(d)) continue;
    // Every notice in its period that day, an hour each morning.
    for (const n of NOTICES.filter((x) => x.from <= d && d <= x.to)) {
      const e = await sealEntry({
        v: DISPLAY_VERSION,
        device,
        seq: prev.seq + 1,
        item: n.id,
        rev: 1,
        from: china(`${d}T09:00:00`).toISOString(),
        to: china(`${d}T09:58:40`).toISOString(),
        shows: 12,
        seconds: 360,
        prev: prev.hash,
      });
      entries.push(e);
      prev = { seq: e.seq, hash: e.hash };
    }
  }
  const res = await fetch(`${url}/api/display/v1/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, device, config, name, channels: ['public'], entries }),
  });
  if (!res.ok) throw new Error(await res.text());
}
await records('docs-board-centre-0001', 'board', '县政务服务中心-公开栏', ['2026-11-25']);
await records('docs-board-nankouqian-0001', 'board-nankouqian', '南口前镇-公开栏', []);
const office = await browser.newContext({ viewport: { width: 1240, height: 1754 }, locale: 'zh-CN' });
const page = await office.newPage();
await page.goto(`${url}/office/compliance?date=2026-11-28`);
await page.screenshot({ path: `${out}/office-compliance.png`, fullPage: false });
console.log(`${out}/office-compliance.png`);
await office.close();

await shoot('board-landscape.png', { width: 1920, height: 1080 }, '2026-12-07T10:00:00', 'board', 'notice-bus-route-adjustment@1');
await shoot('board-portrait.png', { width: 1080, height: 1920 }, '2026-12-07T10:00:00', 'board', 'notice-bus-route-adjustment@1');
await shoot('board-emergency.png', { width: 1920, height: 1080 }, '2026-11-30T08:30:00', 'board', 'notice-snowstorm-emergency@1');
await shoot('board-quiet-dim.png', { width: 1920, height: 1080 }, '2026-12-07T22:30:00', 'board-quiet');

await browser.close();
await app.close();
await rm(tmp, { recursive: true, force: true });
