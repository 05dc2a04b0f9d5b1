/**
 * Publishes an answer to a complaint or inquiry as an `answer` item of the
 * feed (《政务公开制度》七: 结果在政务公开栏内及时公布; 《政务公开投诉制度》第六条),
 * through the real publisher: checked against the contract and the county's
 * rules, with its approval record (预审 and 签发), signed with the office key.
 * Anonymised: only the office's own wording of the question and the answer,
 * refused if either contains a phone number, an ID number or the citizen's name.
 */
import * as v from 'valibot';
import { describeIssues } from '../../src/contract/config.ts';
import { type Approval, Approval as ApprovalSchema, type Item, Item as ItemSchema } from '../../src/contract/feed.ts';
import { STATUS_ZH, type SubmissionKind } from '../../src/contract/submission.ts';
import type { IdentityContent } from '../../src/contract/submission-content.ts';
import { formatTrackingCode } from '../../src/contract/tracking-code.ts';
import type { SubmissionRow } from '../intake/store.ts';
import type { SigningKey } from '../keys.ts';
import { nextRev, readFeed, writeFeed } from '../publish/feed-writer.ts';
import type { Approver } from '../publish/index.ts';
import { searchKeys } from '../publish/pinyin.ts';
import { checkItemRules } from '../publish/rules.ts';
import { personalDataIn } from './inbox.ts';

const KIND_ZH: Record<SubmissionKind, string> = {
  complaint: '投诉',
  inquiry: '咨询',
  'hearing-opinion': '听证意见',
  questionnaire: '问卷意见',
  'notice-opinion': '告示意见',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (s: string) =>
  s
    .split(/\n{2,}|\r\n\r\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');

export interface AnswerToPublish {
  row: SubmissionRow;
  /** A title for the board, e.g. "关于县医保窗口办理时限的答复". */
  title: string;
  /** The office's anonymised wording of what was asked or complained about. */
  question: string;
  department: string;
  approval: Approval;
  /** When the confidentiality key was given: the answer is also checked against the citizen's name and phone. */
  identity?: IdentityContent;
  publishedAt: string;
}

export type PublishAnswerResult = { ok: true; itemId: string; seq: number } | { ok: false; problems: string[] };

export function answerItem(a: AnswerToPublish): { item?: Item; problems: string[] } {
  const problems: string[] = [];
  if (!a.row.answer) problems.push('这件还没有写答复:先用 answer 命令写入答复');
  const approval = v.safeParse(ApprovalSchema, a.approval);
  if (!approval.success) problems.push(...describeIssues(approval.issues).map((p) => `审批记录 ${p}`));
  for (const [what, text] of [
    ['标题', a.title],
    ['问题摘要', a.question],
    ['答复', a.row.answer ?? ''],
  ] as const) {
    const found = personalDataIn(text, a.identity);
    if (found.length > 0) problems.push(`${what}中含有个人信息(${found.join('、')}),公开前须删去(《政务公开投诉制度》第四条)`);
  }
  if (problems.length > 0) return { problems };
  const code = a.row.tracking_code;
  const candidate = {
    id: `answer-${code.toLowerCase()}`,
    rev: 1,
    kind: 'answer',
    channel: 'public',
    category: a.row.kind === 'complaint' ? 'complaint-channels' : 'other-public',
    cadence: 'one-off',
    title: a.title,
    summary: `${KIND_ZH[a.row.kind]}办理结果(查询码 ${formatTrackingCode(code)})`,
    department: a.department,
    bodyHtml: `<h3>${KIND_ZH[a.row.kind]}事项</h3>${paragraphs(a.question)}<h3>答复</h3>${paragraphs(a.row.answer!)}<p>查询码:${formatTrackingCode(code)} · 办理状态:${STATUS_ZH[a.row.status]}</p>`,
    publishedAt: a.publishedAt,
    attachments: [],
    search: searchKeys(`${a.title} ${a.department}`),
    answer: { trackingCode: code, kind: a.row.kind, question: a.question, answer: a.row.answer, answeredAt: a.row.answered_at },
  };
  const item = v.safeParse(ItemSchema, candidate);
  if (!item.success) return { problems: describeIssues(item.issues) };
  const rules = approval.success ? checkItemRules(item.output, approval.output) : [];
  return rules.length > 0 ? { problems: rules } : { item: item.output, problems: [] };
}

/** Appends the answer item to the feed (a new revision if it was published before). */
export async function publishAnswer(
  a: AnswerToPublish,
  feed: { dir: string; key: SigningKey; feedId?: string; publisher?: string; approver?: Approver | undefined },
): Promise<PublishAnswerResult> {
  const { item, problems } = answerItem(a);
  if (!item) return { ok: false, problems };
  const log = await readFeed(feed.dir);
  const rev = nextRev(log.changes, item.id);
  const r = await writeFeed(feed.dir, log, {
    feedId: feed.feedId ?? log.head?.feed ?? 'qingyuan-zwgk',
    publisher: feed.publisher ?? log.head?.publisher ?? '清原满族自治县政务公开办',
    key: feed.key,
    // Devices that check people's approvals (docs/feed.md) need them: in the demo, the demo office signs.
    changes: feed.approver
      ? await feed.approver.sign([{ op: 'upsert', item: { ...item, rev }, approval: a.approval }])
      : [{ op: 'upsert', item: { ...item, rev }, approval: a.approval }],
    ...(feed.approver ? { roster: feed.approver.roster } : {}),
    refreshHead: true,
  });
  return { ok: true, itemId: item.id, seq: r.head.seq };
}
