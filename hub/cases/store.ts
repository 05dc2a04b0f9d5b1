/**
 * The office's cases in the hub's SQLite: one row per sealed submission once it is registered
 * (before that it is 待登记 and has no row), keyed by the submission's id, and the 责任追究
 * matters opened on cases (《政务公开责任追究制度》第五条: 实行备案制度 — kept, never deleted).
 * The hub stores the state and the department's answer; it never holds what the citizen wrote.
 */
import {
  type AccountabilityMatter,
  type AccountabilityOutcome,
  CASE_KINDS,
  type Case,
  type CaseKind,
  type CaseSource,
  caseNumber,
} from '../../src/contract/cases.ts';
import { chinaDate } from '../../src/contract/china-time.ts';
import { type Db, type Migration, migrate } from '../db.ts';
import type { SubmissionRow } from '../intake/store.ts';

export const CASES_MIGRATIONS: Migration[] = [
  {
    id: 'cases-001',
    sql: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY REFERENCES intake_submissions (id),
        number TEXT UNIQUE,
        state TEXT NOT NULL,
        department TEXT,
        deadline TEXT,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_department ON cases (department, state);
      ALTER TABLE intake_submissions ADD COLUMN rating TEXT;
      ALTER TABLE intake_submissions ADD COLUMN case_number TEXT;
      CREATE TABLE case_accountability (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES intake_submissions (id),
        data TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER case_accountability_no_delete BEFORE DELETE ON case_accountability BEGIN SELECT RAISE(ABORT, '责任追究记录只增不删'); END;
    `,
  },
];

type Joined = SubmissionRow & { case_data: string | null };

export function caseOf(row: Joined): Case {
  if (row.case_data) return JSON.parse(row.case_data) as Case;
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    kind: row.kind as CaseKind,
    source: row.source as CaseSource,
    receivedAt: row.received_at,
    state: 'pending',
  };
}

export class CaseStore {
  constructor(readonly db: Db) {
    migrate(db, CASES_MIGRATIONS);
  }

  private select(where: string, ...args: string[]): Joined[] {
    const kinds = CASE_KINDS.map((k) => `'${k}'`).join(',');
    return this.db
      .prepare<string[], Joined>(
        `SELECT s.*, c.data AS case_data FROM intake_submissions s LEFT JOIN cases c ON c.id = s.id
         WHERE s.kind IN (${kinds}) ${where} ORDER BY s.received_at, s.id`,
      )
      .all(...args);
  }

  all(o: { department?: string } = {}): Joined[] {
    return o.department ? this.select('AND c.department = ?', o.department) : this.select('');
  }

  get(id: string): Joined | undefined {
    return this.select('AND s.id = ?', id)[0];
  }

  getByCode(code: string): Joined | undefined {
    return this.select('AND s.tracking_code = ?', code)[0];
  }

  save(c: Case, at: string): void {
    this.db
      .prepare(
        `INSERT INTO cases (id, number, state, department, deadline, data, updated_at) VALUES (@id, @number, @state, @department, @deadline, @data, @at)
         ON CONFLICT (id) DO UPDATE SET number = @number, state = @state, department = @department, deadline = @deadline, data = @data, updated_at = @at`,
      )
      .run({
        id: c.id,
        number: c.number ?? null,
        state: c.state,
        department: c.department ?? null,
        deadline: c.deadline ?? null,
        data: JSON.stringify(c),
        at,
      });
    this.db.prepare('UPDATE intake_submissions SET case_number = ?, rating = ? WHERE id = ?').run(c.number ?? null, c.rating ?? null, c.id);
  }

  /** The next number of the year for the kind: 2026-投-0001, 2026-投-0002, … */
  nextNumber(kind: CaseKind, now: Date): string {
    const year = Number(chinaDate(now).slice(0, 4));
    const prefix = caseNumber(year, kind, 0).slice(0, -4);
    const row = this.db
      .prepare<[number, string], { n: number | null }>(
        "SELECT max(CAST(substr(number, ?) AS INTEGER)) AS n FROM cases WHERE number LIKE ? || '%'",
      )
      .get(prefix.length + 1, prefix);
    return caseNumber(year, kind, (row?.n ?? 0) + 1);
  }

  // ——— 责任追究 ———

  openMatter(m: Omit<AccountabilityMatter, 'id'>): AccountabilityMatter {
    const r = this.db.prepare('INSERT INTO case_accountability (case_id, data) VALUES (?, ?)').run(m.caseId, JSON.stringify(m));
    return { ...m, id: Number(r.lastInsertRowid) };
  }

  matters(): AccountabilityMatter[] {
    return this.db
      .prepare<[], { id: number; data: string }>('SELECT id, data FROM case_accountability ORDER BY id')
      .all()
      .map((r) => ({ ...(JSON.parse(r.data) as AccountabilityMatter), id: r.id }));
  }

  matter(id: number): AccountabilityMatter | undefined {
    return this.matters().find((m) => m.id === id);
  }

  decideMatter(id: number, finding: string, outcomes: AccountabilityOutcome[], by: string, at: string): AccountabilityMatter | undefined {
    const m = this.matter(id);
    if (m?.state !== 'open') return undefined;
    const decided: AccountabilityMatter = { ...m, state: 'decided', finding, outcomes, decidedAt: at, decidedBy: by };
    this.db.prepare('UPDATE case_accountability SET data = ? WHERE id = ?').run(JSON.stringify(decided), id);
    return decided;
  }
}
