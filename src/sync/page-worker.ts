/**
 * Downloads, checks and stores whole feed pages off the page's main thread:
 * the hash, JSON, the Ed25519 signatures (one per publishing run and page, and
 * a change's own where no batch covers it: ~57 µs each in Chromium, on the
 * calling thread), every content rule, then, when the main thread says it is this page's turn, the
 * page's one IndexedDB transaction. The main thread never holds a page or its
 * changes: a kiosk stays responsive during a big sync, the work spreads over
 * the cores, and no change is copied between threads.
 */
import type { PageRef } from '../contract/feed.ts';
import { openStore, type SyncState } from '../store/db.ts';
import type { ApplyResult } from './apply.ts';
import { download } from './download.ts';
import { type FeedTrust, PageSteps } from './page-steps.ts';
import type { PageFailure } from './verify.ts';

export type PageRequest =
  | { type: 'check'; id: number; trust: FeedTrust; url: string; ref: PageRef; feed: string; expectFirst: number }
  | { type: 'apply'; id: number; state: SyncState; known: string[]; after: number };

/** A page checked: the ids it touches (so the main thread can say which it already has), or why not. */
export type PageVerdict = { ok: true; ids: string[] } | PageFailure | { offline: string };
export type Applied = { ok: true; value: ApplyResult } | { ok: false; moved: boolean; message: string };
export type PageReply = { id: number; verdict: PageVerdict } | { id: number; applied: Applied };

// Opened while the first page downloads, not when it is its turn to be stored (a failure shows at that turn).
void openStore().catch(() => undefined);
/** The steps, for the keys and roster the main thread sends (the same every round, unless they changed). */
let steps: { json: string; steps: PageSteps } | undefined;
/**
 * Pages are downloaded one after the other, each while the one before is
 * checked: the network and the CPU both stay busy, and at most two pages are
 * held in download at a time.
 */
let downloaded: Promise<unknown> = Promise.resolve();
let checked: Promise<unknown> = Promise.resolve();
let checkedBefore: Promise<unknown> = Promise.resolve();

const reply = (r: PageReply) => postMessage(r);

function stepsFor(trust: FeedTrust): PageSteps {
  const json = JSON.stringify(trust);
  if (steps?.json !== json) steps = { json, steps: new PageSteps(trust) };
  return steps.steps;
}

function check(req: Extract<PageRequest, { type: 'check' }>): void {
  const bytes = Promise.all([downloaded, checkedBefore]).then(() => download(req.url));
  downloaded = bytes;
  checkedBefore = checked;
  checked = Promise.all([bytes, checked]).then(async ([got]) => {
    const verdict = await stepsFor(req.trust).checkDownloaded(req.id, got, req.ref, req.feed, req.expectFirst);
    reply({ id: req.id, verdict });
  });
}

addEventListener('message', (event: MessageEvent<PageRequest>) => {
  const req = event.data;
  if (req.type === 'check') check(req);
  else {
    const applied = steps
      ? steps.steps.apply(req.id, req.state, req.known, req.after)
      : Promise.resolve<Applied>({ ok: false, moved: false, message: `第 ${req.id} 页尚未通过校验` });
    void applied.then((a) => reply({ id: req.id, applied: a }));
  }
});
