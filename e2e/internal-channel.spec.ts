/**
 * 内外有别 (工作制度 二; issue 10): internal items are read only by enrolled internal
 * devices. Not over plain HTTP, not by a public kiosk, and not by an internal kiosk
 * once it has been revoked, for anything published after.
 */
import { office, TestDevice } from './support/device.ts';
import { disclosure } from './support/feed.ts';
import { expect, syncFromDiagnostics, test } from './support/fixtures.ts';

const secret = (id: string, title: string) =>
  disclosure(id, { title, channel: 'internal', category: 'personnel', bodyHtml: '<p>张某某,1975年3月出生,拟任科长。</p>' });

test('an internal item is unreadable over plain HTTP and by a public kiosk, and carries no phone QR on the internal one', async ({
  page,
  browser,
  feed,
  hub,
}) => {
  await feed.publish([disclosure('fee', { title: '城区停车收费标准' }), secret('staff-1', '干部任用情况(内部)')]);

  // A stranger with HTTP: the public feed has no trace of it, the internal feed wants an identity.
  expect((await fetch(`${hub.url}/feed/items/staff-1.json`)).status).toBe(404);
  const head = JSON.parse(JSON.parse(await (await fetch(`${hub.url}/feed/head.json`)).text()).payload);
  for (const ref of head.pages as { href: string }[]) {
    const text = await (await fetch(`${hub.url}/feed/${ref.href}`)).text();
    expect(text).toContain('城区停车收费标准');
    expect(text).not.toContain('干部任用');
    expect(text).not.toContain('1975');
  }
  for (const path of ['head.json', 'items/staff-1.json', 'internal/head.json'])
    expect((await fetch(`${hub.url}/feed-internal/${path}`)).status, path).toBe(401);
  expect((await fetch(`${hub.url}/feed/internal/head.json`)).status).toBe(404);

  // A public kiosk, enrolled for the public channel: no session for the internal feed.
  const kiosk = await TestDevice.create();
  hub.app.devices.claim({ device: kiosk.id, publicKey: kiosk.publicKey, code: kiosk.code, config: 'default' }, new Date());
  expect((await office(hub.dataDir, 'device', 'approve', kiosk.code, '--name', '大厅触摸屏', '--place', '一楼大厅')).code).toBe(0);
  const session = await fetch(`${hub.url}/api/devices/v1/session`, {
    method: 'POST',
    headers: await kiosk.headers('POST', '/api/devices/v1/session'),
  });
  expect(session.status).toBe(403);
  expect((await session.json()).message).toContain('未获准查看对内公开内容');

  // The public kiosk in a browser shows the public item only.
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /城区停车收费标准/ })).toBeVisible();
  await expect(page.getByText('干部任用情况(内部)')).toHaveCount(0);

  // The office's internal kiosk (another machine: its own browser profile) reads it, without a QR to a phone page.
  const inner = await (await browser.newContext()).newPage();
  await inner.goto(`${hub.url}/?config=office`);
  await inner.getByRole('button', { name: '干部任用情况(内部)' }).click();
  await expect(inner.getByText('张某某,1975年3月出生,拟任科长。')).toBeVisible();
  await expect(inner.getByText('扫码在手机上查看')).toHaveCount(0);
  await inner.goBack();
  await inner.getByRole('button', { name: /城区停车收费标准/ }).click();
  await expect(inner.getByText('扫码在手机上查看')).toBeVisible();
  await inner.context().close();
});

test('an internal kiosk revoked at T cannot read what is published after T', async ({ page, feed, hub }) => {
  await feed.publish([secret('staff-1', '干部任用情况(一)')]);
  await page.goto(`${hub.url}/?config=office`);
  await expect(page.getByRole('button', { name: '干部任用情况(一)' })).toBeVisible();
  const list = await office(hub.dataDir, 'device', 'list');
  const id = list.out
    .split('\n')
    .find((l) => l.includes('内部屏'))!
    .split(/\s+/)[0]!;
  expect((await office(hub.dataDir, 'device', 'revoke', id, '--reason', '设备丢失')).code).toBe(0);

  await feed.publish([secret('staff-2', '干部任用情况(二)')]);
  // Its session cookie is refused from the moment of revocation, and no new one is given.
  const direct = await page.evaluate(async () => [
    (await fetch('/feed-internal/items/staff-2.json')).status,
    (await fetch('/feed-internal/head.json')).status,
  ]);
  expect(direct).toEqual([403, 403]);
  await syncFromDiagnostics(page);
  await expect(page.getByTestId('diag-log')).toContainText('HTTP 403');
  await expect(page.getByTestId('device-identity').getByRole('alert')).toContainText('本设备已被停用');
  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('button', { name: '干部任用情况(一)' })).toBeVisible();
  await expect(page.getByText('干部任用情况(二)')).toHaveCount(0);
  // An enrolled internal device still reads it: the item is there, just not for the revoked one.
  const other = await TestDevice.create();
  hub.app.devices.claim({ device: other.id, publicKey: other.publicKey, code: other.code, config: 'office' }, new Date());
  await office(
    hub.dataDir,
    'device',
    'approve',
    other.code,
    '--name',
    '新内部屏',
    '--place',
    '县政务公开办',
    '--channels',
    'public,internal',
  );
  const res = await fetch(`${hub.url}/api/devices/v1/session`, {
    method: 'POST',
    headers: await other.headers('POST', '/api/devices/v1/session'),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const item = await fetch(`${hub.url}/feed-internal/items/staff-2.json`, { headers: { cookie } });
  expect(item.status).toBe(200);
  expect(await item.text()).toContain('干部任用情况(二)');
});
