/** The enrolled device an upload came from (hub/devices/), as the display store needs it. */
export interface Uploader {
  id: string;
  config: string;
  name: string;
  place: string;
  channels: string[];
  enrolledAt: string;
}

/** A signed request's clock may be this far off; entries are judged with the same margin. */
const SKEW_MS = 10 * 60_000;

import { createHash } from 'node:crypto';
import { chinaDate } from '../../src/contract/china-time.ts';
/**
 * The proof-of-display log on the hub: each board's entries stored once,
 * checked link by link as they arrive. Tampering is recorded, never silently
 * repaired: an altered entry is refused (the rest of the batch is kept), a
 * broken link or a gap is kept with a note, so the office sees where it is.
 */
import {
  alteredMessage,
  batchText,
  beforeEnrollmentMessage,
  brokenLinkMessage,
  type ChainProblem,
  conflictMessage,
  type DisplayEntry,
  type DisplayUploadReply,
  entryHash,
  futureMessage,
  GENESIS,
  missingMessage,
} from '../../src/contract/display.ts';
import type { Db } from '../db.ts';

export interface BoardRow {
  device: string;
  config: string;
  /** Name, place and channels as IT enrolled the device: never what an upload says. */
  name: string;
  place: string;
  channels: string[];
  /** Fingerprint of the enrolled key that signed this board's entries (contract keyFingerprint). */
  key: string;
  enrolledAt: string;
  revokedAt: string | null;
  firstSeen: string;
  lastSeen: string;
  entries: number;
  lastSeq: number;
  problems: (ChainProblem & { foundAt: string })[];
}

export interface ShownDay {
  device: string;
  item: string;
  day: string;
  shows: number;
  seconds: number;
  revs: number[];
}

interface EntryRow {
  device: string;
  seq: number;
  item: string;
  rev: number;
  from_at: string;
  to_at: string;
  shows: number;
  seconds: number;
  prev: string;
  hash: string;
}

