/**
 * A graceful stop (docs/deploy.md): on SIGTERM the hub stops accepting connections,
 * finishes the request in flight, closes SQLite cleanly (no WAL file left) and exits 0.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { spawnHub } from '../e2e/support/hub-process.ts';

test('SIGTERM: the request in flight is answered, new connections are refused, SQLite is closed, exit 0', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'zwgk-dist-'));
  await mkdir(dist, { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>政务公开</title>');
  const hub = await spawnHub({ env: { DIST_DIR: dist } });
  const body = JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src', 'blocked-uri': 'inline' } });
  const half = Math.floor(body.length / 2);
  const reply = new Promise<string>((resolve) => {
    let text = '';
    const socket = connect(hub.port, '127.0.0.1', () => {
      socket.write(
        `POST /api/security/csp-reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/csp-report\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
      );
      // The rest arrives after the hub was told to stop.
      setTimeout(() => socket.write(body.slice(half)), 700);
    });
    socket.on('data', (b) => {
      text += b.toString();
    });
    socket.on('close', () => resolve(text));
  });
  await new Promise((r) => setTimeout(r, 200));
  const stopped = hub.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  // No new connections once stopping.
  await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
  expect(await reply).toMatch(/^HTTP\/1\.1 204/);
  await stopped;
  expect(hub.alive()).toBe(false);
  expect(hub.output()).toContain('hub 已安全停止');
  expect(existsSync(join(hub.dataDir, 'hub.sqlite'))).toBe(true);
  expect(existsSync(join(hub.dataDir, 'hub.sqlite-wal'))).toBe(false);
}, 90_000);
