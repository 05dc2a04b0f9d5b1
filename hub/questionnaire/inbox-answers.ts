/**
 * The answers to count: questionnaire submissions the intake stored (sealed),
 * opened with the office's 办理密钥 (content key). Only the office holds that
 * key, so only the office can count; the hub never saw the answers.
 */
import type { OfficeKeyFile } from '../intake/keys.ts';
import { type Inbox, openSubmission } from '../office/inbox.ts';

export interface InboxAnswers {
  /** Opened answers of this questionnaire, in the order the hub received them. */
  answers: unknown[];
  /** How many submissions the hub holds for this questionnaire. */
  received: number;
  /** Submissions that could not be opened or belong to another questionnaire: not counted, with the reason. */
  unopened: { trackingCode: string; reason: string }[];
}

export async function answersFromInbox(inbox: Inbox, questionnaire: string, keys: readonly OfficeKeyFile[]): Promise<InboxAnswers> {
  const rows = inbox.list({ kind: 'questionnaire' }).filter((r) => r.subject === questionnaire);
  const out: InboxAnswers = { answers: [], received: rows.length, unopened: [] };
  for (const row of rows) {
    const opened = await openSubmission(row, keys);
    const c = opened.content as { kind?: string; questionnaire?: { id?: string }; answers?: unknown } | undefined;
    if (opened.problems.length > 0 || c?.kind !== 'questionnaire') {
      out.unopened.push({ trackingCode: row.tracking_code, reason: opened.problems.join(';') || '内容不是问卷答卷' });
      continue;
    }
    // The sealed content names its questionnaire too; a submission filed under another subject is not counted.
    if (c.questionnaire?.id !== questionnaire) {
      out.unopened.push({ trackingCode: row.tracking_code, reason: `答卷属于问卷 ${c.questionnaire?.id},与登记的 ${questionnaire} 不符` });
      continue;
    }
    out.answers.push(c.answers);
  }
  return out;
}
