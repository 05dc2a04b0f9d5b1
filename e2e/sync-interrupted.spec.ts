/**
 * A batch and its cursor are applied in one IndexedDB transaction: a page
 * closed mid-apply (a power cut, a crash) leaves the previous state intact,
 * and the next start picks up from there. Real IndexedDB in Chromium.
 */

import { disclosure } from './support/feed.ts';
import { deviceState, expect, test } from './support/fixtures.ts';

test('closing the page in the middle of applying a big batch leaves the previous state, and the next visit completes it', async ({
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

  // A batch big enough that applying it takes a while.
  const batch = Array.from({ length: 4000 }, (_, i) =>
    disclosure(`bulk-${String(i).padStart(4, '0')}`, { title: `批量事项 ${i}`, bodyHtml: `<p>${'公开内容'.repeat(60)}</p>` }),
  );
  for (let i = 0; i < batch.length; i += 1000) await feed.publish(batch.slice(i, i + 1000));

  const victim = await context.newPage();
  let applying = false;
  // The engine announces the transaction just before it opens; close the page as soon as we hear it.
  await victim.exposeFunction('__applyStarted', () => {
    applying = true;
    void victim.close();
  });
  await victim.addInitScript(() =>
    addEventListener('zwgk:apply', () => void (window as unknown as { __applyStarted(): void }).__applyStarted()),
  );
  await victim.goto(`${hub.url}/?config=default`);
  await expect.poll(() => victim.isClosed(), { timeout: 30_000 }).toBe(true);
  expect(applying).toBe(true);

  const after = await context.newPage();
  // Read the stored state before the app starts a new sync: a blank page of the same origin.
  await after.goto(`${hub.url}/icon.svg`);
  expect(await deviceState(after)).toEqual({ seq: 2, ids: ['before-1', 'before-2'] });

  await after.goto(`${hub.url}/?config=default`);
  await expect(after.getByRole('button', { name: /办事指南与收费标准\s*4002 条/ })).toBeVisible({ timeout: 30_000 });
  const done = await deviceState(after);
  expect(done.seq).toBe(4002);
  expect(done.ids).toHaveLength(4002);
});
