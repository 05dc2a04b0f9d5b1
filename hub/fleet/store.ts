/**
 * Heartbeats on the hub (issue 14), in SQLite: each beat's id (kept BEAT_IDS_KEPT_MS, so a
 * beat sent twice is stored once), each device's latest beat whole, a row per device and
 * China day for the 30-day summary, the last rejections with their reasons, and the
 * remote actions IT sent. Raw beats are not kept whole: at one a minute a county's fleet
 * would write gigabytes a year for nothing the page shows.
 */
import { chinaDate } from '../../src/contract/china-time.ts';
import { BEAT_IDS_KEPT_MS, type Heartbeat, type LastBeat, type RemoteActionKind } from '../../src/contract/fleet.ts';
import { type Db, type Migration, migrate } from '../db.ts';

export const FLEET_MIGRATIONS: readonly Migration[] = [
  {
    id: 'fleet-001-heartbeats',
    sql: `
      -- Every beat's id, for dropping duplicates (a beat resent after a lost reply).
      CREATE TABLE fleet_beats (id TEXT PRIMARY KEY, device TEXT NOT NULL, received_at TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX fleet_beats_received ON fleet_beats (received_at);
      -- Each device's newest beat (by the device's clock), whole, and when it arrived.
      CREATE TABLE fleet_last (device TEXT PRIMARY KEY, at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
      -- One row per device and China day: the 30-day summary.
      CREATE TABLE fleet_days (
        device TEXT NOT NULL,
        day TEXT NOT NULL,
        beats INTEGER NOT NULL,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        sync_offline INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        max_outbox INTEGER NOT NULL,
        max_storage REAL NOT NULL,
        app TEXT NOT NULL,
        PRIMARY KEY (device, day)
      ) WITHOUT ROWID;
      -- Feed changes a device refused, with its reasons (the last 100 per device are kept).
      CREATE TABLE fleet_rejections (id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL, at TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL);
      CREATE INDEX fleet_rejections_device ON fleet_rejections (device, id);
      -- Remote actions: the signed envelope as sent, and what the device said it did.
      CREATE TABLE fleet_actions (
        id TEXT PRIMARY KEY,
        device TEXT NOT NULL,
        action TEXT NOT NULL,
        by TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        envelope TEXT NOT NULL,
        sent_at TEXT,
        result TEXT,
        result_at TEXT,
        message TEXT
      );
      CREATE INDEX fleet_actions_device ON fleet_actions (device, issued_at);
      -- Webhook deliveries waiting or done (hub/fleet/webhook.ts).
      CREATE TABLE fleet_webhooks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        delivered_at INTEGER,
        given_up_at INTEGER,
        last_error TEXT
      );
      CREATE INDEX fleet_webhooks_due ON fleet_webhooks (next_at) WHERE delivered_at IS NULL AND given_up_at IS NULL;
    `,
  },
];

export interface DaySummary {
  day: string;
  beats: number;
  firstAt: string;
  lastAt: string;
  syncOffline: number;
  rejected: number;
  maxOutbox: number;
  /** Highest share of the storage quota used that day, 0-1. */
  maxStorage: number;
  app: string;
}

export interface RejectionRow {
  at: string;
  code: string;
  message: string;
}

export interface ActionRow {
  id: string;
  device: string;
  action: RemoteActionKind;
  by: string;
  issuedAt: string;
  expiresAt: string;
  sentAt: string | null;
  result: string | null;
  resultAt: string | null;
  message: string | null;
}

const DAYS_KEPT = 31;
const REJECTIONS_KEPT = 100;

export class FleetStore {
  private readonly insertId;
  private readonly lastAt;
  private readonly putLast;
  private readonly addDay;
  private readonly addRejection;
  private readonly actResult;
  private readonly lastOf;
  private readonly allLast;

