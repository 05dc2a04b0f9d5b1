/**
 * A public screen keeps no one's secrets (DESIGN principle 3): after a
 * submission, after an idle timeout and after a handoff to a phone, the typed
 * text and the name are nowhere the browser keeps data for the site — the DOM
 * with its form values, every IndexedDB store (the sealed submission is there,
 * as ciphertext), Cache Storage, localStorage, sessionStorage — nor in the
 * console.
 */

import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { confirmAndSend, fillComplaint, findTraces, intakeFeedItems, outboxCount } from './support/forms.ts';
import { startHub } from './support/hub.ts';

const stamp = () => Math.random().toString(36).slice(2, 8);

test('no trace of what was typed after submitting, after the idle timeout, and after a handoff', async ({ page, context, feed }) => {
  test.setTimeout(120_000);
  await feed.publish(intakeFeedItems());
  // idleSeconds 15: the shortest the config allows.
  const hub = await startHub(feed, { idle: { v: 1, name: '无痕测试触摸屏', mode: 'kiosk', pollSeconds: 5, idleSeconds: 15 } });
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  try {
    await page.goto(`${hub.url}/?config=idle`);
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    await serviceWorkerActive(page);

    // 1. Submitted while offline: the sealed submission waits in IndexedDB.
    const one = { what: `无痕测试甲${stamp()}:窗口工作人员索要好处`, name: `欧阳${stamp()}` };
    await context.setOffline(true);
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await fillComplaint(page, { what: one.what, name: one.name, phone: '13600001234' });
    await confirmAndSend(page);
    expect(await outboxCount(page)).toBe(1);
    expect(await findTraces(page, [one.what, one.name, '13600001234'])).toEqual([]);
    await page.getByRole('button', { name: '完成' }).click();
    expect(await findTraces(page, [one.what, one.name, '13600001234'])).toEqual([]);
    await context.setOffline(false);
    await expect.poll(() => outboxCount(page), { timeout: 20_000 }).toBe(0);

    // 2. Walked away mid-form: the idle timeout (after its countdown) wipes it and shows the attract screen.
    const two = { what: `无痕测试乙${stamp()}:没填完就走了`, name: `司马${stamp()}` };
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await fillComplaint(page, { what: two.what, name: two.name });
    expect((await findTraces(page, [two.what])).length).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: /请轻触屏幕开始/ })).toBeVisible({ timeout: 35_000 });
    expect(await findTraces(page, [two.what, two.name])).toEqual([]);
    await page.getByRole('button', { name: /请轻触屏幕开始/ }).click();
    // Back in the form, nothing of it comes back.
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await expect(page.getByLabel('事情经过')).toHaveValue('');

    // 3. Moved to a phone: the kiosk forgets it at once; only the QR code holds it.
    const three = { what: `无痕测试丙${stamp()}:到手机上继续写`, name: `诸葛${stamp()}` };
    await fillComplaint(page, { what: three.what, name: three.name });
    await page.getByRole('button', { name: '在手机上继续' }).click();
    await expect(page.getByTestId('handoff-qr')).toBeVisible();
    expect(await findTraces(page, [three.what, three.name])).toEqual([]);
    await page.getByRole('button', { name: '完成' }).click();
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    expect(await findTraces(page, [three.what, three.name])).toEqual([]);

    for (const secret of [one.what, one.name, two.what, two.name, three.what, three.name])
      expect(console.filter((l) => l.includes(secret))).toEqual([]);
  } finally {
    await hub.close();
  }
});
