/**
 * The hub's embedded SQLite (better-sqlite3 12, WAL). Each feature brings its
 * own migrations, named and applied once in order, so features stay in their
 * own folders: hub/intake/, hub/display/, …
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

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

/** Applies the migrations not applied yet, in order: a feature plugin brings its own to the hub's one database. */
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
