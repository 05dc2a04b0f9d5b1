/** What the hub promises caches and devices: which files may be kept how long, and conditional polls. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildHub } from './server.ts';

let dir: string;
/** A page the size of a real one's start: JSON that compresses well. */
const BIG_PAGE = JSON.stringify({
  v: 1,
  first: 1,
  last: 500,
  changes: Array.from({ length: 500 }, (_, i) => ({ payload: `{"seq":${i},"title":"县政务公开办 收费标准"}` })),
});
let app: FastifyInstance;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-hub-'));
  for (const d of ['dist/assets', 'feed/pages', 'config']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>政务公开</title>');
  await writeFile(join(dir, 'dist/sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(dir, 'dist/assets/index-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'feed/head.json'), '{"payload":"{}","keyId":"k","sig":"x"}');
  await writeFile(join(dir, 'feed/pages/0000001-0000001-abcdef.json'), '{"v":1}');
  await writeFile(join(dir, 'feed/pages/0000001-0000500-fedcba.json'), BIG_PAGE);
  await writeFile(join(dir, 'config/default.json'), JSON.stringify({ v: 1, name: '测试', mode: 'kiosk' }));
  await writeFile(
    join(dir, 'config/keyed.json'),
    JSON.stringify({ v: 1, name: '测试', mode: 'kiosk', trustedKeys: [{ id: 'office', publicKey: 'A'.repeat(43) }] }),
  );
  await writeFile(join(dir, 'config/bad.json'), '{ "v": 1, ');
  app = await buildHub({
    distDir: join(dir, 'dist'),
    feedDir: join(dir, 'feed'),
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'var'),
    trustedKeys: [{ id: 'dev', publicKey: 'B'.repeat(43) }],
  });
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('hub', () => {
  test('the app shell and the service worker are revalidated; hashed assets are cached for a year', async () => {
    for (const url of ['/', '/board', '/m/item/x', '/k/archive']) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body).toContain('政务公开');
    }
    expect((await app.inject('/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await app.inject('/assets/index-abc123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('the head answers a conditional poll with 304 and no body; pages are immutable', async () => {
    const first = await app.inject('/feed/head.json');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const again = await app.inject({ url: '/feed/head.json', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const page = await app.inject('/feed/pages/0000001-0000001-abcdef.json');
    expect(page.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('pages go out gzipped (brotli where offered) with their own ETag, and either ETag revalidates', async () => {
    const plain = await app.inject('/feed/pages/0000001-0000500-fedcba.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_PAGE);
    const gz = await app.inject({ url: '/feed/pages/0000001-0000500-fedcba.json', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gz.rawPayload.byteLength).toBeLessThan(BIG_PAGE.length / 5);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BIG_PAGE);
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    const br = await app.inject({ url: '/feed/pages/0000001-0000500-fedcba.json', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG_PAGE);
    for (const etag of [plain.headers.etag, gz.headers.etag] as string[]) {
      const again = await app.inject({
        url: '/feed/pages/0000001-0000500-fedcba.json',
        headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
      });
      expect(again.statusCode, etag).toBe(304);
    }
  });

  test('only feed files by their known shapes are served, with a Chinese 404 otherwise', async () => {
    for (const url of [
      '/feed/../config/default.json',
      '/feed/%2e%2e/config/default.json',
      '/feed/keys/signing.json',
      '/feed/pages/nope.json',
    ]) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().message ?? r.json().error, url).toBeTruthy();
    }
  });

  test("a config without keys gets the hub's development key; one with keys is served as it is", async () => {
    expect((await app.inject('/kiosk-config/default.json')).json().trustedKeys).toEqual([{ id: 'dev', publicKey: 'B'.repeat(43) }]);
    expect((await app.inject('/kiosk-config/keyed.json')).json().trustedKeys).toEqual([{ id: 'office', publicKey: 'A'.repeat(43) }]);
  });

  test('a missing or broken config gets a clear answer, not a crash', async () => {
    const missing = await app.inject('/kiosk-config/nowhere.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('nowhere');
    const bad = await app.inject('/kiosk-config/bad.json');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('不是合法 JSON');
    expect((await app.inject('/kiosk-config/..%2Fsecret.json')).statusCode).toBe(400);
  });
});