export class DisplayStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      upsertBoard: db.prepare(
        `INSERT INTO display_boards (device, config, name, channels, first_seen, last_seen) VALUES (@device, @config, @name, @channels, @at, @at)
         ON CONFLICT (device) DO UPDATE SET config = excluded.config, name = excluded.name, channels = excluded.channels, last_seen = excluded.last_seen`,
      ),
      batch: db.prepare('INSERT INTO display_batches (device, received_at, seqs, sig) VALUES (?, ?, ?, ?)'),
      entry: db.prepare<[string, number], EntryRow>('SELECT * FROM display_entries WHERE device = ? AND seq = ?'),
      below: db.prepare<[string, number], { seq: number | null }>(
        'SELECT MAX(seq) AS seq FROM display_entries WHERE device = ? AND seq < ?',
      ),
      insert: db.prepare(
        `INSERT INTO display_entries (device, seq, item, rev, from_at, to_at, day, shows, seconds, prev, hash, received_at)
         VALUES (@device, @seq, @item, @rev, @from, @to, @day, @shows, @seconds, @prev, @hash, @receivedAt)`,
      ),
      problem: db.prepare(
        'INSERT OR IGNORE INTO display_problems (device, seq, code, message, found_at) VALUES (@device, @seq, @code, @message, @at)',
      ),
    };
  }

  /**
   * Stores a batch (entries already schema-checked, all of `device`, the batch signature
   * already checked against its enrolled key); idempotent. Name, place and channels come
   * from the enrollment, never from the upload. Entries dated before the device was
   * enrolled or after the upload are refused; so is an entry that differs from the one
   * the hub holds under its seq, and the reply's `through` never covers a refused entry,
   * so the board keeps its own log of it.
   */
  async ingest(device: Uploader, entries: DisplayEntry[], sig: string, receivedAt: string): Promise<DisplayUploadReply> {
    const sorted = [...entries].sort((a, b) => a.seq - b.seq);
    // WebCrypto is async and SQLite transactions here are not: hash first, then write in one go.
    const altered = new Set<number>();
    for (const e of sorted) if ((await entryHash(e)) !== e.hash) altered.add(e.seq);
    const earliest = Date.parse(device.enrolledAt) - SKEW_MS;
    const latest = Date.parse(receivedAt) + SKEW_MS;

    const reply: DisplayUploadReply = { ok: true, stored: 0, duplicates: 0, through: 0, problems: [] };
    const note = (p: ChainProblem) => {
      reply.problems.push(p);
      this.q.problem.run({ device: device.id, ...p, at: receivedAt });
    };
    const held = (e: DisplayEntry) => {
      reply.through = Math.max(reply.through, e.seq);
    };
    this.db.transaction(() => {
      this.q.upsertBoard.run({
        device: device.id,
        config: device.config,
        name: device.name,
        channels: JSON.stringify(device.channels),
        at: receivedAt,
      });
      const kept: DisplayEntry[] = [];
      for (const e of sorted) {
        // An entry whose content does not match its own hash is refused first, held or not.
        if (altered.has(e.seq)) {
          note({ seq: e.seq, code: 'altered', message: alteredMessage(e.seq) });
          continue;
        }
        const had = this.q.entry.get(device.id, e.seq);
        if (had) {
          if (had.hash === e.hash) {
            reply.duplicates++;
            held(e);
          } else note({ seq: e.seq, code: 'conflict', message: conflictMessage(e.seq) });
          continue;
        }
        if (Date.parse(e.from) < earliest) {
          note({ seq: e.seq, code: 'out-of-time', message: beforeEnrollmentMessage(e.seq) });
          continue;
        }
        if (Date.parse(e.to) > latest) {
          note({ seq: e.seq, code: 'out-of-time', message: futureMessage(e.seq) });
          continue;
        }
        if (!altered.has(e.seq - 1)) {
          const before = e.seq === 1 ? { hash: GENESIS } : this.q.entry.get(device.id, e.seq - 1);
          if (!before) {
            const below = this.q.below.get(device.id, e.seq)?.seq ?? 0;
            note({ seq: e.seq, code: 'missing', message: missingMessage(below + 1, e.seq - 1) });
          } else if (before.hash !== e.prev) note({ seq: e.seq, code: 'broken-link', message: brokenLinkMessage(e.seq) });
        }
        this.q.insert.run({ ...e, day: chinaDate(new Date(e.from)), receivedAt });
        reply.stored++;
        kept.push(e);
        held(e);
      }
      if (kept.length > 0) this.q.batch.run(device.id, receivedAt, JSON.stringify(sorted.map((e) => e.seq)), sig);
    })();
    return reply;
  }

  /** The signed batches of a device, with the text each signature covers rebuilt from the stored entries. */
  signedBatches(device: string): { receivedAt: string; text: string; sig: string; complete: boolean }[] {
    const rows = this.db
      .prepare<[string], { received_at: string; seqs: string; sig: string }>(
        'SELECT received_at, seqs, sig FROM display_batches WHERE device = ? ORDER BY rowid',
      )
      .all(device);
    return rows.map((r) => {
      const seqs = JSON.parse(r.seqs) as number[];
      const found = seqs.map((n) => this.q.entry.get(device, n));
      const entries = found.filter((e): e is EntryRow => e !== undefined);
      return { receivedAt: r.received_at, text: batchText(device, entries), sig: r.sig, complete: entries.length === seqs.length };
    });
  }

  boards(): BoardRow[] {
    const rows = this.db
      .prepare<
        [],
        {
          device: string;
          config: string;
          name: string;
          place: string | null;
          channels: string;
          public_key: string;
          enrolled_at: string;
          revoked_at: string | null;
          first_seen: string;
          last_seen: string;
          entries: number;
          last_seq: number | null;
        }
      >(
        `SELECT b.device, b.first_seen, b.last_seen, d.config, d.name, d.place, d.channels, d.public_key, d.enrolled_at, d.revoked_at,
           COALESCE((SELECT entries FROM display_board_totals t WHERE t.device = b.device), 0) AS entries,
           (SELECT MAX(seq) FROM display_entries e WHERE e.device = b.device) AS last_seq
         FROM display_boards b JOIN devices d ON d.id = b.device AND d.enrolled_at IS NOT NULL
         ORDER BY d.name, b.device`,
      )
      .all();
    const problems = this.db
      .prepare<[], { device: string; seq: number; code: ChainProblem['code']; message: string; found_at: string }>(
        'SELECT * FROM display_problems ORDER BY device, seq',
      )
      .all();
    return rows.map((r) => ({
      device: r.device,
      config: r.config,
      name: r.name,
      place: r.place ?? '',
      channels: JSON.parse(r.channels) as string[],
      key: createHash('sha256').update(Buffer.from(r.public_key, 'base64url')).digest('hex').slice(0, 16),
      enrolledAt: r.enrolled_at,
      revokedAt: r.revoked_at,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      entries: r.entries,
      lastSeq: r.last_seq ?? 0,
      problems: problems
        .filter((p) => p.device === r.device)
        .map((p) => ({ seq: p.seq, code: p.code, message: p.message, foundAt: p.found_at })),
    }));
  }

  /** First day each board showed anything (its entries may start before it first reached the hub). */
  firstShownDays(): Map<string, string> {
    const rows = this.db.prepare<[], { device: string; day: string }>('SELECT device, first_day AS day FROM display_board_totals').all();
    return new Map(rows.map((r) => [r.device, r.day]));
  }

  entries(device: string): DisplayEntry[] {
    return this.db
      .prepare<[string], EntryRow>('SELECT * FROM display_entries WHERE device = ? ORDER BY seq')
      .all(device)
      .map((r) => ({
        v: 1,
        device: r.device,
        seq: r.seq,
        item: r.item,
        rev: r.rev,
        from: r.from_at,
        to: r.to_at,
        shows: r.shows,
        seconds: r.seconds,
        prev: r.prev,
        hash: r.hash,
      }));
  }

  /** Per board and day, what it showed of these items. */
  shownDays(items: readonly string[]): ShownDay[] {
    if (items.length === 0) return [];
    const rows = this.db
      .prepare<string[], { device: string; item: string; day: string; shows: number; seconds: number; revs: string }>(
        // The per-day sums a trigger keeps as entries arrive (migration display-003): no scan of the entries.
        `SELECT device, item, day, shows, seconds, revs FROM display_days WHERE item IN (${items.map(() => '?').join(',')})`,
      )
      .all(...items);
    return rows.map((r) => ({ ...r, revs: r.revs.split(',').map(Number) }));
  }
}
