/**
 * Browser hardening (issue 10): every page is served with a strict CSP and the other
 * security headers; a violation is reported to the hub, which every test hub checks
 * for at the end of each test (e2e/support/hub.ts), so the whole suite runs with none.
 */
import { expect, test } from './support/fixtures.ts';

test('every kind of page carries a strict CSP, no referrer, nosniff and a narrow Permissions-Policy', async ({ hub, feed }) => {
  await feed.publish([]);
  for (const path of ['/', '/board', '/m/item/x', '/k/diagnostics', '/k/complaint', '/office/compliance', '/feed/head.json']) {
    const r = await fetch(`${hub.url}${path}`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp, path).toContain("script-src 'self'");
    expect(csp, path).not.toContain('unsafe-inline');
    expect(csp, path).not.toContain('unsafe-eval');
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
    expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(r.headers.get('permissions-policy'), path).toContain('camera=()');
  }
});

test('an inline script is blocked in the running app and the violation reaches the hub', async ({ page, hub, feed }) => {
  await feed.publish([]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: '设备信息' })).toBeVisible();
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { injected?: boolean };
    // An inline script runs as it is inserted, if it runs at all; the browser reports the refusal.
    const refused = new Promise((r) => document.addEventListener('securitypolicyviolation', r, { once: true }));
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
    await refused;
    return w.injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => hub.app.cspReports.count).toBeGreaterThan(0);
  expect(hub.app.cspReports.last[0]).toMatch(/script-src/);
  // This test caused the violation on purpose: the end-of-test check is for the app's own.
  hub.app.cspReports.count = 0;
});
