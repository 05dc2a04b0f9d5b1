/**
 * Downloads, checks and stores whole feed pages off the page's main thread:
 * the hash, JSON, the Ed25519 signatures (one per publishing run and page, and
 * a change's own where no batch covers it: ~57 µs each in Chromium, on the
 * calling thread), every content rule, then, when the main thread says it is this page's turn, the
 * page's one IndexedDB transaction. The main thread never holds a page or its
 * changes: a kiosk stays responsive during a big sync, the work spreads over
 * the cores, and no change is copied between threads. Messages: page-protocol.ts.
 */
import { openStore } from '../store/db.ts';
import { download } from './download.ts';
import type { Applied, CheckRequest, FeedTrust, PageProtocol, PageVerdict } from './page-protocol.ts';
import { PageSteps } from './page-steps.ts';
import { serveRpc } from './worker-rpc.ts';

// Opened while the first page downloads, not when it is its turn to be stored (a failure shows at that turn).
void openStore().catch(() => undefined);
/** The steps, for the keys and roster the main thread sends (the same every round, unless they changed). */
let steps: { json: string; steps: PageSteps } | undefined;

function stepsFor(trust: FeedTrust): PageSteps {
  const json = JSON.stringify(trust);
  if (steps?.json !== json) steps = { json, steps: new PageSteps(trust) };
  return steps.steps;
}

/**
 * Pages are downloaded one after the other, each while the one before is
 * checked: the network and the CPU both stay busy, and at most two pages are
 * held in download at a time.
 */
const pipeline = {
  downloaded: Promise.resolve<unknown>(undefined),
  checked: Promise.resolve<unknown>(undefined),
  checkedBefore: Promise.resolve<unknown>(undefined),
};

function check(req: CheckRequest): Promise<PageVerdict> {
  const bytes = Promise.all([pipeline.downloaded, pipeline.checkedBefore]).then(() => download(req.url));
  pipeline.downloaded = bytes;
  pipeline.checkedBefore = pipeline.checked;
  const verdict = Promise.all([bytes, pipeline.checked]).then(([got]) =>
    stepsFor(req.trust).checkDownloaded(req.id, got, req.ref, req.feed, req.expectFirst),
  );
  // A failed check answers its own request; the pages after it still wait only for its turn.
  pipeline.checked = verdict.catch(() => undefined);
  return verdict;
}

serveRpc<PageProtocol>(self, {
  check,
  apply: (req) =>
    steps
      ? steps.steps.apply(req.id, req.state, req.known, req.after)
      : Promise.resolve<Applied>({ ok: false, moved: false, message: `第 ${req.id} 页尚未通过校验` }),
});
