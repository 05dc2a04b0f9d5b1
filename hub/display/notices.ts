/**
 * The notices the compliance report judges, read from the feed the hub
 * serves (the feed is the publisher's only state): each notice's latest
 * revision, and the day it was withdrawn, if it was.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chinaDate } from '../../src/contract/china-time.ts';
import type { Change } from '../../src/contract/feed.ts';
import { FEED_PATHS } from '../../src/contract/feed.ts';
import { readFeed, wholeFeedDir } from '../publish/feed-writer.ts';
import type { NoticeRecord } from './compliance.ts';

export function noticesOf(changes: readonly Change[]): NoticeRecord[] {
  const out = new Map<string, NoticeRecord>();
  for (const c of changes) {
    if (c.op === 'upsert') {
      if (c.item.kind !== 'notice') {
        out.delete(c.item.id);
        continue;
      }
      const { item } = c;
      out.set(item.id, {
        id: item.id,
        rev: item.rev,
        title: item.title,
        type: item.notice.type,
        channel: item.channel,
        department: item.department,
        periodStart: item.notice.periodStart,
        periodEnd: item.notice.periodEnd,
      });
    } else {
      const n = out.get(c.id);
      if (n) n.withdrawnOn = chinaDate(new Date(c.at));
    }
  }
  return [...out.values()];
}

/** Reads the feed again only when its head has changed. */
export class FeedNotices {
  private cached: { mtimeMs: number; notices: NoticeRecord[] } | undefined;
  constructor(private readonly feedDir: string) {}

  async list(): Promise<NoticeRecord[]> {
    let mtimeMs: number;
    try {
      // The whole feed (internal notices too: internal boards owe them their days).
      mtimeMs = (await stat(join(await wholeFeedDir(this.feedDir), FEED_PATHS.head))).mtimeMs;
    } catch {
      return [];
    }
    if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, notices: noticesOf((await readFeed(this.feedDir)).changes) };
    return this.cached.notices;
  }
}
