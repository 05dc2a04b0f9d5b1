/**
 * The publishing workflow's records in the hub's SQLite: drafts (稿件) with their state, every
 * revision with what the clerk wrote, the item it became and its canonical content hash, every
 * step taken (who, when, on which revision), and the 审议记录 of 《政务公开工作审议制度》二
 * (存档备查). Steps, revisions and deliberation records are only ever added: triggers refuse to
 * change or delete them, as 《政务公开工作制度》五 and 《政务公开制度》十 ask everything archived.
 */

import type { DeliberationRecord, WorkflowItem, WorkflowState } from '../../src/contract/workflow.ts';
import type { DraftContent } from '../../src/contract/workflow-content.ts';
import { type Db, type Migration, migrate } from '../db.ts';

export const WORKFLOW_MIGRATIONS: Migration[] = [
  {
    id: 'workflow-001',
    sql: `
      CREATE TABLE workflow_drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        department TEXT NOT NULL,
        period TEXT NOT NULL,
        state TEXT NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX workflow_drafts_state ON workflow_drafts (state, period);
      CREATE TABLE workflow_revisions (
        draft_id INTEGER NOT NULL REFERENCES workflow_drafts (id),
        revision INTEGER NOT NULL,
        hash TEXT NOT NULL,
        source TEXT NOT NULL,
        item TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (draft_id, revision)
      ) STRICT;
      CREATE TABLE workflow_steps (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES workflow_drafts (id),
        action TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        by TEXT NOT NULL,
        name TEXT NOT NULL,
        at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        hash TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX workflow_steps_draft ON workflow_steps (draft_id, seq);
      CREATE TABLE workflow_deliberations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES workflow_drafts (id),
        period TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER workflow_steps_no_update BEFORE UPDATE ON workflow_steps BEGIN SELECT RAISE(ABORT, '流程记录只增不改'); END;
      CREATE TRIGGER workflow_steps_no_delete BEFORE DELETE ON workflow_steps BEGIN SELECT RAISE(ABORT, '流程记录只增不删'); END;
      CREATE TRIGGER workflow_deliberations_no_update BEFORE UPDATE ON workflow_deliberations BEGIN SELECT RAISE(ABORT, '审议记录存档备查,不能修改'); END;
      CREATE TRIGGER workflow_deliberations_no_delete BEFORE DELETE ON workflow_deliberations BEGIN SELECT RAISE(ABORT, '审议记录存档备查,不能删除'); END;
      CREATE TRIGGER workflow_revisions_no_delete BEFORE DELETE ON workflow_revisions BEGIN SELECT RAISE(ABORT, '稿件修订记录不能删除'); END;
    `,
  },
];

export interface DraftRow {
  id: number;
  item_id: string;
  kind: string;
  department: string;
  period: string;
  state: WorkflowState;
  title: string;
  data: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  demo: number;
}

export interface Draft {
  id: number;
  kind: DraftContent['kind'];
  title: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  demo: boolean;
  w: WorkflowItem;
}

export interface RevisionRow {
  draft_id: number;
  revision: number;
  hash: string;
  source: string;
  item: string;
  by: string;
  at: string;
}

export interface StepRecordRow {
  seq: number;
  action: string;
  from: string;
  to: string;
  by: string;
  name: string;
  at: string;
  revision: number;
  hash: string;
  detail: unknown;
}

const toDraft = (r: DraftRow): Draft => ({
  id: r.id,
  kind: r.kind as DraftContent['kind'],
  title: r.title,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  demo: r.demo === 1,
  w: JSON.parse(r.data) as WorkflowItem,
});

export class WorkflowStore {
  constructor(private readonly db: Db) {
    migrate(db, WORKFLOW_MIGRATIONS);
  }

  transaction<T>(f: () => T): T {
    return this.db.transaction(f)();
  }

