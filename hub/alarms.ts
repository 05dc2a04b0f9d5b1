/**
 * Alarms for IT: conditions the hub notices that someone must act on (the disk filling,
 * a flood of anonymous submissions…), raised once, kept until cleared, and readable at
 * `/api/office/v1/alarms` by IT and admins. The fleet page and its webhook (fleet health)
 * build on this table. Every raise and clear is also a warning in the log.
 */
import type { FastifyInstance } from 'fastify';
import { person } from './access.ts';
import type { Db } from './db.ts';
import { migrate } from './db.ts';

export interface Alarm {
  id: number;
  kind: string;
  subject: string;
  message: string;
  raisedAt: string;
  clearedAt: string | null;
}

const MIGRATIONS = [
  {
    id: 'alarms-001',
    sql: `CREATE TABLE alarms (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,
      message TEXT NOT NULL,
      raised_at TEXT NOT NULL,
      cleared_at TEXT
    );
    CREATE UNIQUE INDEX alarms_open ON alarms (kind, subject) WHERE cleared_at IS NULL;`,
  },
  // The fleet page reads one device's alarms, and all open ones, by subject.
  { id: 'alarms-002-by-subject', sql: 'CREATE INDEX alarms_by_subject ON alarms (subject, id);' },
];

export class Alarms {
  constructor(
    private readonly db: Db,
    private readonly log: (line: string, alarm: Pick<Alarm, 'kind' | 'subject' | 'message'>) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, MIGRATIONS);
  }

  /** Raises the alarm unless it is already open. Answers whether it was new. */
  raise(kind: string, subject: string, message: string): boolean {
    const r = this.db
      .prepare('INSERT INTO alarms (kind, subject, message, raised_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(kind, subject, message, this.now().toISOString());
    if (r.changes > 0) this.log('alarm raised', { kind, subject, message });
    return r.changes > 0;
  }

  clear(kind: string, subject: string): boolean {
    const r = this.db
      .prepare('UPDATE alarms SET cleared_at = ? WHERE kind = ? AND subject = ? AND cleared_at IS NULL')
      .run(this.now().toISOString(), kind, subject);
    if (r.changes > 0) this.log('alarm cleared', { kind, subject, message: '' });
    return r.changes > 0;
  }

  /** Open alarms first, then the latest cleared ones. */
  list(limit = 200): Alarm[] {
    return this.db
      .prepare<[number], Alarm>(
        `SELECT id, kind, subject, message, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms
         ORDER BY cleared_at IS NOT NULL, id DESC LIMIT ?`,
      )
      .all(limit);
  }

  /** The alarms open now whose subject starts with `prefix` (e.g. every device's: 'device:'). */
  openWith(prefix: string): Alarm[] {
    return this.db
      .prepare<[string, string], Alarm>(
        `SELECT id, kind, subject, message, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms
         WHERE cleared_at IS NULL AND subject >= ? AND subject < ? ORDER BY id`,
      )
      .all(prefix, `${prefix}\uffff`);
  }

  /** One subject's alarms, open and cleared, raised since `since` (newest first). */
  history(subject: string, since: Date, limit = 100): Alarm[] {
    return this.db
      .prepare<[string, string, number], Alarm>(
        `SELECT id, kind, subject, message, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms
         WHERE subject = ? AND (raised_at >= ? OR cleared_at IS NULL) ORDER BY id DESC LIMIT ?`,
      )
      .all(subject, since.toISOString(), limit);
  }

  /** The open alarm of this kind and subject. */
  open(kind: string, subject: string): Alarm | undefined {
    return this.db
      .prepare<[string, string], Alarm>(
        `SELECT id, kind, subject, message, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms
         WHERE kind = ? AND subject = ? AND cleared_at IS NULL`,
      )
      .get(kind, subject);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    alarms: Alarms;
  }
}

export function installAlarms(app: FastifyInstance, now?: () => Date): void {
  app.decorate('alarms', new Alarms(app.db, (line, a) => app.log.warn({ alarm: a }, line), now));
  app.get('/api/office/v1/alarms', { config: { access: person('it', 'admin') } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ alarms: app.alarms.list() }),
  );
}
