/**
 * Handing a finished questionnaire over for delivery: the one place the
 * screens call. The answers are checked against the form once more, then go
 * the way every citizen's submission goes (kind `questionnaire`, the
 * questionnaire as `subject`).
 *
 * TODO(intake): when the sealed outbox of issue 4 is merged, `deliver` becomes
 *   submit(config, { kind: 'questionnaire', subject: item.id, content, source })
 * from src/outbox/submit.ts (sealed on the device, queued in IndexedDB,
 * delivered with retries), and hub/questionnaire/interim-intake.ts goes away.
 */
import type { DeviceConfig } from '../contract/config.ts';
import type { QuestionnaireItem } from '../contract/feed.ts';
import { checkSubmission, cleanAnswers } from './answers.ts';
import type { QuestionnaireContent } from './content.ts';
import type { Answers } from './form.ts';
import { deviceId, markAnswered } from './limits.ts';

export type SubmitOutcome =
  | { ok: true }
  | { ok: false; reason: 'invalid' | 'offline' | 'closed' | 'already' | 'refused'; message?: string };

/** The interim request body (hub/questionnaire/interim-intake.ts). */
export interface InterimAnswerBody {
  id: string;
  device: string;
  source: 'kiosk' | 'phone';
  createdAt: string;
  subject: string;
  content: QuestionnaireContent;
}

async function deliver(config: DeviceConfig, body: InterimAnswerBody): Promise<SubmitOutcome> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/questionnaire/answers', location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  void config;
  if (res.ok) return { ok: true };
  const err = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  const reason =
    err.error === 'closed' ? 'closed' : err.error === 'already-answered' ? 'already' : res.status >= 500 ? 'offline' : 'refused';
  return { ok: false, reason, ...(err.message ? { message: err.message } : {}) };
}

/** `id`: the same for every retry of the same answers, so the hub keeps them once. */
export async function submitAnswers(
  config: DeviceConfig,
  item: QuestionnaireItem,
  answers: Answers,
  source: 'kiosk' | 'phone',
  id: string = crypto.randomUUID(),
): Promise<SubmitOutcome> {
  // Answers given to questions that were hidden again are dropped, as SurveyJS does on completion.
  const checked = checkSubmission(item.form, cleanAnswers(item.form, answers));
  if (!checked.ok) return { ok: false, reason: 'invalid' };
  const content: QuestionnaireContent = { kind: 'questionnaire', questionnaire: { id: item.id, rev: item.rev }, answers: checked.answers };
  const outcome = await deliver(config, {
    id,
    device: deviceId(),
    source,
    createdAt: new Date().toISOString(),
    subject: item.id,
    content,
  });
  // The hub's "already answered" also means this device is done with it.
  if (outcome.ok || outcome.reason === 'already') markAnswered(item.id, source);
  return outcome;
}
