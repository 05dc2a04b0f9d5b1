/**
 * The intake's tables in the hub's SQLite: one row per submission id, ever,
 * with the sealed parts as the device sent them, the signed receipt (returned
 * again, unchanged, when the same id comes back), and the case's status. The
 * hub stores no address and nothing readable of what the citizen wrote.
 */

import {
  STATUS_ZH,
  type Submission,
  type SubmissionKind,
  type SubmissionStatus,
  type TrackResponse,
} from '../../src/contract/submission.ts';
import { type Db, type Migration, migrate } from '../db.ts';

export const INTAKE_MIGRATIONS: Migration[] = [
  {
    id: 'intake-001-submissions',
    sql: `
      CREATE TABLE intake_submissions (
        id TEXT PRIMARY KEY,
        tracking_code TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        subject TEXT,
        source TEXT NOT NULL,
        device TEXT NOT NULL,
        device_name TEXT,
        created_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        digest TEXT NOT NULL,
        body TEXT NOT NULL,
        receipt TEXT NOT NULL,
        status TEXT NOT NULL,
        status_at TEXT NOT NULL,
        answer TEXT,
        answered_at TEXT,
        published_item TEXT
      ) STRICT;
      CREATE INDEX intake_submissions_received ON intake_submissions (received_at);
      CREATE TABLE intake_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL REFERENCES intake_submissions (id),
        at TEXT NOT NULL,
        status TEXT,
        note TEXT NOT NULL
      ) STRICT;
      CREATE INDEX intake_events_submission ON intake_events (submission_id, seq);
    `,
  },
];

export interface SubmissionRow {
  id: string;
  tracking_code: string;
  kind: SubmissionKind;
  subject: string | null;
  source: string;
  device: string;
  device_name: string | null;
  created_at: string;
  received_at: string;
  digest: string;
  body: string;
  receipt: string;
  status: SubmissionStatus;
  status_at: string;
  answer: string | null;
  answered_at: string | null;
  published_item: string | null;
  /** Added by hub/cases/ (cases-001): the citizen's rating and the case number. */
  rating?: string | null;
  case_number?: string | null;
}

export type InsertResult = { kind: 'inserted' } | { kind: 'exists'; row: SubmissionRow } | { kind: 'code-taken' };

export class IntakeStore {
  private readonly insertRow;
  private readonly insertEvent;
  private readonly byId;
  private readonly byCode;
  private readonly events;

  constructor(readonly db: Db) {
    migrate(db, INTAKE_MIGRATIONS);
    this.insertRow = db.prepare(`
      INSERT INTO intake_submissions
        (id, tracking_code, kind, subject, source, device, device_name, created_at, received_at, digest, body, receipt, status, status_at)
      VALUES (@id, @tracking_code, @kind, @subject, @source, @device, @device_name, @created_at, @received_at, @digest, @body, @receipt, 'received', @received_at)
      ON CONFLICT (id) DO NOTHING`);
    this.insertEvent = db.prepare('INSERT INTO intake_events (submission_id, at, status, note) VALUES (?, ?, ?, ?)');
    this.byId = db.prepare<[string], SubmissionRow>('SELECT * FROM intake_submissions WHERE id = ?');
    this.byCode = db.prepare<[string], SubmissionRow>('SELECT * FROM intake_submissions WHERE tracking_code = ?');
    this.events = db.prepare<[string], { at: string; status: SubmissionStatus | null; note: string }>(
      'SELECT at, status, note FROM intake_events WHERE submission_id = ? ORDER BY seq',
    );
  }

  get(id: string): SubmissionRow | undefined {
    return this.byId.get(id);
  }

  getByCode(code: string): SubmissionRow | undefined {
    return this.byCode.get(code);
  }

  /**
   * Stores a submission with its receipt in one transaction (synchronous=FULL:
   * on disk when this returns). An id already stored is never stored again.
   */
  insert(s: Submission, digest: string, receipt: string, receivedAt: string): InsertResult {
    try {
      return this.db.transaction((): InsertResult => {
        const r = this.insertRow.run({
          id: s.id,
          tracking_code: s.trackingCode,
          kind: s.kind,
          subject: s.subject ?? null,
          source: s.source,
          device: s.device,
          device_name: s.deviceName ?? null,
          created_at: s.createdAt,
          received_at: receivedAt,
          digest,
          body: JSON.stringify(s),
          receipt,
        });
        if (r.changes === 0) return { kind: 'exists', row: this.byId.get(s.id)! };
        this.insertEvent.run(s.id, receivedAt, 'received', '已受理');
        return { kind: 'inserted' };
      })();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { kind: 'code-taken' };
      throw e;
    }
  }

