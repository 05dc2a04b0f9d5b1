/**
 * The hub's questionnaire part: admission rules for answers that arrive sealed
 * through the intake (POST /api/intake/submissions, kind `questionnaire`).
 * Its tables live in the hub's one database (app.db), migrated here.
 */
import { type Db, migrate } from '../db.ts';
import { type AdmissionOptions, QUESTIONNAIRE_MIGRATIONS, QuestionnaireAdmission } from './admission.ts';

export interface QuestionnaireOptions extends AdmissionOptions {
  feedDir: string;
}

/** Migrates the questionnaire tables of `db` and returns the admission the intake calls for kind `questionnaire`. */
export function questionnaireAdmission(db: Db, o: QuestionnaireOptions): QuestionnaireAdmission {
  migrate(db, QUESTIONNAIRE_MIGRATIONS);
  return new QuestionnaireAdmission(db, o.feedDir, o);
}
