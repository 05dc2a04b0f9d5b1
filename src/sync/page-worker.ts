/**
 * Downloads, checks and stores whole feed pages off the page's main thread:
 * the hash, JSON, the Ed25519 signatures (one per publishing run and page, and
 * a change's own where no batch covers it: ~57 µs each in Chromium, on the
 * calling thread), every content rule, then, when the main thread says it is this page's turn, the
 * page's one IndexedDB transaction. The main thread never holds a page or its
 * changes: a kiosk stays responsive during a big sync, the work spreads over
 * the cores, and no change is copied between threads.
 */
import type { TrustedKey } from '../contract/config.ts';
import type { Change, PageRef } from '../contract/feed.ts';
import { KeyRing } from '../contract/signing.ts';
import { openStore, type SyncState } from '../store/db.ts';
import { type ApplyResult, applyChanges, CursorMoved } from './apply.ts';
import { download } from './download.ts';
import { checkPage, type PageFailure } from './verify.ts';

export type PageRequest =
  | { type: 'check'; id: number; keys: TrustedKey[]; url: string; ref: PageRef; feed: string; expectFirst: number }
  | { type: 'apply'; id: number; state: SyncState; known: string[]; after: number }
  | { type: 'drop'; id: number };

/** A page checked: the ids it touches (so the main thread can say which it already has), or why not. */
export type PageVerdict = { ok: true; ids: string[] } | PageFailure | { offline: string };
export type Applied = { ok: true; value: ApplyResult } | { ok: false; moved: boolean; message: string };
export type PageReply = { id: number; verdict: PageVerdict } | { id: number; applied: Applied };

let ring: { json: string; keys: KeyRing } | undefined;
// Opened while the first page downloads, not when it is its turn to be stored (a failure shows at that turn).
void openStore().catch(() => undefined);
/** Checked pages waiting for their turn to be stored. */
const held = new Map<number, Change[]>();
/**
 * Pages are downloaded one after the other, each while the one before is
 * checked: the network and the CPU both stay busy, and at most two pages are
 * held in download at a time.
 */
let downloaded: Promise<unknown> = Promise.resolve();
let checked: Promise<unknown> = Promise.resolve();
let checkedBefore: Promise<unknown> = Promise.resolve();

const reply = (r: PageReply) => postMessage(r);

function check(req: Extract<PageRequest, { type: 'check' }>): void {
  const bytes = Promise.all([downloaded, checkedBefore]).then(() => download(req.url));
  downloaded = bytes;
  checkedBefore = checked;
  checked = Promise.all([bytes, checked]).then(async ([got]) => {
    const { id, keys, ref, feed, expectFirst } = req;
    if (!got.ok) return reply({ id, verdict: { offline: `变更页 ${ref.href}:${got.message}` } });
    const json = JSON.stringify(keys);
    if (ring?.json !== json) ring = { json, keys: new KeyRing(keys) };
    const page = await checkPage(got.bytes, ref, ring.keys, feed, expectFirst);
    if (!page.ok) return reply({ id, verdict: page });
    held.set(id, page.value);
    reply({ id, verdict: { ok: true, ids: page.value.map((c) => (c.op === 'upsert' ? c.item.id : c.id)) } });
  });
}

async function apply(req: Extract<PageRequest, { type: 'apply' }>): Promise<void> {
  const changes = held.get(req.id);
  held.delete(req.id);
  try {
    if (!changes) throw new Error(`第 ${req.id} 页不在本线程`);
    const value = await applyChanges(await openStore(), changes, req.state, new Set(req.known), req.after);
    reply({ id: req.id, applied: { ok: true, value } });
  } catch (e) {
    reply({ id: req.id, applied: { ok: false, moved: e instanceof CursorMoved, message: (e as Error).message } });
  }
}

addEventListener('message', (event: MessageEvent<PageRequest>) => {
  const req = event.data;
  if (req.type === 'check') check(req);
  else if (req.type === 'apply') void apply(req);
  else held.delete(req.id);
});
