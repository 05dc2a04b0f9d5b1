/** The hub's device tables (hub/db.ts applies each migration once, by name). */
import type { Migration } from '../db.ts';

export const deviceMigrations: readonly Migration[] = [
  {
    id: 'devices-001-enrollment',
    sql: `
      -- One row per device identity (a key pair made in a kiosk's or board's browser).
      -- A claim is a row with enrolled_at NULL; IT's approval fills name, place, channels.
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL UNIQUE,
        claim_code TEXT NOT NULL,
        config TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        name TEXT,
        place TEXT,
        channels TEXT,
        enrolled_at TEXT,
        enrolled_by TEXT,
        revoked_at TEXT,
        revoked_by TEXT,
        revoke_reason TEXT
      );
      CREATE INDEX devices_by_code ON devices (claim_code);
      -- What each device has sent per China day, for its quota (one row per device, day, kind).
      CREATE TABLE device_quota (
        device TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        requests INTEGER NOT NULL,
        items INTEGER NOT NULL,
        PRIMARY KEY (device, day, kind)
      ) WITHOUT ROWID;
    `,
  },
];
