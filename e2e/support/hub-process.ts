/**
 * The hub as its own process (`node --import tsx hub/main.ts`), as a county
 * runs it: for tests that kill it with SIGKILL and start it again, and for the
 * fuzz test that must see the process survive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './hub.ts';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface HubProcess {
  url: string;
  port: number;
  dataDir: string;
  officeKeysDir: string;
  /** Whether the process is running. */
  alive(): boolean;
  /** Output, for a failing test's message. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
}

export async function spawnHub(
  o: { dataDir?: string; contentDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<HubProcess> {
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'zwgk-hubproc-')));
  const port = o.port ?? (await freePort());
  const officeKeysDir = join(dataDir, 'office-keys');
  let child: ChildProcess | undefined;
  let out = '';
  const start = async () => {
    out = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts', '--demo'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        OFFICE_KEYS_DIR: officeKeysDir,
        HUB_LOG: '0',
        ...(o.contentDir ? { CONTENT_DIR: o.contentDir } : {}),
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${out}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`hub did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    officeKeysDir,
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    output: () => out,
    async kill(signal = 'SIGTERM') {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
    restart: start,
  };
}
