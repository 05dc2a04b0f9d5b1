/**
 * The office's append-only audit log (issue: 政务公开工作台): who did what, when, and from
 * which state to which. 预审制度 第七条 and 责任追究制度 hold named people to account, so
 * every action by a person (and by IT on devices) is recorded here and never updated or
 * deleted: SQLite triggers refuse UPDATE and DELETE on the table.
 *
 * Usage:
 *   const log = new AuditLog(app.db);
 *   log.append({ actor: req.who.person?.id ?? null, action: 'draft.submit', subject: 'draft:12', from: '草稿', to: '待预审' });
 */
import type { Db } from './db.ts';
import { migrate } from './db.ts';

export interface AuditEntry {
  /** A person's id, `device:<id>`, `cli` for the command line, or null for the hub itself. */
  actor: string | null;
  /** Dotted verb, e.g. `person.add`, `device.approve`, `draft.sign-off`. */
  action: string;
  /** What it was done to, e.g. `person:p-3`, `draft:12`, `case:2026-0001`. */
  subject: string;
  from?: string | undefined;
  to?: string | undefined;
  /** Anything else worth keeping (a reason, a note); never a complainant's identity. */
  detail?: unknown;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'detail' | 'from' | 'to'>> {
  seq: number;
  at: string;
  from: string | null;
  to: string | null;
  detail: unknown;
}

const MIGRATIONS = [
  {
    id: 'audit-001-log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_subject ON audit_log (subject, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `,
  },
];

interface Row {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string;
  from_state: string | null;
  to_state: string | null;
  detail: string | null;
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, MIGRATIONS);
  }

  append(e: AuditEntry): number {
    const r = this.db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        this.now().toISOString(),
        e.actor,
        e.action,
        e.subject,
        e.from ?? null,
        e.to ?? null,
        e.detail === undefined ? null : JSON.stringify(e.detail),
      );
    return Number(r.lastInsertRowid);
  }

  /** Newest first; `subject` narrows to one thing's history. */
  list(o: { subject?: string; before?: number; limit?: number } = {}): AuditRecord[] {
    const rows = this.db
      .prepare<[string | null, string | null, number, number], Row>(
        'SELECT * FROM audit_log WHERE (? IS NULL OR subject = ?) AND seq < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(o.subject ?? null, o.subject ?? null, o.before ?? Number.MAX_SAFE_INTEGER, Math.min(o.limit ?? 100, 1000));
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      from: r.from_state,
      to: r.to_state,
      detail: r.detail === null ? null : JSON.parse(r.detail),
    }));
  }
}
