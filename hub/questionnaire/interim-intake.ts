/**
 * INTERIM, until the sealed outbox and intake of issue 4 are merged:
 *   POST /api/questionnaire/answers   questionnaire answers → checked → stored once → 201
 * Answers arrive unsealed and are stored unsealed here; with the outbox they
 * arrive sealed through POST /api/intake/submissions (kind `questionnaire`),
 * the intake calls `QuestionnaireAdmission.admit` before storing, and the
 * office opens them with its keys before counting. Do not deploy this route.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { describeIssues } from '../../src/contract/config.ts';
import { ItemId } from '../../src/contract/feed.ts';
import { checkSubmission } from '../../src/questionnaire/answers.ts';
import { QuestionnaireContent } from '../../src/questionnaire/content.ts';
import type { Answers } from '../../src/questionnaire/form.ts';
import type { Db, Migration } from '../db.ts';
import type { QuestionnaireAdmission } from './admission.ts';

export const INTERIM_MIGRATIONS: readonly Migration[] = [
  {
    id: 'questionnaire-002-interim-answers',
    sql: `CREATE TABLE questionnaire_answers_interim (
      id TEXT PRIMARY KEY,
      questionnaire TEXT NOT NULL,
      rev INTEGER NOT NULL,
      source TEXT NOT NULL,
      created_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      answers TEXT NOT NULL
    );
    CREATE INDEX questionnaire_answers_interim_q ON questionnaire_answers_interim (questionnaire)`,
  },
];

const Body = v.object({
  id: v.pipe(v.string(), v.uuid('id 应为 UUID')),
  device: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'device 格式无效')),
  source: v.picklist(['kiosk', 'phone'], 'source 应为 kiosk 或 phone'),
  createdAt: v.pipe(v.string(), v.isoTimestamp('createdAt 应为 ISO 8601 时间')),
  subject: ItemId,
  content: QuestionnaireContent,
});

/** The answers stored for a questionnaire: what the office counts. */
export function readInterimAnswers(db: Db, questionnaire: string): { rev: number; answers: Answers }[] {
  return db
    .prepare<[string], { rev: number; answers: string }>(
      'SELECT rev, answers FROM questionnaire_answers_interim WHERE questionnaire = ? ORDER BY received_at, id',
    )
    .all(questionnaire)
    .map((r) => ({ rev: r.rev, answers: JSON.parse(r.answers) as Answers }));
}

export async function interimIntake(app: FastifyInstance, o: { db: Db; admission: QuestionnaireAdmission }): Promise<void> {
  const refuse = (reply: FastifyReply, status: number, error: string, message: string, extra: Record<string, unknown> = {}) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error, message, ...extra });
  const exists = o.db.prepare<[string], { id: string }>('SELECT id FROM questionnaire_answers_interim WHERE id = ?');
  const insert = o.db.prepare(
    'INSERT OR IGNORE INTO questionnaire_answers_interim (id, questionnaire, rev, source, created_at, received_at, answers) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  app.post('/api/questionnaire/answers', { bodyLimit: 64 * 1024 }, async (req, reply) => {
    const parsed = v.safeParse(Body, req.body);
    if (!parsed.success) return refuse(reply, 422, 'invalid', `答卷格式不对:${describeIssues(parsed.issues)[0]}`);
    const b = parsed.output;
    if (b.content.questionnaire.id !== b.subject) return refuse(reply, 422, 'invalid', '答卷所属问卷与 subject 不一致');
    // The same answers sent again (a lost response): accepted once, answered the same.
    if (exists.get(b.id)) return reply.code(200).header('cache-control', 'no-store').send({ ok: true, duplicate: true });
    const admitted = await o.admission.admit(b);
    if (!admitted.ok) {
      if (admitted.retryAfterSeconds) reply.header('retry-after', String(admitted.retryAfterSeconds));
      req.log.info({ error: admitted.error, subject: b.subject, source: b.source }, 'questionnaire answers refused');
      return refuse(reply, admitted.status, admitted.error, admitted.message);
    }
    const checked = checkSubmission(admitted.item.form, b.content.answers);
    if (!checked.ok)
      return refuse(reply, 422, 'bad-answers', '答案与问卷不符', {
        problems: checked.problems.slice(0, 20).map((p) => `${p.name}: ${p.problem.code}`),
      });
    insert.run(
      b.id,
      b.subject,
      b.content.questionnaire.rev,
      b.source,
      b.createdAt,
      new Date().toISOString(),
      JSON.stringify(checked.answers),
    );
    o.admission.record(b);
    req.log.info({ subject: b.subject, source: b.source }, 'questionnaire answers stored');
    return reply.code(201).header('cache-control', 'no-store').send({ ok: true, duplicate: false });
  });
}