  constructor(private readonly db: Db) {
    migrate(db, FLEET_MIGRATIONS);
    this.insertId = db.prepare('INSERT OR IGNORE INTO fleet_beats (id, device, received_at) VALUES (?, ?, ?)');
    this.lastAt = db.prepare<[string], { at: string }>('SELECT at FROM fleet_last WHERE device = ?');
    this.putLast = db.prepare(
      `INSERT INTO fleet_last (device, at, received_at, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET at = excluded.at, received_at = excluded.received_at, body = excluded.body`,
    );
    this.addDay = db.prepare(
      `INSERT INTO fleet_days (device, day, beats, first_at, last_at, sync_offline, rejected, max_outbox, max_storage, app)
       VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device, day) DO UPDATE SET
         beats = beats + 1,
         first_at = min(first_at, excluded.first_at),
         last_at = max(last_at, excluded.last_at),
         sync_offline = sync_offline + excluded.sync_offline,
         rejected = rejected + excluded.rejected,
         max_outbox = max(max_outbox, excluded.max_outbox),
         max_storage = max(max_storage, excluded.max_storage),
         app = CASE WHEN excluded.last_at >= last_at THEN excluded.app ELSE app END`,
    );
    this.addRejection = db.prepare('INSERT INTO fleet_rejections (device, at, code, message) VALUES (?, ?, ?, ?)');
    this.actResult = db.prepare(
      'UPDATE fleet_actions SET result = ?, result_at = ?, message = ? WHERE id = ? AND device = ? AND result IS NULL',
    );
    this.lastOf = db.prepare<[string], { received_at: string; body: string }>('SELECT received_at, body FROM fleet_last WHERE device = ?');
    this.allLast = db.prepare<[], { device: string; received_at: string; body: string }>(
      'SELECT device, received_at, body FROM fleet_last',
    );
  }

  /**
   * Stores a device's beats in one transaction; a beat whose id is already held is a
   * duplicate and changes nothing. Answers how many were new.
   */
  record(device: string, beats: readonly Heartbeat[], now: Date): { stored: number; duplicates: number } {
    const received = now.toISOString();
    return this.db.transaction(() => {
      let stored = 0;
      let newest: Heartbeat | undefined;
      for (const b of beats) {
        if (this.insertId.run(b.id, device, received).changes === 0) continue;
        stored++;
        const storage = b.storage.quota > 0 ? b.storage.used / b.storage.quota : 0;
        this.addDay.run(
          device,
          chinaDate(new Date(b.at)),
          b.at,
          b.at,
          b.sync.result === 'offline' ? 1 : 0,
          b.rejected,
          b.outbox.depth,
          storage,
          b.app,
        );
        for (const r of b.rejections) this.addRejection.run(device, r.at, r.code, r.message);
        for (const a of b.acted ?? []) this.actResult.run(a.result, b.at, a.message ?? null, a.id, device);
        if (!newest || b.at >= newest.at) newest = b;
      }
      if (newest) {
        const held = this.lastAt.get(device);
        if (!held || newest.at >= held.at) this.putLast.run(device, newest.at, received, JSON.stringify(newest));
      }
      return { stored, duplicates: beats.length - stored };
    })();
  }

  private batch: {
    device: string;
    beats: readonly Heartbeat[];
    now: Date;
    admit: () => boolean;
    done: (r: { stored: number; duplicates: number } | 'refused') => void;
    fail: (e: unknown) => void;
  }[] = [];

  /**
   * Group commit: the beats of requests that arrive together are stored in one transaction,
   * one fsync for all (synchronous=FULL), each request answered only after it. At 10,000
   * devices a minute the disk, not the hub, would otherwise set the pace (bench/fleet.ts).
   * `admit` (the device's daily quota, itself a write) runs in the same transaction; when it
   * says no, nothing of that request is stored and it is answered 'refused'.
   */
  recordSoon(
    device: string,
    beats: readonly Heartbeat[],
    now: Date,
    admit: () => boolean = () => true,
  ): Promise<{ stored: number; duplicates: number } | 'refused'> {
    return new Promise((done, fail) => {
      this.batch.push({ device, beats, now, admit, done, fail });
      if (this.batch.length === 1) setImmediate(() => this.commitBatch());
    });
  }

