/** The hub's questionnaire part: admission rules and (for now) the interim answer route. */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../db.ts';
import { type AdmissionOptions, QUESTIONNAIRE_MIGRATIONS, QuestionnaireAdmission } from './admission.ts';
import { INTERIM_MIGRATIONS, interimIntake } from './interim-intake.ts';

export interface QuestionnaireOptions extends AdmissionOptions {
  dataDir: string;
  feedDir: string;
}

export async function questionnairePlugin(app: FastifyInstance, o: QuestionnaireOptions): Promise<void> {
  // TODO(intake): use the hub's one database (app.db) and migrate() once issue 4 is merged.
  const db = openDb(join(o.dataDir, 'hub.sqlite'), [...QUESTIONNAIRE_MIGRATIONS, ...INTERIM_MIGRATIONS]);
  app.addHook('onClose', async () => db.close());
  const admission = new QuestionnaireAdmission(db, o.feedDir, o);
  await interimIntake(app, { db, admission });
}
