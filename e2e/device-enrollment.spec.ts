/**
 * Devices with identities (issue 10), as IT meets them: a kiosk opened on a production
 * hub shows its claim code and waits; `npm run office -- device approve CODE` lets it in;
 * `device revoke` shuts its uploads out, and its diagnostics screen says so. The demo
 * (`npm start`) approves its own machine's devices and says so in its log.
 */

import { boardConfig, china, passTimeUntil, watchSlides } from './support/board.ts';
import { office } from './support/device.ts';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { startHub } from './support/hub.ts';
import { spawnHub } from './support/hub-process.ts';
import { axeViolations } from './support/kiosk.ts';
import { officeCookie } from './support/office.ts';
import { decodeQrFromPng } from './support/qr.ts';

test('a kiosk on a production hub waits on its claim code until IT approves it on the command line', async ({ page, feed }) => {
  await feed.publish([disclosure('d-fee', { title: '城区停车收费标准' })]);
  const hub = await startHub(feed, {}, { autoApprove: false });
  try {
    await page.goto(`${hub.url}/?config=office`);
    await expect(page.getByRole('heading', { name: '本设备尚未登记' })).toBeVisible();
    const code = (await page.getByTestId('claim-code').textContent())!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    // The QR says the same code, for IT's phone.
    const qr = page.getByRole('img', { name: '认领码二维码' });
    await expect(qr).toBeVisible();
    expect(decodeQrFromPng(await qr.screenshot())).toBe(code);
    await expect(page.getByText(`npm run office -- device approve ${code}`)).toBeVisible();
    await expect(page.getByText('--channels public,internal')).toBeVisible();
    await expect(page.getByRole('status')).toContainText('正在等待批准');
    expect(await axeViolations(page)).toEqual([]);
    // Nothing of the feed yet, and the private key cannot be read out of the browser.
    await expect(page.getByRole('heading', { name: '公开目录' })).toHaveCount(0);
    const key = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok) => {
        const r = indexedDB.open('zwgk');
        r.onsuccess = () => ok(r.result);
      });
      const rec = await new Promise<{ privateKey: CryptoKey }>((ok) => {
        const r = db.transaction('identity').objectStore('identity').get('self');
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      const exported = await crypto.subtle.exportKey('pkcs8', rec.privateKey).then(
        () => 'exported',
        (e: Error) => e.name,
      );
      return { type: rec.privateKey.type, algorithm: rec.privateKey.algorithm.name, extractable: rec.privateKey.extractable, exported };
    });
    expect(key).toEqual({ type: 'private', algorithm: 'Ed25519', extractable: false, exported: 'InvalidAccessError' });

    // IT lists the claim and approves it by its code.
    const listed = await office(hub.dataDir, 'device', 'list');
    expect(listed.out).toContain(code);
    expect(listed.out).toContain('待批准');
    const approved = await office(
      hub.dataDir,
      'device',
      'approve',
      code,
      '--name',
      '政务公开办-内部公开屏',
      '--place',
      '县政务公开办 203 室',
      '--channels',
      'public,internal',
    );
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('已批准');

    // Within a few seconds the kiosk starts by itself, and stays enrolled after a reload.
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '本设备尚未登记' })).toHaveCount(0);
    await page.getByRole('button', { name: '设备信息' }).click();
    const identity = page.getByTestId('device-identity');
    await expect(identity).toContainText('已登记');
    await expect(identity).toContainText('县政务公开办 203 室');
    await expect(identity).toContainText('对内公开');
  } finally {
    await hub.close();
  }
});

