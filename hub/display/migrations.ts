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
  {
    id: 'display-003-shown-days',
    sql: `
      -- What the compliance report reads (告示制度 第六条、第九条): per board, notice and day, kept up to date
      -- by a trigger as entries arrive, so the report never scans the entries (1,000,000 of them in
      -- a year of forty boards) and answers in milliseconds. Entries are never updated or deleted.
      CREATE TABLE display_days (
        device TEXT NOT NULL,
        item TEXT NOT NULL,
        day TEXT NOT NULL,
        shows INTEGER NOT NULL,
        seconds INTEGER NOT NULL,
        revs TEXT NOT NULL,
        PRIMARY KEY (item, device, day)
      ) WITHOUT ROWID;
      INSERT INTO display_days (device, item, day, shows, seconds, revs)
        SELECT device, item, day, SUM(shows), SUM(seconds), GROUP_CONCAT(DISTINCT rev) FROM display_entries GROUP BY item, device, day;
      -- Per board: its first day on record and how many entries it has sent.
      CREATE TABLE display_board_totals (device TEXT PRIMARY KEY, first_day TEXT NOT NULL, entries INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO display_board_totals (device, first_day, entries) SELECT device, MIN(day), COUNT(*) FROM display_entries GROUP BY device;
      CREATE TRIGGER display_days_add AFTER INSERT ON display_entries BEGIN
        INSERT INTO display_days (device, item, day, shows, seconds, revs)
          VALUES (NEW.device, NEW.item, NEW.day, NEW.shows, NEW.seconds, NEW.rev)
          ON CONFLICT (item, device, day) DO UPDATE SET
            shows = shows + excluded.shows,
            seconds = seconds + excluded.seconds,
            revs = CASE WHEN instr(',' || revs || ',', ',' || excluded.revs || ',') > 0 THEN revs ELSE revs || ',' || excluded.revs END;
        INSERT INTO display_board_totals (device, first_day, entries) VALUES (NEW.device, NEW.day, 1)
          ON CONFLICT (device) DO UPDATE SET first_day = MIN(first_day, excluded.first_day), entries = entries + 1;
      END;
    `,
  },
];
