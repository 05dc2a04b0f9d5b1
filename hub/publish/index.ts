/**
 * Publishing: content/ → validated, approved, signed feed. All or nothing: if
 * any file is refused, nothing is published and every problem is listed.
 * Publishing the same content twice changes nothing.
 */
import type { Envelope, Item } from '../../src/contract/feed.ts';
import type { SigningKey } from '../keys.ts';
import { type ContentProblem, readContent } from './content.ts';
import { latestById, type PublishInput, readFeed, writeFeed } from './feed-writer.ts';

export interface PublishOptions {
  contentDir: string;
  feedDir: string;
  key: SigningKey;
  feedId?: string;
  publisher?: string;
  headTtlDays?: number;
  now?: Date;
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
  | { ok: true; added: number; seq: number; headWritten: boolean; items: number; warnings: ContentProblem[] }
  | { ok: false; problems: ContentProblem[] };

const sameItem = (a: Item, b: Item) => JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });

export async function publish(o: PublishOptions): Promise<PublishResult> {
  const { items, problems, warnings } = await readContent(o.contentDir);
  if (problems.length > 0) return { ok: false, problems };
  const log = await readFeed(o.feedDir);
  const latest = latestById(log.changes);
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
    const rev = prevItem ? prevItem.rev + 1 : prev ? highestRev(log.changes, src.item.id) + 1 : 1;
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
  return { ok: true, added: r.added, seq: r.head.seq, headWritten: r.headWritten, items: items.length, warnings };
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

function highestRev(changes: PublishInput['changes'] | readonly { op: string; item?: Item }[], id: string): number {
  let rev = 0;
  for (const c of changes) if (c.op === 'upsert' && c.item && c.item.id === id) rev = Math.max(rev, c.item.rev);
  return rev;
}
