/**
 * A citizen sends from a phone without network and closes the tab: the
 * service worker delivers the sealed submission when the browser fires
 * Background Sync, with no page open. (The sync event is fired through the
 * DevTools protocol, as Chromium would on reconnect.)
 */

import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { confirmAndSend, fillInquiry, openInbox } from './support/forms.ts';

test('with the tab closed, the service worker delivers the outbox on a Background Sync event', async ({ browser, hub }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const p = await phone.newPage();
  await p.goto(`${hub.url}/m/inquiry`);
  await serviceWorkerActive(p);
  await phone.setOffline(true);
  await fillInquiry(p, '后台同步:关了页面也能送到吗?');
  const code = await confirmAndSend(p);
  await expect(p.getByTestId('delivery-state')).toContainText('已加密保存在本机');
  const cdp = await phone.newCDPSession(p);
  await cdp.send('ServiceWorker.enable');
  const registration = await new Promise<string>((ok) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL.startsWith(hub.url));
      if (r) ok(r.registrationId);
    });
  });
  // The last tab of the site closes; the phone comes back online.
  const keep = await phone.newPage();
  await p.close();
  await phone.setOffline(false);
  expect((await openInbox(hub)).length).toBe(0);
  const worker = await keep.context().newCDPSession(keep);
  await worker.send('ServiceWorker.enable');
  await worker.send('ServiceWorker.dispatchSyncEvent', {
    origin: hub.url,
    registrationId: registration,
    tag: 'zwgk-outbox',
    lastChance: false,
  });
  await expect.poll(async () => (await openInbox(hub)).map((o) => o.submission.trackingCode), { timeout: 15_000 }).toEqual([code]);
  const [opened] = await openInbox(hub);
  expect(opened!.content).toMatchObject({ question: '后台同步:关了页面也能送到吗?' });
  await phone.close();
});
