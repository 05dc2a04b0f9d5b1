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
        `SELECT kind, subject, message, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms
         ORDER BY cleared_at IS NOT NULL, id DESC LIMIT ?`,
      )
      .all(limit);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    alarms: Alarms;
  }
}

export function installAlarms(app: FastifyInstance): void {
  app.decorate('alarms', new Alarms(app.db, (line, a) => app.log.warn({ alarm: a }, line)));
  app.get('/api/office/v1/alarms', { config: { access: person('it', 'admin') } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ alarms: app.alarms.list() }),
  );
}
