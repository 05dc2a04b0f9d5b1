/**
 * A real hub for one test: the production build (dist/), a feed the test
 * controls, device configs with short polls, on a free port over HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHub, type HubOptions } from '../../hub/server.ts';
import type { DeviceConfigInput } from '../../src/contract/config.ts';
import type { TestFeed } from './feed.ts';
import { makeTestIntake, type TestIntake } from './intake.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface TestHub {
  url: string;
  dataDir: string;
  app: FastifyInstance;
  configDir: string;
  /** Complaints and inquiries: the office's private keys and the config block the hub serves. */
  intake: TestIntake;
  /**
   * The hub's clock for devices and proof of display: set it beside the page's fake clock
   * when a test's entries are dated in the past (a board is enrolled before it shows
   * anything, and entries after the hub's "now" are refused). Unset: real time.
   */
  setClock(at: Date | undefined): void;
  close(): Promise<void>;
}

const base: DeviceConfigInput = { v: 1, name: '测试触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 5, hotline: '53034645' };

export async function startHub(
  feed: TestFeed,
  configs: Record<string, unknown> = {},
  o: {
    intakeLimits?: TestIntake['options']['limits'];
    distDir?: string;
    /** Devices opened from this machine are approved at once, as in the demo (default). Enrollment tests turn it off. */
    autoApprove?: boolean;
    /** Office sign-in: session limits (a short idle timeout in its test). */
    people?: HubOptions['people'];
    /** The office's cases (hub/cases/); by default answers are published with the feed's key. */
    cases?: HubOptions['cases'];
    /** The office's roster root keys: the workflow then asks for people's own signatures (hub/people/roster.ts). */
    roster?: HubOptions['roster'];
  } = {},
): Promise<TestHub> {
  let clock: Date | undefined;
  const configDir = await mkdtemp(join(tmpdir(), 'zwgk-config-'));
  const all: Record<string, unknown> = {
    default: base,
    office: { ...base, name: '内部屏', channels: ['public', 'internal'], feed: '/feed-internal/' },
    ...configs,
  };
  for (const [name, body] of Object.entries(all))
    await writeFile(join(configDir, `${name}.json`), typeof body === 'string' ? body : JSON.stringify(body));
  const dataDir = await mkdtemp(join(tmpdir(), 'zwgk-data-'));
  const intake = await makeTestIntake(feed.key, o.intakeLimits);
  const app = await buildHub({
    distDir: o.distDir ?? join(ROOT, 'dist'),
    feedDir: feed.dir,
    configDir,
    trustedKeys: [feed.key.trusted],
    dataDir,
    intake: intake.options,
    autoApproveLoopback: o.autoApprove ?? true,
    now: () => clock ?? new Date(),
    ...(o.people ? { people: o.people } : {}),
    ...(o.roster ? { roster: o.roster } : {}),
    // The office publishes approved answers with the feed's key, as the development hub does (hub/cases/).
    cases: o.cases ?? { signingKey: feed.key },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    app,
    configDir,
    intake,
    setClock(at) {
      clock = at;
    },
    async close() {
      // The app runs under a strict CSP (hub/security-headers.ts): any violation any page of the test reported fails it.
      const csp = app.cspReports;
      await app.close();
      if (csp.count > 0) throw new Error(`Content-Security-Policy violations reported (${csp.count}): ${csp.last.join(' | ')}`);
      await rm(configDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
