/**
 * A draft as the feed item it would become, checked by the publisher's own schema and rules
 * (hub/publish/: the same sentences `npm run publish` prints), each problem with the field it
 * concerns and its article so the drafting form can show it beside the field. The item built
 * here is exactly what is signed and published: its canonical content hash (approvals.ts
 * `contentHash`) is the revision's hash every approval is bound to (issue 12, issue 16).
 */
import { Marked } from 'marked';
import * as v from 'valibot';
import { contentHash } from '../../src/contract/approvals.ts';
import { type Item, Item as ItemSchema } from '../../src/contract/feed.ts';
import type { DraftContent, DraftProblem } from '../../src/contract/workflow-content.ts';
import { describeIssue, FIELD_ZH } from '../publish/messages.ts';
import { searchKeys } from '../publish/pinyin.ts';
import { checkedForm, checkedResult, questionnaireRules } from '../publish/questionnaire.ts';
import { checkItemRuleProblems, checkPartialRules, ruleProblem } from '../publish/rules.ts';
import { sanitizeBody } from '../publish/sanitize-body.ts';

const markdown = new Marked({ gfm: true });

export interface Built {
  /** The item, when the draft passes the schema (it may still break a rule). */
  item?: Item | undefined;
  /** What the item would be, as far as it is written (for the preview of an incomplete draft). */
  candidate: Record<string, unknown>;
  /** The canonical content hash of the item (or of the candidate, while incomplete). */
  hash: string;
  problems: DraftProblem[];
  /** What was taken out of the body (scripts, frames…): published anyway, the clerk is told. */
  removed: string[];
}

/**
 * Builds the item of a draft. `rev` is the feed revision it will be; `publishDate` (China) is
 * the day it is checked for (periods and notice dates are measured from it, never before);
 * `firstPublished` the first revision's date when the item is already in the feed.
 */
export async function buildItem(
  src: DraftContent,
  o: { itemId: string; rev: number; department: string; publishDate: string; firstPublished?: string | undefined },
): Promise<Built> {
  const problems: DraftProblem[] = [];
  const body = sanitizeBody(await markdown.parse(src.body ?? ''), src.body ?? '');
  const title = src.title ?? '';
  const form = src.kind === 'questionnaire' ? checkedForm({ ok: true, value: src.form }, 'questionnaire') : { problems: [] as string[] };
  for (const m of form.problems) problems.push({ field: 'form', message: m });
  const result = src.kind === 'result' ? checkedResult({ ok: true, value: src.result }, 'result') : { problems: [] as string[] };
  for (const m of result.problems) problems.push({ field: 'result', message: m });
  const candidate: Record<string, unknown> = {
    id: o.itemId,
    rev: o.rev,
    kind: src.kind,
    channel: src.channel ?? 'public',
    category: src.category || undefined,
    cadence: src.cadence || undefined,
    title,
    ...(src.summary ? { summary: src.summary } : {}),
    department: o.department,
    bodyHtml: body.html,
    publishedAt: src.publishedAt || undefined,
    ...(src.validFrom ? { validFrom: src.validFrom } : {}),
    ...(src.validUntil ? { validUntil: src.validUntil } : {}),
    attachments: src.attachments ?? [],
    search: searchKeys(`${title} ${o.department}`),
    ...(src.kind === 'notice' ? { notice: src.notice ?? {} } : {}),
    ...(src.kind === 'hearing' ? { hearing: src.hearing ?? {} } : {}),
    ...(src.kind === 'questionnaire' ? { questionnaire: src.questionnaire ?? {}, ...(form.form ? { form: form.form } : {}) } : {}),
    ...(src.kind === 'result' && result.result ? { result: result.result } : {}),
  };
  const parsed = v.safeParse(ItemSchema, candidate);
  let item: Item | undefined;
  if (parsed.success) {
    item = parsed.output;
    problems.push(...checkItemRuleProblems(item, undefined, o.publishDate, o.firstPublished));
    if (item.kind === 'questionnaire') problems.push(...questionnaireRules(item).map(ruleProblem));
  } else {
    for (const issue of parsed.issues) {
      const path = v.getDotPath(issue) ?? undefined;
      if (path?.startsWith('form') || path?.startsWith('result')) continue;
      problems.push({ field: path, message: describeIssue(issue), article: path ? FIELD_ZH[path]?.article : undefined });
    }
    problems.push(...checkPartialRules(candidate, o.publishDate, o.firstPublished).map(ruleProblem));
  }
  if ((src.body ?? '').trim() === '' && src.kind !== 'questionnaire') problems.push({ field: 'body', message: '请填写正文' });
  // The same sentence may come from the schema and the rules: show it once.
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    if (seen.has(p.message)) return false;
    seen.add(p.message);
    return true;
  });
  return {
    item,
    candidate,
    hash: await contentHash(item ?? candidate),
    problems: unique,
    removed: body.removed.map((r) => r.what),
  };
}
