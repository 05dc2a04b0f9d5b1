/**
 * Slow bodies end (issue 10, item 4): a client that trickles its request is cut off at
 * the hub's deadline instead of holding a socket for minutes; a normal request still
 * works meanwhile.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { generateKeyFile, importKeyFile } from './keys.ts';
import { buildHub } from './server.ts';

test('a request trickled one byte a second is cut off at the deadline; the hub keeps answering others', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-slow-'));
  for (const d of ['dist', 'feed', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  const signing = await importKeyFile(await generateKeyFile('test'));
  const app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [signing.trusted],
    timeouts: { requestMs: 1500 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  try {
    const started = Date.now();
    const ended = await new Promise<{ ms: number; reply: string }>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/security/csp-reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/csp-report\r\nContent-Length: 1000\r\n\r\n',
        );
      });
      let reply = '';
      const drip = setInterval(() => socket.writable && socket.write('x'), 1000);
      socket.on('data', (b) => {
        reply += b.toString();
      });
      const done = () => {
        clearInterval(drip);
        resolve({ ms: Date.now() - started, reply });
      };
      socket.on('close', done);
      socket.on('error', done);
      setTimeout(() => socket.destroy(), 20_000);
    });
    expect(ended.ms).toBeLessThan(5_000);
    expect(ended.reply === '' || /^HTTP\/1\.1 408/.test(ended.reply)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 30_000);
