/**
 * Nothing a citizen submits is lost or stored twice (DESIGN principle 1), under
 * every fault at once: dropped connections before and after the hub stored a
 * submission, 500s, a hung hub, page reloads mid-delivery, devices going
 * offline, and the hub killed with SIGKILL and restarted. A small count here;
 * `npm run test:faults` runs 500 (scripts/fault-test.ts).
 */
import { runFaultScenario } from './support/faults.ts';
import { expect, test } from './support/fixtures.ts';

test('every receipt shown is one row in the hub that opens to what was typed, none twice, whatever broke on the way', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const total = 30;
  const r = await runFaultScenario(browser, total, (line) => console.log(line));
  expect(r.typed.length).toBe(total);
  expect(r.mismatches).toEqual([]);
  expect(r.rows).toBe(total);
  expect([...r.opened.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(r.typed.map((t) => t.text))).toEqual(new Set(r.opened.keys()));
  // Every kind of trouble really happened in this run.
  for (const [fault, n] of Object.entries(r.faults)) expect(n, fault).toBeGreaterThan(0);
  for (const [event, n] of Object.entries(r.events)) expect(n, event).toBeGreaterThan(0);
  expect(r.typed.some((t) => t.from === 'phone') && r.typed.some((t) => t.from === 'kiosk')).toBe(true);
});
