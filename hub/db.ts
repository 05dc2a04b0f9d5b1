/**
 * The hub's embedded SQLite (better-sqlite3, WAL). Each feature brings its
 * own migrations, named and applied once in order, so features stay in their
 * own folders: hub/intake/, hub/display/, …
 *
 * Two builds of the same driver, chosen by the running Node:
 * - Node 22 and later (24 LTS recommended) load better-sqlite3 13 (package
 *   alias `better-sqlite3-napi`): Node-API, prebuilt binaries shipped in the
 *   package. better-sqlite3 12 compiled against Node ≥ 24.19 headers can abort
 *   the process when the garbage collector frees a Statement or Database:
 *   `node::ObjectWrap`'s destructor now removes an environment cleanup hook and
 *   asserts `env != nullptr`, which fails when the collection runs outside a JS
 *   context (the test workers of display.test.ts and fuzz.test.ts aborted every
 *   time). Closing the database does not help: the wrappers are destroyed when
 *   collected, closed or not. better-sqlite3 13 is written on Node-API instead.
 * - Node 20 (end of life, still supported) loads better-sqlite3 12, compiled
 *   for it by `npm ci`; 13 requires Node 22 and crashes on 20.
 * Same API and file format; remove the 12 dependency when Node 20 support ends.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
/** The driver package this Node loads (see the header). */
export const SQLITE_DRIVER = NODE_MAJOR >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
const Database = createRequire(import.meta.url)(SQLITE_DRIVER) as typeof BetterSqlite3;

export interface Migration {
  /** Unique and stable, e.g. "intake-001-submissions". */
  id: string;
  sql: string;
}

export function openDb(path: string, migrations: readonly Migration[]): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a receipt is only signed after the row is on disk (power cuts happen in county server rooms).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/**
 * Applies a feature's migrations to a database opened once for the whole hub
 * (buildHub opens `${dataDir}/hub.sqlite` and each feature plugin migrates its
 * own tables), each in its own transaction, each once.
 */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM migrations')
      .all()
      .map((r) => r.id),
  );
  const mark = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      mark.run(m.id, new Date().toISOString());
    })();
  }
}
