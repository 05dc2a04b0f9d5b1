/**
 * Each batch (one feed page) and its cursor are applied in one IndexedDB
 * transaction: a page closed mid-sync (a power cut, a crash) leaves the device
 * at a page boundary, a state the feed really had, never a mix, and the next
 * start picks up from there. Real IndexedDB in Chromium.
 */

import { disclosure } from './support/feed.ts';
import { deviceState, expect, test } from './support/fixtures.ts';

test('closing the page in the middle of a big sync leaves whole pages only, and the next visit completes it', async ({
  context,
  feed,
  hub,
}) => {
  await feed.publish([disclosure('before-1', { title: '原有事项一' }), disclosure('before-2', { title: '原有事项二' })]);
  const first = await context.newPage();
  await first.goto(`${hub.url}/?config=default`);
  await expect(first.getByRole('button', { name: /原有事项一/ })).toBeVisible();
  expect(await deviceState(first)).toEqual({ seq: 2, ids: ['before-1', 'before-2'] });
  await first.close();

  // 4,000 more: pages of 500 changes, so this sync stores 9 pages one after the other.
  const batch = Array.from({ length: 4000 }, (_, i) =>
    disclosure(`bulk-${String(i).padStart(4, '0')}`, { title: `批量事项 ${i}`, bodyHtml: `<p>${'公开内容'.repeat(60)}</p>` }),
  );
  for (let i = 0; i < batch.length; i += 1000) await feed.publish(batch.slice(i, i + 1000));

  const victim = await context.newPage();
  const started: number[] = [];
  // The engine announces each page's transaction just before it starts; close the page at the third.
  await victim.exposeFunction('__applyStarted', (seq: number) => {
    started.push(seq);
    if (started.length === 3) void victim.close();
  });
  await victim.addInitScript(() =>
    addEventListener('zwgk:apply', (e) =>
      (window as unknown as { __applyStarted(seq: number): void }).__applyStarted((e as CustomEvent<{ seq: number }>).detail.seq),
    ),
  );
  await victim.goto(`${hub.url}/?config=default`);
  await expect.poll(() => victim.isClosed(), { timeout: 30_000 }).toBe(true);
  expect(started.slice(0, 3)).toEqual([500, 1000, 1500]);

  const after = await context.newPage();
  // Read the stored state before the app starts a new sync: a blank page of the same origin.
  await after.goto(`${hub.url}/icon.svg`);
  const cut = await deviceState(after);
  // Whole pages only: the first two were stored, the third either whole or not at all, and on a busy
  // machine a page or two more may have finished before the close took effect; never all of them.
  expect(cut.seq % 500, `stopped at seq ${cut.seq}, not a page boundary`).toBe(0);
  expect(cut.seq).toBeGreaterThanOrEqual(1000);
  expect(cut.seq).toBeLessThan(4002);
  const expected = ['before-1', 'before-2', ...batch.slice(0, cut.seq - 2).map((i) => i.id)].sort();
  expect(cut.ids).toEqual(expected);

  await after.goto(`${hub.url}/?config=default`);
  await expect(after.getByRole('button', { name: /办事指南与收费标准\s*4002 条/ })).toBeVisible({ timeout: 30_000 });
  const done = await deviceState(after);
  expect(done.seq).toBe(4002);
  expect(done.ids).toHaveLength(4002);
});
