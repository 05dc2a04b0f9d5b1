/**
 * `npm run test:faults [-- COUNT]`: the full fault-injection run of issue 4
 * (500 submissions by default) against the production build and a hub process
 * that is killed and restarted. Prints what happened and fails if the hub does
 * not hold exactly one row per receipt shown, each opening to what was typed.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { runFaultScenario } from '../e2e/support/faults.ts';

const total = Number(process.argv[2] ?? 500);
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
try {
  const r = await runFaultScenario(browser, total, (line) => console.error(`  · ${line}`));
  const twice = [...r.opened.entries()].filter(([, n]) => n > 1);
  const missing = r.typed.filter((t) => !r.opened.has(t.text));
  console.log(
    `submissions typed and receipted: ${r.typed.length} (kiosk ${r.typed.filter((t) => t.from === 'kiosk').length}, phone ${r.typed.filter((t) => t.from === 'phone').length})`,
  );
  console.log(
    `rows in the hub: ${r.rows}; opened to what was typed: ${r.rows - r.mismatches.length}; twice: ${twice.length}; missing: ${missing.length}`,
  );
  console.log(`intake requests by fault: ${JSON.stringify(r.faults)}`);
  console.log(`events: ${JSON.stringify(r.events)}; ${r.seconds.toFixed(0)} s`);
  for (const m of r.mismatches.slice(0, 20)) console.log(`  mismatch ${m}`);
  const ok = r.rows === total && r.typed.length === total && r.mismatches.length === 0 && twice.length === 0 && missing.length === 0;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
}