  private commitBatch(): void {
    const batch = this.batch.splice(0);
    let results: ({ stored: number; duplicates: number } | 'refused')[];
    try {
      results = this.db.transaction(() => batch.map((b) => (b.admit() ? this.record(b.device, b.beats, b.now) : ('refused' as const))))();
    } catch (e) {
      for (const b of batch) b.fail(e);
      return;
    }
    for (const [i, b] of batch.entries()) b.done(results[i]!);
  }

  last(device: string): LastBeat | undefined {
    const r = this.lastOf.get(device);
    return r ? { receivedAt: r.received_at, beat: JSON.parse(r.body) as Heartbeat } : undefined;
  }

  /** Every device's latest beat, by device id. */
  allLatest(): Map<string, LastBeat> {
    const out = new Map<string, LastBeat>();
    for (const r of this.allLast.all()) out.set(r.device, { receivedAt: r.received_at, beat: JSON.parse(r.body) as Heartbeat });
    return out;
  }

  days(device: string, since: string): DaySummary[] {
    return this.db
      .prepare<[string, string], DaySummary>(
        `SELECT day, beats, first_at AS firstAt, last_at AS lastAt, sync_offline AS syncOffline, rejected,
                max_outbox AS maxOutbox, max_storage AS maxStorage, app
         FROM fleet_days WHERE device = ? AND day >= ? ORDER BY day DESC`,
      )
      .all(device, since);
  }

  rejections(device: string, limit = 20): RejectionRow[] {
    return this.db
      .prepare<[string, number], RejectionRow>('SELECT at, code, message FROM fleet_rejections WHERE device = ? ORDER BY id DESC LIMIT ?')
      .all(device, limit);
  }

  /** How many beats with this id prefix the hub holds (tests: each offline beat arrived once). */
  countBeats(device: string): number {
    return this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM fleet_beats WHERE device = ?').get(device)!.n;
  }

  addAction(a: {
    id: string;
    device: string;
    action: RemoteActionKind;
    by: string;
    issuedAt: string;
    expiresAt: string;
    envelope: string;
  }) {
    this.db
      .prepare('INSERT INTO fleet_actions (id, device, action, by, issued_at, expires_at, envelope) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(a.id, a.device, a.action, a.by, a.issuedAt, a.expiresAt, a.envelope);
  }

  /** Actions for a device not yet answered and not lapsed: sent with every reply until it answers. */
  dueActions(device: string, now: Date): { id: string; envelope: string }[] {
    const at = now.toISOString();
    const due = this.db
      .prepare<[string, string], { id: string; envelope: string }>(
        'SELECT id, envelope FROM fleet_actions WHERE device = ? AND result IS NULL AND expires_at > ? ORDER BY issued_at LIMIT 5',
      )
      .all(device, at);
    if (due.length > 0)
      this.db
        .prepare(`UPDATE fleet_actions SET sent_at = coalesce(sent_at, ?) WHERE id IN (${due.map(() => '?').join(',')})`)
        .run(at, ...due.map((d) => d.id));
    return due;
  }

  actions(device: string, limit = 10): ActionRow[] {
    return this.db
      .prepare<[string, number], ActionRow>(
        `SELECT id, device, action, by, issued_at AS issuedAt, expires_at AS expiresAt, sent_at AS sentAt, result, result_at AS resultAt, message
         FROM fleet_actions WHERE device = ? ORDER BY issued_at DESC LIMIT ?`,
      )
      .all(device, limit);
  }

  /** Forgets what is past keeping: beat ids after BEAT_IDS_KEPT_MS, days after 31, all but the last 100 rejections. */
  prune(now: Date): void {
    const t = now.getTime();
    this.db.prepare('DELETE FROM fleet_beats WHERE received_at < ?').run(new Date(t - BEAT_IDS_KEPT_MS).toISOString());
    this.db.prepare('DELETE FROM fleet_days WHERE day < ?').run(chinaDate(new Date(t - DAYS_KEPT * 86_400_000)));
    this.db
      .prepare(
        `DELETE FROM fleet_rejections WHERE id IN (
           SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY device ORDER BY id DESC) AS n FROM fleet_rejections) WHERE n > ?)`,
      )
      .run(REJECTIONS_KEPT);
  }
}
