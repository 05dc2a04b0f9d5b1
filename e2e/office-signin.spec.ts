/**
 * People and sign-in (issue 11, item 1): a person enrolls a passkey from a one-time link
 * and signs in with it; a used or unknown link, a disabled person and an idle session are
 * refused in Chinese; every office route answers a stranger 401 and a wrong role 403.
 */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { ROOT, startHub } from './support/hub.ts';
import { enrollPerson, officeContext, officeUrl, signIn } from './support/office.ts';

test('enroll from a link, sign out, sign in again; the link works once only', async ({ browser, hub }) => {
  const { person, token } = hub.app.people.add({ name: '张晓明', roles: ['prereview'], department: '县政务公开办' });
  const { context, page } = await officeContext(browser);
  await page.goto(`${officeUrl(hub)}/office/enroll#${token}`);
  await expect(page.getByText('张晓明(县政务公开办),您的角色:预审小组')).toBeVisible();
  await page.getByRole('button', { name: '登记通行密钥' }).click();
  await expect(page.getByRole('status')).toContainText('登记成功');
  await page.getByRole('button', { name: '进入工作台' }).click();
  await expect(page.getByRole('heading', { name: '您好,张晓明' })).toBeVisible();
  // The cookie cannot be read by scripts and stays on this site.
  const cookie = (await context.cookies()).find((c) => c.name === 'zwgk_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '使用通行密钥登录' })).toBeVisible();
  expect((await page.request.get(`${officeUrl(hub)}/api/office/v1/me`)).status()).toBe(401);
  await signIn(page, hub);
  expect(hub.app.audit.list({ subject: `person:${person.id}` }).map((e) => e.action)).toEqual(['person.signin', 'person.enroll']);

  // The link was used: a second browser cannot enroll with it.
  const other = await officeContext(browser);
  await other.page.goto(`${officeUrl(hub)}/office/enroll#${token}`);
  await expect(other.page.getByRole('alert')).toHaveText('这个登记链接已经用过了,每个链接只能用一次;请向管理员重新索取');
  await other.page.goto(`${officeUrl(hub)}/office/enroll#not-a-real-token`);
  await other.page.reload();
  await expect(other.page.getByRole('alert')).toHaveText('登记链接无效,请向管理员重新索取');
  await other.context.close();
  await context.close();
});

test('a passkey nobody enrolled, or a disabled person, cannot sign in', async ({ browser, hub }) => {
  const admin = await enrollPerson(browser, hub, { name: '王管理', roles: ['admin'] });
  const clerk = await enrollPerson(browser, hub, { name: '刘起草', roles: ['drafter'], department: '县交通运输局' });
  const stranger = await officeContext(browser);
  await stranger.page.goto(`${officeUrl(hub)}/office/signin`);
  await stranger.page.getByRole('button', { name: '使用通行密钥登录' }).click();
  await expect(stranger.page.getByRole('alert')).toBeVisible();
  expect((await stranger.page.request.get(`${officeUrl(hub)}/api/office/v1/me`)).status()).toBe(401);

  // The admin disables the clerk on the people page: the clerk's session ends at once.
  await admin.page.goto(`${officeUrl(hub)}/office/people`);
  await admin.page.getByRole('button', { name: '停用 刘起草' }).click();
  await expect(admin.page.getByRole('status')).toHaveText('已停用 刘起草');
  expect((await clerk.page.request.get(`${officeUrl(hub)}/api/office/v1/me`)).status()).toBe(401);
  await clerk.page.goto(`${officeUrl(hub)}/office/signin`);
  await clerk.page.getByRole('button', { name: '使用通行密钥登录' }).click();
  await expect(clerk.page.getByRole('alert')).toHaveText('该账号已停用,请联系管理员');
  for (const p of [admin, clerk]) await p.context.close();
  await stranger.context.close();
});

test('an idle session ends: the next page asks to sign in again', async ({ browser, feed }) => {
  await feed.publish([disclosure('x')]);
  const hub = await startHub(feed);
  try {
    const p = await enrollPerson(browser, hub, { name: '赵审议', roles: ['deliberation'] });
    await p.page.getByRole('button', { name: '进入工作台' }).click();
    await expect(p.page.getByRole('heading', { name: '您好,赵审议' })).toBeVisible();
    // Half an hour passes on the hub's clock with nothing done.
    hub.setClock(new Date(Date.now() + 31 * 60_000));
    await p.page.reload();
    await expect(p.page.getByRole('button', { name: '使用通行密钥登录' })).toBeVisible();
    await p.context.close();
  } finally {
    await hub.close();
  }
});

test('every office route: a stranger gets 401, a signed-in person without the role 403, in Chinese', async ({ browser, hub }) => {
  const drafter = await enrollPerson(browser, hub, { name: '孙起草', roles: ['drafter'], department: '县医疗保障局' });
  const routes = hub.app.declaredRoutes().filter((r) => r.url.startsWith('/api/office/') && r.method !== 'HEAD');
  expect(routes.length).toBeGreaterThan(5);
  const path = (url: string) => url.replace(/:(\w+)/g, 'x-$1').replace(/\*$/, 'x');
  const request = (ctx: typeof drafter.context.request | undefined, method: string, url: string) => {
    const full = `${officeUrl(hub)}${path(url)}`;
    const api = ctx ?? drafter.page.context().request;
    return method === 'GET' ? api.get(full) : api.fetch(full, { method, data: {}, headers: { origin: officeUrl(hub) } });
  };
  for (const r of routes) {
    const anonymous = await fetch(`${hub.url}${path(r.url)}`, {
      method: r.method,
      ...(r.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
    });
    expect(anonymous.status, `${r.method} ${r.url} as a stranger`).toBe(401);
    expect(((await anonymous.json()) as { message: string }).message).toBe('请先登录');
    const needs = r.access?.who === 'person' ? r.access.roles : [];
    if (needs.length > 0 && !needs.includes('drafter')) {
      const wrong = await request(undefined, r.method, r.url);
      expect(wrong.status(), `${r.method} ${r.url} as a drafter`).toBe(403);
      expect(((await wrong.json()) as { message: string }).message).toMatch(/无权/);
    }
  }
  // A form posted from another site does not pass, even with the cookie.
  const cross = await drafter.context.request.post(`${officeUrl(hub)}/api/office/v1/people`, {
    data: { name: 'x', roles: ['admin'] },
    headers: { origin: 'https://evil.example' },
  });
  expect(cross.status()).toBe(403);
  await drafter.context.close();
});

test('the CLI adds a person and prints a link that enrolls them', async ({ browser, hub }) => {
  const run = promisify(execFile);
  const r = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'hub/office/cli.ts',
      'user',
      'add',
      '--name',
      '周签发',
      '--role',
      'signoff',
      '--role',
      '审议小组',
      '--data',
      hub.dataDir,
      '--base',
      officeUrl(hub),
    ],
    { cwd: ROOT },
  );
  expect(r.stdout).toContain('已添加 周签发');
  expect(r.stdout).toContain('分管领导、审议小组');
  const link = r.stdout.split('\n').find((l) => l.includes('/office/enroll#'))!;
  const { context, page } = await officeContext(browser);
  await page.goto(link.trim());
  await page.getByRole('button', { name: '登记通行密钥' }).click();
  await expect(page.getByRole('status')).toContainText('登记成功');
  const list = await run(process.execPath, ['--import', 'tsx', 'hub/office/cli.ts', 'user', 'list', '--data', hub.dataDir], { cwd: ROOT });
  expect(list.stdout).toMatch(/周签发 {2}分管领导、审议小组 {2}通行密钥 1 个/);
  const bad = await run(
    process.execPath,
    ['--import', 'tsx', 'hub/office/cli.ts', 'user', 'add', '--name', '某', '--role', '局长', '--data', hub.dataDir],
    {
      cwd: ROOT,
    },
  ).catch((e: { stderr: string; code: number }) => e);
  expect('code' in bad ? bad.code : 0).toBe(1);
  expect('stderr' in bad ? bad.stderr : '').toContain('未知的角色:局长');
  await context.close();
});

