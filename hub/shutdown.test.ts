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
  // The request is in flight once the hub has read its headers: with Expect: 100-continue it says so.
  let text = '';
  const socket = connect(hub.port, '127.0.0.1');
  const reply = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  const headersRead = new Promise<void>((resolve) =>
    socket.on('data', (b) => {
      text += b.toString();
      if (text.startsWith('HTTP/1.1 100')) resolve();
    }),
  );
  socket.write(
    `POST /api/security/csp-reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/csp-report\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
  );
  await headersRead;
  const stopped = hub.kill('SIGTERM');
  // No new connections once stopping, while the request in flight still waits for the rest of its body.
  await expect
    .poll(() =>
      fetch(`${hub.url}/healthz`).then(
        () => 'accepted',
        () => 'refused',
      ),
    )
    .toBe('refused');
  socket.write(body.slice(half));
  expect(await reply).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 204/);
  await stopped;
  expect(hub.alive()).toBe(false);
  expect(hub.output()).toContain('hub 已安全停止');
  expect(existsSync(join(hub.dataDir, 'hub.sqlite'))).toBe(true);
  expect(existsSync(join(hub.dataDir, 'hub.sqlite-wal'))).toBe(false);
}, 90_000);
