/**
 * Office people in tests: each person gets their own browser context with their own
 * Chromium virtual authenticator (CDP WebAuthn: a passkey with user verification), is
 * added through the same store the CLI uses, enrolls from their one-time link and signs in.
 * The workspace is opened at localhost: passkeys never work on an IP address.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { SigningKey } from '../../hub/keys.ts';
import type { Role } from '../../src/contract/roles.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import { expect } from './fixtures.ts';
import type { TestHub } from './hub.ts';

export const officeUrl = (hub: { url: string }) => hub.url.replace('127.0.0.1', 'localhost');

export interface OfficePerson {
  id: string;
  name: string;
  context: BrowserContext;
  page: Page;
}

/** A browser context with a platform passkey authenticator, as an office PC with Windows Hello would have. */
export async function officeContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { context, page };
}

/** Adds a person (as `npm run office -- user add` does), enrolls their passkey from the link, and leaves them signed in. */
export async function enrollPerson(
  browser: Browser,
  hub: TestHub,
  p: { name: string; roles: Role[]; department?: string },
): Promise<OfficePerson> {
  const { person, token } = hub.app.people.add(p);
  const { context, page } = await officeContext(browser);
  await page.goto(`${officeUrl(hub)}/office/enroll#${token}`);
  await expect(page.getByText(`${p.name}`).first()).toBeVisible();
  await page.getByRole('button', { name: '登记通行密钥' }).click();
  await expect(page.getByRole('status')).toContainText('登记成功');
  return { id: person.id, name: person.name, context, page };
}

/** Signs in with the passkey already in this person's authenticator. */
export async function signIn(page: Page, hub: TestHub): Promise<void> {
  await page.goto(`${officeUrl(hub)}/office/signin`);
  await page.getByRole('button', { name: '使用通行密钥登录' }).click();
  await expect(page.getByRole('heading', { name: /您好/ })).toBeVisible();
}

/** A real session (the same store sign-in uses) for a person with `roles`, as a cookie header, for API checks in tests. */
export function officeCookie(hub: TestHub, roles: Role[] = ['it']): string {
  const { person } = hub.app.people.add({ name: '测试人员', roles });
  return `zwgk_session=${hub.app.people.openSession(person.id)}`;
}

/**
 * A new roster, the way an office makes one (docs/keys.md): the admin exports the draft from the
 * workspace, the root key signs it on the offline PC, the admin imports the signed file. Returns its serial.
 */
export async function signNewRoster(hub: TestHub, root: SigningKey): Promise<number> {
  const cookie = officeCookie(hub, ['admin']);
  const base = officeUrl(hub);
  const draft = (await (await fetch(`${base}/api/office/v1/roster/draft`, { headers: { cookie } })).json()) as Record<string, unknown>;
  return importRoster(hub, await signEnvelope({ ...draft, issued: new Date().toISOString() }, root.id, root.privateKey));
}

/** The admin imports a signed roster into the hub (POST /api/office/v1/roster). Returns its serial. */
export async function importRoster(hub: TestHub, signed: unknown): Promise<number> {
  const cookie = officeCookie(hub, ['admin']);
  const base = officeUrl(hub);
  const res = await fetch(`${base}/api/office/v1/roster`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(signed),
  });
  const body = (await res.json()) as { serial: number; message?: string };
  if (res.status !== 200) throw new Error(`roster import refused: ${body.message}`);
  return body.serial;
}
