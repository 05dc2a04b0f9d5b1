/**
 * The steps for one page, wherever they run: in a page worker (page-worker.ts),
 * or in the page's own thread where workers cannot run (page-workers.ts).
 * Checked pages wait here for their turn to be stored.
 */
import { ApprovalVerifier } from '../../contract/approvals.ts';
import type { Change, PageRef } from '../../contract/feed.ts';
import { KeyRing } from '../../contract/signing.ts';
import { openStore, type SyncState } from '../store/db.ts';
import { applyChanges, CursorMoved } from './apply.ts';
import { type Download, download } from './download.ts';
import type { Applied, FeedTrust, PageVerdict } from './page-protocol.ts';
import { checkPage } from './verify.ts';

export class PageSteps {
  private readonly ring: KeyRing;
  private readonly people: ApprovalVerifier | undefined;
  /** Checked pages waiting for their turn to be stored. */
  private readonly held = new Map<number, Change[]>();

  constructor(trust: FeedTrust) {
    this.ring = new KeyRing(trust.keys);
    this.people = trust.roster ? new ApprovalVerifier(trust.roster) : undefined;
  }

  async check(id: number, url: string, ref: PageRef, feed: string, expectFirst: number): Promise<PageVerdict> {
    return this.checkDownloaded(id, await download(url), ref, feed, expectFirst);
  }

  /** Checks page `id` from what its download brought, and keeps its changes if they passed. */
  async checkDownloaded(id: number, got: Download, ref: PageRef, feed: string, expectFirst: number): Promise<PageVerdict> {
    if (!got.ok) return { offline: `变更页 ${ref.href}:${got.message}` };
    const page = await checkPage(got.bytes, ref, this.ring, feed, expectFirst, this.people);
    if (!page.ok) return page;
    this.held.set(id, page.value);
    return { ok: true, ids: page.value.map((c) => (c.op === 'upsert' ? c.item.id : c.id)) };
  }

  /** Stores checked page `id` with `state` in one transaction, if the stored cursor is still `after`. */
  async apply(id: number, state: SyncState, known: string[], after: number): Promise<Applied> {
    const changes = this.held.get(id);
    this.held.delete(id);
    try {
      if (!changes) throw new Error(`第 ${id} 页尚未通过校验`);
      return { ok: true, value: await applyChanges(await openStore(), changes, state, new Set(known), after) };
    } catch (e) {
      return { ok: false, moved: e instanceof CursorMoved, message: (e as Error).message };
    }
  }
}