  create(d: { kind: string; title: string; w: WorkflowItem; by: string; at: string; demo?: boolean }): number {
    const r = this.db
      .prepare(
        `INSERT INTO workflow_drafts (item_id, kind, department, period, state, title, data, created_by, created_at, updated_at, demo)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.w.itemId, d.kind, d.w.department, d.w.period, d.w.state, d.title, JSON.stringify(d.w), d.by, d.at, d.at, d.demo ? 1 : 0);
    return Number(r.lastInsertRowid);
  }

  save(id: number, w: WorkflowItem, at: string, title?: string): void {
    this.db
      .prepare('UPDATE workflow_drafts SET state = ?, period = ?, data = ?, updated_at = ?, title = COALESCE(?, title) WHERE id = ?')
      .run(w.state, w.period, JSON.stringify(w), at, title ?? null, id);
  }

  get(id: number): Draft | undefined {
    const r = this.db.prepare<[number], DraftRow>('SELECT * FROM workflow_drafts WHERE id = ?').get(id);
    return r ? toDraft(r) : undefined;
  }

  byItemId(itemId: string): Draft | undefined {
    const r = this.db.prepare<[string], DraftRow>('SELECT * FROM workflow_drafts WHERE item_id = ?').get(itemId);
    return r ? toDraft(r) : undefined;
  }

  list(o: { state?: WorkflowState | undefined; period?: string | undefined; department?: string | undefined } = {}): Draft[] {
    return this.db
      .prepare<[string | null, string | null, string | null, string | null, string | null, string | null], DraftRow>(
        `SELECT * FROM workflow_drafts WHERE (? IS NULL OR state = ?) AND (? IS NULL OR period = ?) AND (? IS NULL OR department = ?)
         ORDER BY updated_at DESC, id DESC LIMIT 2000`,
      )
      .all(o.state ?? null, o.state ?? null, o.period ?? null, o.period ?? null, o.department ?? null, o.department ?? null)
      .map(toDraft);
  }

  putRevision(r: { draftId: number; revision: number; hash: string; source: DraftContent; item: unknown; by: string; at: string }): void {
    // The current revision's wording may be saved again while its content (hash) is the same.
    this.db
      .prepare(
        `INSERT INTO workflow_revisions (draft_id, revision, hash, source, item, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (draft_id, revision) DO UPDATE SET source = excluded.source, item = excluded.item, at = excluded.at
         WHERE workflow_revisions.hash = excluded.hash`,
      )
      .run(r.draftId, r.revision, r.hash, JSON.stringify(r.source), JSON.stringify(r.item), r.by, r.at);
  }

  revisions(draftId: number): { revision: number; hash: string; by: string; at: string }[] {
    return this.db
      .prepare<[number], { revision: number; hash: string; by: string; at: string }>(
        'SELECT revision, hash, by, at FROM workflow_revisions WHERE draft_id = ? ORDER BY revision',
      )
      .all(draftId);
  }

  revision(
    draftId: number,
    revision: number,
  ): { hash: string; source: DraftContent; item: Record<string, unknown>; by: string; at: string } | undefined {
    const r = this.db
      .prepare<[number, number], RevisionRow>('SELECT * FROM workflow_revisions WHERE draft_id = ? AND revision = ?')
      .get(draftId, revision);
    return r ? { hash: r.hash, source: JSON.parse(r.source) as DraftContent, item: JSON.parse(r.item), by: r.by, at: r.at } : undefined;
  }

  addStep(s: {
    draftId: number;
    action: string;
    from: string;
    to: string;
    by: string;
    name: string;
    at: string;
    revision: number;
    hash: string;
    detail?: unknown;
  }): void {
    this.db
      .prepare(
        `INSERT INTO workflow_steps (draft_id, action, from_state, to_state, by, name, at, revision, hash, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.draftId,
        s.action,
        s.from,
        s.to,
        s.by,
        s.name,
        s.at,
        s.revision,
        s.hash,
        s.detail === undefined ? null : JSON.stringify(s.detail),
      );
  }

  steps(draftId: number): StepRecordRow[] {
    return this.db
      .prepare<
        [number],
        {
          seq: number;
          action: string;
          from_state: string;
          to_state: string;
          by: string;
          name: string;
          at: string;
          revision: number;
          hash: string;
          detail: string | null;
        }
      >('SELECT * FROM workflow_steps WHERE draft_id = ? ORDER BY seq')
      .all(draftId)
      .map((r) => ({
        seq: r.seq,
        action: r.action,
        from: r.from_state,
        to: r.to_state,
        by: r.by,
        name: r.name,
        at: r.at,
        revision: r.revision,
        hash: r.hash,
        detail: r.detail === null ? null : JSON.parse(r.detail),
      }));
  }

  addDeliberation(draftId: number, period: string, record: DeliberationRecord): void {
    this.db
      .prepare('INSERT INTO workflow_deliberations (draft_id, period, data) VALUES (?, ?, ?)')
      .run(draftId, period, JSON.stringify(record));
  }

  deliberations(o: { draftId?: number; period?: string }): (DeliberationRecord & { draftId: number })[] {
    return this.db
      .prepare<[number | null, number | null, string | null, string | null], { draft_id: number; data: string }>(
        'SELECT draft_id, data FROM workflow_deliberations WHERE (? IS NULL OR draft_id = ?) AND (? IS NULL OR period = ?) ORDER BY seq',
      )
      .all(o.draftId ?? null, o.draftId ?? null, o.period ?? null, o.period ?? null)
      .map((r) => ({ ...(JSON.parse(r.data) as DeliberationRecord), draftId: r.draft_id }));
  }
}
