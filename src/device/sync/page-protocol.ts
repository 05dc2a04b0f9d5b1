/**
 * What the page and its page workers (page-workers.ts ↔ page-worker.ts) say to
 * each other, and the types both they and page-steps.ts use.
 */
import type { TrustedKey } from '../../contract/config.ts';
import type { PageRef } from '../../contract/feed.ts';
import type { Roster } from '../../contract/roster.ts';
import type { SyncState } from '../store/db.ts';
import type { ApplyResult } from './apply.ts';
import type { PageFailure } from './verify.ts';

/** What a page is checked against: the feed's keys and, once the device has one, the office's roster of people. */
export interface FeedTrust {
  keys: readonly TrustedKey[];
  /** With a roster, every change needs its people's signed approvals (docs/feed.md). */
  roster?: Roster | undefined;
}

/** A page checked: the ids it touches (so the main thread can say which it already has), or why not. */
export type PageVerdict = { ok: true; ids: string[] } | PageFailure | { offline: string };
export type Applied = { ok: true; value: ApplyResult } | { ok: false; moved: boolean; message: string };

export type CheckRequest = { id: number; trust: FeedTrust; url: string; ref: PageRef; feed: string; expectFirst: number };
export type ApplyRequest = { id: number; state: SyncState; known: string[]; after: number };

/** For worker-rpc.ts: each request type with its reply. */
export type PageProtocol = {
  /** Download and check page `id` of this round. */
  check: { req: CheckRequest; reply: PageVerdict };
  /** Store checked page `id` in one transaction, if the stored cursor is still `after`. */
  apply: { req: ApplyRequest; reply: Applied };
};
