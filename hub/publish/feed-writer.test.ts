/** Batch signatures as the publisher writes them: one per publishing run and page, and what a device makes of them. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Batch, Change, Envelope, Item } from '../../src/contract/feed.ts';
import { KeyRing, sha256Hex } from '../../src/contract/signing.ts';
import { checkPage } from '../../src/device/sync/verify.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../keys.ts';
import { nextRev, readFeed, readFeedAt, writeFeed } from './feed-writer.ts';

let dir: string;
let key: SigningKey;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-writer-'));
  key = await importKeyFile(await generateKeyFile('office'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const approval = {
  preReview: { by: '县政务公开预审小组', at: '2026-11-10T10:00:00+08:00' },
  signOff: { by: '分管副县长', at: '2026-11-11T10:00:00+08:00' },
};
const item = (n: number): Item =>
  ({
    id: `fee-${n}`,
    rev: 1,
    kind: 'disclosure',
    channel: 'public',
    category: 'procedures-fees',
    cadence: 'long-term',
    title: `收费标准 ${n}`,
    department: '县自然资源局',
    bodyHtml: '<p>按省定标准收取。</p>',
    publishedAt: '2026-11-11',
    attachments: [],
  }) as Item;

async function publishRun(from: number, count: number): Promise<void> {
  await writeFeed(dir, await readFeed(dir), {
    feedId: 'county',
    publisher: '县政务公开办',
    key,
    changes: Array.from({ length: count }, (_, i) => ({ op: 'upsert' as const, item: item(from + i), approval })),
  });
}

test('each publishing run is signed once per page it reaches, and a device needs no other signature for it', async () => {
  await publishRun(1, 300);
  await publishRun(301, 300);
  const log = await readFeed(dir);
  const ranges = log.batches.map((b: Envelope) => {
    const p = JSON.parse(b.payload) as Batch;
    return [p.first, p.last];
  });
  // The second run crosses the page boundary at 500: one signature for each side.
  expect(ranges).toEqual([
    [1, 300],
    [301, 500],
    [501, 600],
  ]);

  const ring = new KeyRing([key.trusted]);
  for (const ref of log.head!.pages) {
    const bytes = await readFile(join(dir, ref.href));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const checked = await checkPage(buffer, ref, ring, 'county', ref.first);
    expect(checked.ok && checked.value.length).toBe(ref.last - ref.first + 1);
    // Every change is covered: spoiling the changes' own signatures changes nothing.
    const page = JSON.parse(bytes.toString('utf8')) as { changes: Envelope[] };
    page.changes = page.changes.map((e) => ({ ...e, sig: 'A'.repeat(86) }));
    const spoiled = new TextEncoder().encode(JSON.stringify(page));
    const again = await checkPage(
      spoiled.buffer as ArrayBuffer,
      { ...ref, bytes: spoiled.byteLength, sha256: await sha256Hex(spoiled) },
      ring,
      'county',
      ref.first,
    );
    expect(again.ok).toBe(true);
  }
});

test('内外有别: once an internal item is published, the public feed holds only public items and the whole feed sits apart', async () => {
  const internal = (n: number): Item =>
    ({ ...item(n), id: `staff-${n}`, channel: 'internal', category: 'personnel', title: `人事任免 ${n}` }) as Item;
  await writeFeed(dir, await readFeed(dir), {
    feedId: 'county',
    publisher: '县政务公开办',
    key,
    changes: [{ op: 'upsert', item: item(1), approval }],
  });
  await writeFeed(dir, await readFeed(dir), {
    feedId: 'county',
    publisher: '县政务公开办',
    key,
    changes: [
      { op: 'upsert', item: internal(1), approval },
      { op: 'upsert', item: item(2), approval },
    ],
  });
  const pub = await readFeedAt(dir);
  const whole = await readFeed(dir);
  expect(pub.changes.map((c) => [c.seq, c.op === 'upsert' ? c.item.id : c.id])).toEqual([
    [1, 'fee-1'],
    [2, 'fee-2'],
  ]);
  expect(whole.changes.map((c) => [c.seq, c.op === 'upsert' ? c.item.id : c.id])).toEqual([
    [1, 'fee-1'],
    [2, 'staff-1'],
    [3, 'fee-2'],
  ]);
  await expect(readFile(join(dir, 'items/staff-1.json'), 'utf8')).rejects.toThrow();
  expect(JSON.parse(await readFile(join(dir, 'internal/items/staff-1.json'), 'utf8')).payload).toContain('人事任免 1');
  for (const ref of pub.head!.pages) expect(await readFile(join(dir, ref.href), 'utf8')).not.toContain('人事任免');
  // Both verify as feeds on their own, pages and batches alike.
  const keys = new KeyRing([key.trusted]);
  for (const [d, log] of [
    [dir, pub],
    [join(dir, 'internal'), whole],
  ] as const)
    for (const ref of log.head!.pages) {
      const bytes = await readFile(join(d, ref.href));
      const r = await checkPage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), ref, keys, 'county', ref.first);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
  // An item moved to the internal channel leaves the public feed; a withdrawal of an internal item never reaches it.
  await writeFeed(dir, await readFeed(dir), {
    feedId: 'county',
    publisher: '县政务公开办',
    key,
    changes: [
      { op: 'upsert', item: { ...internal(2), id: 'fee-2', rev: 2 }, approval },
      { op: 'withdraw', id: 'staff-1', reason: '任免有误', approval },
    ],
  });
  const later = await readFeedAt(dir);
  expect(later.changes.slice(2).map((c) => (c.op === 'withdraw' ? [c.op, c.id, c.reason] : [c.op]))).toEqual([
    ['withdraw', 'fee-2', '已转为对内公开'],
  ]);
  expect((await readFeed(dir)).changes).toHaveLength(5);
});

test('a withdrawn item published again takes the rev after its highest, never one a device has seen', () => {
  const common = { at: '2026-11-11T10:00:00+08:00', approval };
  const changes = [
    { ...common, seq: 1, op: 'upsert', item: item(1) },
    { ...common, seq: 2, op: 'upsert', item: { ...item(1), rev: 2 } },
    { ...common, seq: 3, op: 'upsert', item: item(2) },
    { ...common, seq: 4, op: 'withdraw', id: 'fee-1', reason: '已失效' },
  ] as Change[];
  expect(nextRev(changes, 'fee-1')).toBe(3);
  expect(nextRev(changes, 'fee-2')).toBe(2);
  expect(nextRev(changes, 'fee-9')).toBe(1);
});
