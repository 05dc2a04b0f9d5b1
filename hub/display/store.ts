/**
 * The proof-of-display log on the hub: each board's entries stored once,
 * checked link by link as they arrive. Tampering is recorded, never silently
 * repaired: an altered entry is refused (the rest of the batch is kept), a
 * broken link or a gap is kept with a note, so the office sees where it is.
 */
import {
  alteredMessage,
  brokenLinkMessage,
  type ChainProblem,
  conflictMessage,
  type DisplayEntry,
  type DisplayUpload,
  type DisplayUploadReply,
  entryHash,
  GENESIS,
  missingMessage,
} from '../../src/contract/display.ts';
import { chinaDate } from '../../src/contract/validity.ts';
import type { Db } from '../db.ts';

export interface BoardRow {
  device: string;
  config: string;
  name: string;
  channels: string[];
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

  /** Stores a batch (entries already schema-checked, all of `upload.device`); idempotent. */
  async ingest(upload: DisplayUpload, entries: DisplayEntry[], receivedAt: string): Promise<DisplayUploadReply> {
    const sorted = [...entries].sort((a, b) => a.seq - b.seq);
    // WebCrypto is async and SQLite transactions here are not: hash first, then write in one go.
    const altered = new Set<number>();
    for (const e of sorted) if ((await entryHash(e)) !== e.hash) altered.add(e.seq);

    const reply: DisplayUploadReply = { ok: true, stored: 0, duplicates: 0, through: 0, problems: [] };
    const note = (p: ChainProblem) => {
      reply.problems.push(p);
      this.q.problem.run({ device: upload.device, ...p, at: receivedAt });
    };
    this.db.transaction(() => {
      this.q.upsertBoard.run({
        device: upload.device,
        config: upload.config,
        name: upload.name,
        channels: JSON.stringify(upload.channels),
        at: receivedAt,
      });
      for (const e of sorted) {
        reply.through = Math.max(reply.through, e.seq);
        // An entry whose content does not match its own hash is refused first, held or not.
        if (altered.has(e.seq)) {
          note({ seq: e.seq, code: 'altered', message: alteredMessage(e.seq) });
          continue;
        }
        const held = this.q.entry.get(upload.device, e.seq);
        if (held) {
          if (held.hash === e.hash) reply.duplicates++;
          else note({ seq: e.seq, code: 'conflict', message: conflictMessage(e.seq) });
          continue;
        }
        if (!altered.has(e.seq - 1)) {
          const before = e.seq === 1 ? { hash: GENESIS } : this.q.entry.get(upload.device, e.seq - 1);
          if (!before) {
            const below = this.q.below.get(upload.device, e.seq)?.seq ?? 0;
            note({ seq: e.seq, code: 'missing', message: missingMessage(below + 1, e.seq - 1) });
          } else if (before.hash !== e.prev) note({ seq: e.seq, code: 'broken-link', message: brokenLinkMessage(e.seq) });
        }
        this.q.insert.run({ ...e, day: chinaDate(new Date(e.from)), receivedAt });
        reply.stored++;
      }
    })();
    return reply;
  }

  boards(): BoardRow[] {
    const rows = this.db
      .prepare<
        [],
        {
          device: string;
          config: string;
          name: string;
          channels: string;
          first_seen: string;
          last_seen: string;
          entries: number;
          last_seq: number | null;
        }
      >(
        `SELECT b.*, COUNT(e.seq) AS entries, MAX(e.seq) AS last_seq FROM display_boards b
         LEFT JOIN display_entries e ON e.device = b.device GROUP BY b.device ORDER BY b.name, b.device`,
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
      channels: JSON.parse(r.channels) as string[],
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
    const rows = this.db
      .prepare<[], { device: string; day: string }>('SELECT device, MIN(day) AS day FROM display_entries GROUP BY device')
      .all();
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
        `SELECT device, item, day, SUM(shows) AS shows, SUM(seconds) AS seconds, GROUP_CONCAT(DISTINCT rev) AS revs
         FROM display_entries WHERE item IN (${items.map(() => '?').join(',')}) GROUP BY device, item, day`,
      )
      .all(...items);
    return rows.map((r) => ({ ...r, revs: r.revs.split(',').map(Number) }));
  }
}
