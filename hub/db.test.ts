import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDb, SQLITE_DRIVER } from './db.ts';

test('migrations apply once, in order, and survive a reopen', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-db-'));
  const path = join(dir, 'hub.sqlite');
  const migrations = [
    { id: 'a-001', sql: 'CREATE TABLE a (x INTEGER)' },
    { id: 'a-002', sql: 'ALTER TABLE a ADD COLUMN y TEXT' },
  ];
  const db = openDb(path, migrations);
  db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('一');
  db.close();
  const again = openDb(path, [...migrations, { id: 'b-001', sql: 'CREATE TABLE b (z INTEGER)' }]);
  expect(again.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 1, y: '一' }]);
  expect(again.prepare('SELECT id FROM migrations ORDER BY id').all()).toEqual([{ id: 'a-001' }, { id: 'a-002' }, { id: 'b-001' }]);
  expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
  again.close();
  await rm(dir, { recursive: true, force: true });
});

// With better-sqlite3 12 on Node 24 the worker running display.test.ts aborted (3 runs of 3):
// the Node-API build on Node 22+ is what keeps the suite, and the hub, alive there.
test('the driver matches the running Node: Node-API build on 22 and later, the Node 20 build on 20', () => {
  const major = Number(process.versions.node.split('.')[0]);
  expect(SQLITE_DRIVER).toBe(major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3');
});
