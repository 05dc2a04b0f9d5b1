/**
 * For the wall board (issue: 公开栏 shows a QR to each open questionnaire):
 * the questionnaires open today, newest first, each with the phone address
 * its QR code should carry. Pure: pass the items the board already has, e.g.
 * `openQuestionnaires(await currentItems({ kind: 'questionnaire' }), chinaDate(), location.origin)`.
 */
import type { Item } from '../feed.ts';
import { phoneSurveyPath } from './handoff.ts';

export interface OpenQuestionnaire {
  id: string;
  title: string;
  department: string;
  /** Last day answers are taken (China date, inclusive). */
  closesOn: string;
  /** What the board's QR code carries: the phone page of the questionnaire. */
  phoneUrl: string;
}

export function openQuestionnaires(items: readonly Item[], today: string, origin: string): OpenQuestionnaire[] {
  return items
    .flatMap((i) => (i.kind === 'questionnaire' && i.questionnaire.opensOn <= today && today <= i.questionnaire.closesOn ? [i] : []))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      title: i.title,
      department: i.department,
      closesOn: i.questionnaire.closesOn,
      phoneUrl: new URL(phoneSurveyPath(i.id), origin).href,
    }));
}