test('the admin adds a person on the people page and gets their link; the pages are axe-clean; screenshots', async ({ browser, hub }) => {
  const admin = await enrollPerson(browser, hub, { name: '王管理', roles: ['admin', 'it'] });
  const page = admin.page;
  await page.goto(`${officeUrl(hub)}/office/people`);
  await expect(page.getByRole('heading', { name: '人员与角色' })).toBeVisible();
  await page.getByLabel('姓名').fill('李预审');
  await page.getByLabel('部门(起草人须填写)').fill('县政务公开预审小组');
  await page.getByRole('checkbox', { name: '预审小组' }).first().check();
  await page.getByRole('button', { name: '添加并生成登记链接' }).click();
  await expect(page.getByRole('status')).toHaveText('已添加 李预审');
  await expect(page.getByRole('region', { name: '一次性登记链接' })).toContainText('/office/enroll#');
  await expect(page.getByRole('row', { name: /李预审/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()).violations).toEqual([]);
  await page.screenshot({ path: 'docs/screenshots/office-people.png', fullPage: true });

  await page.goto(`${officeUrl(hub)}/office/audit`);
  await expect(page.getByRole('cell', { name: 'person.add' })).toBeVisible();
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()).violations).toEqual([]);

  const fresh = await officeContext(browser);
  await fresh.page.goto(`${officeUrl(hub)}/office/signin`);
  await expect(fresh.page.getByRole('button', { name: '使用通行密钥登录' })).toBeVisible();
  expect((await new AxeBuilder({ page: fresh.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()).violations).toEqual([]);
  await fresh.page.screenshot({ path: 'docs/screenshots/office-signin.png' });
  // Keyboard: Tab reaches the button, Enter signs in (the stranger has no passkey: the reason shows).
  await fresh.page.keyboard.press('Tab');
  await expect(fresh.page.getByRole('button', { name: '使用通行密钥登录' })).toBeFocused();
  await fresh.context.close();
  await admin.context.close();
});