test('a revoked board’s uploads are refused, and its diagnostics screen says so in Chinese', async ({ page, feed, hub }) => {
  await boardConfig(hub, { uploadSeconds: 30 });
  await feed.publish([disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' })]);
  hub.setClock(china('2026-12-01T09:49:00'));
  await page.clock.install({ time: china('2026-12-01T09:50:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  const replies: number[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/display/v1/entries')) replies.push(r.status());
  });
  await watchSlides(page, 2);
  await passTimeUntil(page, () => replies.at(-1) === 200, { step: 5_000, max: 120_000 });

  const list = await office(hub.dataDir, 'device', 'list');
  const id = list.out
    .split('\n')
    .find((l) => l.includes('测试公开栏'))!
    .split(/\s+/)[0]!;
  const revoked = await office(hub.dataDir, 'device', 'revoke', id, '--reason', '设备被盗');
  expect(revoked.code).toBe(0);
  expect(revoked.out).toContain('已停用');

  // The next round is refused: nothing more is stored for it.
  const held = (await (await fetch(`${hub.url}/api/display/v1/boards/${id}/entries`, { headers: { cookie: officeCookie(hub) } })).json())
    .entries.length;
  await passTimeUntil(page, () => replies.at(-1) === 403, { step: 5_000, max: 120_000 });
  expect(
    (await (await fetch(`${hub.url}/api/display/v1/boards/${id}/entries`, { headers: { cookie: officeCookie(hub) } })).json()).entries
      .length,
  ).toBe(held);

  await page.clock.resume();
  await page.goto(`${hub.url}/k/diagnostics`);
  const identity = page.getByTestId('device-identity');
  await expect(identity.getByRole('alert')).toContainText('本设备已被停用(吊销)');
  await expect(identity).toContainText('中心不再接受本设备的上报');
  await expect(page.getByText('展示记录上报被中心拒收:本设备已被停用').first()).toBeVisible();
});

test('npm start approves a device opened on its own machine by itself, and says so in its log', async ({ page }) => {
  const hub = await spawnHub();
  try {
    await page.goto(`${hub.url}/?config=default`);
    await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
    expect(hub.output()).toContain('演示模式:从本机打开的触摸屏和公开栏会被自动批准登记');
    await expect.poll(() => hub.output()).toContain('演示模式:已自动批准本机设备');
    const list = await office(hub.dataDir, 'device', 'list');
    expect(list.out).toContain('本机(演示)');
  } finally {
    await hub.kill();
  }
});

test('a stranger with nothing but HTTP cannot change the compliance report', async ({ page, feed, hub }) => {
  await boardConfig(hub, { uploadSeconds: 30 });
  await feed.publish([disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' })]);
  hub.setClock(china('2026-12-01T09:49:00'));
  await page.clock.install({ time: china('2026-12-01T09:50:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  await watchSlides(page, 2);
  await page.clock.runFor(35_000);
  await expect
    .poll(
      async () =>
        (await (await fetch(`${hub.url}/api/display/v1/boards`, { headers: { cookie: officeCookie(hub) } })).json()).boards.length,
    )
    .toBe(1);
  const board = (await (await fetch(`${hub.url}/api/display/v1/boards`, { headers: { cookie: officeCookie(hub) } })).json()).boards[0];
  const before = await (
    await fetch(`${hub.url}/api/display/v1/compliance?date=2026-12-02`, { headers: { cookie: officeCookie(hub) } })
  ).json();

  // The forgeries of issue 10, as plain requests: made-up and real device ids, a rename, entries from the future.
  const entry = {
    v: 1,
    device: board.device,
    seq: 99,
    item: 'd-a',
    rev: 1,
    from: '2026-12-20T01:00:00.000Z',
    to: '2026-12-20T01:10:00.000Z',
    shows: 40,
    seconds: 600,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
  for (const body of [
    { v: 1, device: 'made-up-board-0001', config: 'board', name: '假公开栏', channels: ['public'], entries: [] },
    { v: 1, device: board.device, config: 'board', name: '(已拆除)', channels: ['internal'], entries: [] },
    { v: 1, device: board.device, entries: [entry], sig: 'A'.repeat(86) },
  ]) {
    const res = await fetch(`${hub.url}/api/display/v1/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zwgk-device': board.device },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
  }
  const after = await (
    await fetch(`${hub.url}/api/display/v1/compliance?date=2026-12-02`, { headers: { cookie: officeCookie(hub) } })
  ).json();
  expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
  expect(
    (await (await fetch(`${hub.url}/api/display/v1/boards`, { headers: { cookie: officeCookie(hub) } })).json()).boards[0],
  ).toMatchObject({
    name: '测试公开栏',
    channels: ['public'],
  });
});
