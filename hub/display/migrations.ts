/** The hub's proof-of-display tables (hub/db.ts applies each migration once, by name). */
import type { Migration } from '../db.ts';

export const displayMigrations: readonly Migration[] = [
  {
    id: 'display-001-proof-of-display',
    sql: `
      -- One row per board (a browser profile on a wall screen), as it last described itself.
      CREATE TABLE display_boards (
        device TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        name TEXT NOT NULL,
        channels TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      -- Each sealed entry of a board's hash chain, stored once (device, seq).
      CREATE TABLE display_entries (
        device TEXT NOT NULL REFERENCES display_boards (device),
        seq INTEGER NOT NULL,
        item TEXT NOT NULL,
        rev INTEGER NOT NULL,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL,
        day TEXT NOT NULL,
        shows INTEGER NOT NULL,
        seconds INTEGER NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (device, seq)
      ) WITHOUT ROWID;
      CREATE INDEX display_entries_by_item ON display_entries (item, day);
      -- Tampering found in uploads: an altered entry, a broken link, a missing or conflicting one.
      CREATE TABLE display_problems (
        device TEXT NOT NULL,
        seq INTEGER NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        found_at TEXT NOT NULL,
        PRIMARY KEY (device, seq, code)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 'display-002-signed-batches',
    sql: `
      -- Each accepted batch with the device's signature over its entries (contract batchText):
      -- the stored record stays checkable against the enrolled key.
      CREATE TABLE display_batches (
        device TEXT NOT NULL,
        received_at TEXT NOT NULL,
        seqs TEXT NOT NULL,
        sig TEXT NOT NULL
      );
      CREATE INDEX display_batches_by_device ON display_batches (device, received_at);
    `,
  },
];
