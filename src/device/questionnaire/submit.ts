/**
 * Handing a finished questionnaire over for delivery: the one place the
 * screens call. The answers are checked against the form once more, then go
 * the way every citizen's submission goes (src/device/outbox/submit.ts, kind
 * `questionnaire`, the questionnaire as `subject`): sealed on the device to
 * the office's handling key — free text may hold personal data — queued in
 * IndexedDB and delivered with retries, also after the kiosk was offline.
 * The hub refuses answers outside the open period or beyond the per-device
 * limit (hub/questionnaire/admission.ts) when they arrive.
 */
import type { DeviceConfig } from '../../contract/config.ts';
import type { QuestionnaireItem } from '../../contract/feed.ts';
import { checkSubmission, cleanAnswers } from '../../contract/questionnaire/answers.ts';
import type { QuestionnaireContent } from '../../contract/questionnaire/content.ts';
import type { Answers } from '../../contract/questionnaire/form.ts';
import { StorageFullError } from '../outbox/queue.ts';
import { IntakeUnavailableError, submit } from '../outbox/submit.ts';
import { markAnswered } from './limits.ts';

export type SubmitOutcome =
  | { ok: true; id: string }
  /** invalid: the answers do not fit the form; unavailable: this device takes no submissions; storage-full: nothing was stored. */
  | { ok: false; reason: 'invalid' | 'unavailable' | 'storage-full'; message?: string };

export async function submitAnswers(
  config: DeviceConfig,
  item: QuestionnaireItem,
  answers: Answers,
  source: 'kiosk' | 'phone',
): Promise<SubmitOutcome> {
  // Answers given to questions that were hidden again are dropped, as SurveyJS does on completion.
  const checked = checkSubmission(item.form, cleanAnswers(item.form, answers));
  if (!checked.ok) return { ok: false, reason: 'invalid' };
  const content: QuestionnaireContent = { kind: 'questionnaire', questionnaire: { id: item.id, rev: item.rev }, answers: checked.answers };
  try {
    // Resolves once the sealed answers are in IndexedDB; the outbox delivers them (now, or on reconnect).
    const queued = await submit(config, { kind: 'questionnaire', subject: item.id, content, source });
    markAnswered(item.id, source);
    return { ok: true, id: queued.id };
  } catch (e) {
    if (e instanceof StorageFullError) return { ok: false, reason: 'storage-full', message: e.message };
    if (e instanceof IntakeUnavailableError) return { ok: false, reason: 'unavailable', message: e.message };
    throw e;
  }
}
