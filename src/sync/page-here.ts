/** The page workers' steps in the page's own thread, for a browser where the workers cannot run (page-workers.ts). */
import type { TrustedKey } from '../contract/config.ts';
import type { Change, PageRef } from '../contract/feed.ts';
import { KeyRing } from '../contract/signing.ts';
import { openStore, type SyncState } from '../store/db.ts';
import { applyChanges, CursorMoved } from './apply.ts';
import { download } from './download.ts';
import type { Applied, PageVerdict } from './page-worker.ts';
import { checkPage } from './verify.ts';

export class PagesHere {
  private readonly ring: KeyRing;
  /** Checked pages waiting for their turn to be stored. */
  private readonly held = new Map<number, Change[]>();

  constructor(keys: TrustedKey[]) {
    this.ring = new KeyRing(keys);
  }

  async check(id: number, url: string, ref: PageRef, feed: string, expectFirst: number): Promise<PageVerdict> {
    const got = await download(url);
    if (!got.ok) return { offline: `变更页 ${ref.href}:${got.message}` };
    const page = await checkPage(got.bytes, ref, this.ring, feed, expectFirst);
    if (!page.ok) return page;
    this.held.set(id, page.value);
    return { ok: true, ids: page.value.map((c) => (c.op === 'upsert' ? c.item.id : c.id)) };
  }

  async apply(id: number, state: SyncState, known: string[], after: number): Promise<Applied> {
    const changes = this.held.get(id) ?? [];
    this.held.delete(id);
    try {
      return { ok: true, value: await applyChanges(await openStore(), changes, state, new Set(known), after) };
    } catch (e) {
      return { ok: false, moved: e instanceof CursorMoved, message: (e as Error).message };
    }
  }
}
