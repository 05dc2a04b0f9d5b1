/** Where Chromium is: CHROMIUM_PATH, Debian's, or Playwright's own (a laptop after `npx playwright install chromium`). */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright's browser is not installed.
  }
  return undefined;
}

/** Flags for this closed network: no background calls home, no QUIC, no sandbox as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
