/**
 * Questionnaires, for the runner: whether this one was answered here before
 * (once per kiosk session, once per phone), and sending the answers sealed.
 */
import { useState } from 'preact/hooks';
import type { QuestionnaireItem } from '../../contract/feed.ts';
import type { Answers } from '../../contract/questionnaire/form.ts';
import { alreadyAnswered } from '../../device/questionnaire/limits.ts';
import { submitAnswers } from '../../device/questionnaire/submit.ts';
import { useApp } from './sync-hooks.ts';

/** Whether this device already answered the questionnaire, as it was when the screen opened. */
export function useAnsweredBefore(id: string, source: 'kiosk' | 'phone'): boolean {
  const [answered] = useState(() => alreadyAnswered(id, source));
  return answered;
}

/** Seals and queues a questionnaire's answers, bound to this device's config. */
export function useSubmitAnswers(): (
  item: QuestionnaireItem,
  answers: Answers,
  source: 'kiosk' | 'phone',
) => ReturnType<typeof submitAnswers> {
  const { config } = useApp();
  return (item, answers, source) => submitAnswers(config, item, answers, source);
}