  private batch: { args: Parameters<IntakeStore['insert']>; resolve: (r: InsertResult) => void; reject: (e: unknown) => void }[] = [];

  /**
   * Group commit: submissions that arrive together are stored in one
   * transaction, each in its own savepoint (one bad row fails alone), so many
   * kiosks reconnecting at once share an fsync. Resolves only after the commit:
   * every receipt still means "this row is on disk".
   */
  insertSoon(...args: Parameters<IntakeStore['insert']>): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.batch.push({ args, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.commitBatch());
    });
  }

  private commitBatch(): void {
    const batch = this.batch.splice(0);
    let results: InsertResult[];
    try {
      results = this.db.transaction(() => batch.map((b) => this.insert(...b.args)))();
    } catch (e) {
      for (const b of batch) b.reject(e);
      return;
    }
    for (const [i, b] of batch.entries()) b.resolve(results[i]!);
  }

  /** What the citizen may see: status, its history, the answer. Never the sealed parts or where it came from. */
  track(code: string): TrackResponse | undefined {
    const row = this.byCode.get(code);
    if (!row) return undefined;
    const history = this.events
      .all(row.id)
      .filter((e): e is { at: string; status: SubmissionStatus; note: string } => e.status !== null)
      // The office's note on a status change (npm run office -- status … --note) is written for the
      // citizen; the automatic notes (已受理, 已书面答复) only repeat the status or the answer.
      .map((e) => ({ status: e.status, at: e.at, ...(isCitizenNote(e.status, e.note) ? { note: e.note } : {}) }));
    return {
      trackingCode: row.tracking_code,
      kind: row.kind,
      status: row.status,
      history,
      ...(row.answer && row.answered_at ? { answer: { text: row.answer, at: row.answered_at } } : {}),
      ...(row.published_item ? { publishedItem: row.published_item } : {}),
      ...(row.case_number ? { caseNumber: row.case_number } : {}),
      ...(row.rating === 'satisfied' || row.rating === 'mostly' || row.rating === 'unsatisfied' ? { rating: row.rating } : {}),
      ...(row.answer && !row.rating ? { canRate: true } : {}),
    };
  }

  // ——— The office's side (hub/office/) ———

  list(filter: { status?: SubmissionStatus; kind?: SubmissionKind } = {}): SubmissionRow[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    const sql = `SELECT * FROM intake_submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at, id`;
    return this.db.prepare<string[], SubmissionRow>(sql).all(...args);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM intake_submissions').get() as { n: number }).n;
  }

  setStatus(id: string, status: SubmissionStatus, note: string, at = new Date().toISOString()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE intake_submissions SET status = ?, status_at = ? WHERE id = ?').run(status, at, id);
      this.insertEvent.run(id, at, status, note);
    })();
  }

  setAnswer(id: string, text: string, note: string, at = new Date().toISOString()): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE intake_submissions SET answer = ?, answered_at = ?, status = 'answered', status_at = ? WHERE id = ?")
        .run(text, at, at, id);
      this.insertEvent.run(id, at, 'answered', note);
    })();
  }

  setPublished(id: string, itemId: string, note: string, at = new Date().toISOString()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE intake_submissions SET published_item = ? WHERE id = ?').run(itemId, id);
      this.insertEvent.run(id, at, null, note);
    })();
  }

  /** A line in the case's history that does not change the status the citizen sees. */
  note(id: string, note: string, at = new Date().toISOString()): void {
    this.insertEvent.run(id, at, null, note);
  }

  history(id: string): { at: string; status: SubmissionStatus | null; note: string }[] {
    return this.events.all(id);
  }
}

function isCitizenNote(status: SubmissionStatus, note: string): boolean {
  const n = note.trim();
  return n !== '' && status !== 'answered' && status !== 'received' && n !== STATUS_ZH[status];
}
