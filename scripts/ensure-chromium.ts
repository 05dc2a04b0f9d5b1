/**
 * Finds a Chromium for the end-to-end tests: CHROMIUM_PATH, then Debian's
 * /usr/bin/chromium, then Playwright's own. If none, installs one (Debian's
 * package as root, else Playwright's download) or stops with one instruction.
 */
import { execSync } from 'node:child_process';
import { chromiumPath } from '../e2e/support/chromium.ts';

if (chromiumPath()) process.exit(0);
const isRoot = process.getuid?.() === 0;
try {
  if (isRoot && execSync('command -v apt-get || true').toString().trim()) {
    console.log('Chromium not found: installing Debian chromium and fonts-noto-cjk…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', { stdio: 'inherit' });
  } else {
    console.log('Chromium not found: running npx playwright install chromium…');
    execSync('npx playwright install chromium', { stdio: 'inherit' });
  }
} catch {
  // Reported below.
}
if (!chromiumPath()) {
  console.error(
    'No Chromium: run `sudo apt-get install chromium fonts-noto-cjk` or `npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
  process.exit(1);
}
