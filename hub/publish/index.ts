/**
 * Publishing: content/ → validated, approved, signed feed. All or nothing: if
 * any file is refused, nothing is published and every problem is listed.
 * Publishing the same content twice changes nothing.
 */
import type { Envelope, Item } from '../../src/contract/feed.ts';
import type { SigningKey } from '../keys.ts';
import { type ContentProblem, readContent } from './content.ts';
import { latestById, nextRev, type PublishInput, readFeed, writeFeed } from './feed-writer.ts';
import { checkItemRules } from './rules.ts';

export interface PublishOptions {
  contentDir: string;
  feedDir: string;
  key: SigningKey;
  feedId?: string;
  publisher?: string;
  headTtlDays?: number;
  now?: Date;
  /**
   * The day ('YYYY-MM-DD', China) this run publishes on; `npm run publish`
   * passes today. New items' periods and notice dates are measured from it,
   * never before (告示制度 第六条, 听证制度 第九条). Unset (the demo hub): from
   * each item's own `published` date.
   */
  publishDate?: string;
  /**
   * Signs each new change's approvals by the people who gave them (docs/feed.md); with
   * it, the roster those people are on goes into the feed too. `npm start` passes the
   * demo office's (hub/approvals/demo-office.ts); the workspace passes the people's own.
   */
  approver?: Approver;
}

export interface Approver {
  roster: Envelope;
  sign(changes: PublishInput['changes']): Promise<PublishInput['changes']>;
}

export type PublishResult =
  | { ok: true; added: number; seq: number; headWritten: boolean; items: number; drafts: ContentProblem[]; warnings: ContentProblem[] }
  | { ok: false; problems: ContentProblem[]; drafts: ContentProblem[] };

const sameItem = (a: Item, b: Item) => JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });

export async function publish(o: PublishOptions): Promise<PublishResult> {
  const log = await readFeed(o.feedDir);
  const firstPublished = new Map<string, string>();
  for (const c of log.changes) if (c.op === 'upsert' && !firstPublished.has(c.item.id)) firstPublished.set(c.item.id, c.item.publishedAt);
  const { items, problems, drafts, warnings } = await readContent(o.contentDir, firstPublished);
  const latest = latestById(log.changes);
  for (const src of items) {
    const prev = latest.get(src.item.id);
    const prevItem = prev?.op === 'upsert' ? prev.item : undefined;
    if (src.withdrawal) continue;
    const found: string[] = [];
    if (!prevItem && o.publishDate)
      found.push(...checkItemRules(src.item, src.approval, o.publishDate).filter((p) => p.includes('早于发布日期')));
    // A revision's approval covers exactly its content: an edit under the last revision's approval is refused.
    if (
      prev?.op === 'upsert' &&
      prevItem &&
      !sameItem(prevItem, src.item) &&
      JSON.stringify(prev.approval) === JSON.stringify(src.approval)
    )
      found.push(
        `内容已修改,但审批记录与已发布的第 ${prevItem.rev} 版相同:上一版的预审和签发不覆盖修改后的内容。请将修改后的内容重新送预审、签发,并在 approval 中填写新的 preReview 和 signOff(人和时间)后再发布(${'《政务公开预审制度》'}第三条、${'《政务公开制度》'}四)`,
      );
    if (found.length > 0) problems.push({ file: src.file, problems: found });
  }
  if (problems.length > 0) return { ok: false, problems, drafts };
  const changes: PublishInput['changes'] = [];
  const files = new Map<string, Uint8Array>();
  for (const src of items) {
    const prev = latest.get(src.item.id);
    const prevItem = prev?.op === 'upsert' ? prev.item : undefined;
    if (src.withdrawal) {
      if (prevItem) changes.push({ op: 'withdraw', id: src.item.id, reason: src.withdrawal.reason, approval: src.withdrawal.approval });
      continue;
    }
    // A revision is new when the item or its approval changed; a re-run publishes nothing.
    if (prev?.op === 'upsert' && prevItem && sameItem(prevItem, src.item) && JSON.stringify(prev.approval) === JSON.stringify(src.approval))
      continue;
    const rev = nextRev(log.changes, src.item.id);
    changes.push({ op: 'upsert', item: { ...src.item, rev }, approval: src.approval });
    for (const [href, bytes] of src.files) files.set(href, bytes);
  }
  const r = await writeFeed(o.feedDir, log, {
    feedId: o.feedId ?? log.head?.feed ?? 'qingyuan-zwgk',
    publisher: o.publisher ?? log.head?.publisher ?? '清原满族自治县政务公开办',
    key: o.key,
    changes: o.approver ? await o.approver.sign(changes) : changes,
    ...(o.approver ? { roster: o.approver.roster } : {}),
    files,
    ...(o.headTtlDays !== undefined ? { headTtlDays: o.headTtlDays } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  return { ok: true, added: r.added, seq: r.head.seq, headWritten: r.headWritten, items: items.length, drafts, warnings };
}

/**
 * Re-signs the head when less than half its lifetime is left, so devices do not
 * report the content as out of date while nothing changed (TUF's timestamp role).
 */
export async function refreshHead(feedDir: string, key: SigningKey, headTtlDays?: number): Promise<boolean> {
  const log = await readFeed(feedDir);
  if (!log.head) return false;
  const r = await writeFeed(feedDir, log, {
    feedId: log.head.feed,
    publisher: log.head.publisher,
    key,
    changes: [],
    ...(headTtlDays !== undefined ? { headTtlDays } : {}),
  });
  return r.headWritten;
}
