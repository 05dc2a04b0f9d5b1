/**
 * The feed client: polls the head (conditional GET), fetches only new pages,
 * verifies everything, applies atomically, keeps the last good content when
 * anything fails, and logs every rejection with its reason.
 */
import type { DeviceConfig } from '../../contract/config.ts';
import { FEED_PATHS } from '../../contract/feed.ts';
import type { SyncRejectCode } from '../../contract/reject-codes.ts';
import { KeyRing } from '../../contract/signing.ts';
import { appendLog, type Db, getMeta, openStore, putMeta, readSyncState, type SyncState } from '../store/db.ts';
import type { ApplyResult } from './apply.ts';
import { checkHead } from './head.ts';
import type { PageWorkers } from './page-workers.ts';

export type SyncOutcome =
  | { kind: 'unchanged' }
  | { kind: 'applied'; upserted: number; withdrawn: number; seq: number }
  | { kind: 'rejected'; code: SyncRejectCode; message: string }
  | { kind: 'offline'; message: string };

export interface SyncStatus {
  running: boolean;
  online: boolean;
  last?: SyncOutcome;
  state?: SyncState;
  /** Bumped whenever checked attachments were added to the cache. */
  attachments?: number;
}

type Listener = (status: SyncStatus) => void;

export function feedBase(config: DeviceConfig): string {
  return new URL(config.feed, location.href).href;
}

export class SyncEngine {
  private readonly keys: KeyRing;
  private readonly base: string;
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<SyncOutcome> | undefined;
  private stopped = false;
  /** Attachments that could not be fetched yet (offline, server error): retried each round. */
  private attachmentsPending = true;
  status: SyncStatus = { running: false, online: navigator.onLine };
  /**
   * For a feed that is not public (the internal feed, /feed-internal/): called before each
   * poll, and with `renew` after a 401, to hold a session for this device (src/device/identity/feed-session.ts).
   */
  authorize: ((renew: boolean) => Promise<void>) | undefined;

  constructor(private readonly config: DeviceConfig) {
    this.keys = new KeyRing(config.trustedKeys);
    this.base = feedBase(config);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const fn of this.listeners) fn(this.status);
  }

  start(): void {
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    void openStore()
      .then(readSyncState)
      .then((state) => this.emit({ state }));
    void this.syncNow().finally(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
  }

  private readonly onOnline = () => {
    this.emit({ online: true });
    void this.syncNow();
  };
  private readonly onOffline = () => this.emit({ online: false });

  private schedule() {
    if (this.stopped) return;
    // ±10 % jitter, so a fleet that rebooted together does not poll together.
    const ms = this.config.pollSeconds * 1000 * (0.9 + Math.random() * 0.2);
    this.timer = setTimeout(() => void this.syncNow().finally(() => this.schedule()), ms);
  }

  /** One sync round; concurrent callers share it. */
  syncNow(): Promise<SyncOutcome> {
    this.inflight ??= this.round().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async round(): Promise<SyncOutcome> {
    this.emit({ running: true });
    performance.mark('zwgk:sync:start');
    let outcome: SyncOutcome;
    try {
      outcome = await this.pull(await openStore());
    } catch (e) {
      outcome = { kind: 'rejected', code: 'malformed', message: `同步出错:${(e as Error).message}` };
    }
    if (outcome.kind === 'rejected') await appendLog({ level: 'reject', code: outcome.code, message: outcome.message });
    if (outcome.kind === 'applied')
      await appendLog({
        level: 'info',
        code: 'applied',
        message: `已更新到第 ${outcome.seq} 号变更(新增或修订 ${outcome.upserted},撤回 ${outcome.withdrawn})`,
      });
    const state = await readSyncState(await openStore());
    performance.measure('zwgk:sync', { start: 'zwgk:sync:start', detail: outcome.kind });
    this.emit({ running: false, last: outcome, state, online: outcome.kind === 'offline' ? false : navigator.onLine });
    if (this.attachmentsPending && outcome.kind !== 'offline') await this.fetchMissingAttachments();
    // The input vocabulary is only needed once someone types: its checks load on demand.
    if (outcome.kind !== 'offline' && state?.vocab) await (await import('./vocab.ts')).refreshVocab(this.base, state.vocab);
    // The round's follow-up downloads are done too (benchmarks watch the next round from here).
    performance.mark('zwgk:sync:done');
    return outcome;
  }

  private async fetchMissingAttachments(): Promise<void> {
    const db = await openStore();
    const withFiles = (await db.getAll('items')).filter((s) => s.item.attachments.length > 0);
    // Checked downloads of attachments load after the first screen, when there is something to fetch.
    const { failed } =
      withFiles.length > 0 ? await (await import('./attachments.ts')).fetchAttachments(this.base, withFiles) : { failed: 0 };
    this.attachmentsPending = failed > 0;
    this.emit({ attachments: (this.status.attachments ?? 0) + 1 });
  }

  private async pull(db: Db): Promise<SyncOutcome> {
    const prev = await readSyncState(db);
    const channels = [...this.config.channels].sort();
    // A device moved to other channels, or to another feed (the internal one), starts over,
    // so it never keeps what it must not show. States from before `source` came from /feed/.
    const sameChannels = prev && prev.channels.join() === channels.join();
    const sameFeed = prev && (prev.source ?? new URL('/feed/', location.href).href) === this.base;
    const cursor = sameChannels && sameFeed ? prev : undefined;
    // Loaded at the first sync, not with the first screen (the size budget: npm run test:size).
    const { PageWorkers } = await import('./page-workers.ts');
    const checker = new PageWorkers(this.config.trustedKeys);
    // A device starting from nothing has the whole feed to check: its workers start while the head loads.
    if (!cursor) checker.start();
    try {
      return await this.pullFrom(db, prev, cursor, channels, checker);
    } finally {
      checker.close();
    }
  }

  private async pullFrom(
    db: Db,
    prev: SyncState | undefined,
    cursor: SyncState | undefined,
    channels: string[],
    checker: PageWorkers,
  ): Promise<SyncOutcome> {
    const now = new Date().toISOString();

    let res: Response;
    const head = () =>
      fetch(new URL(FEED_PATHS.head, this.base), {
        cache: 'no-store',
        headers: cursor?.etag ? { 'if-none-match': cursor.etag } : {},
      });
    try {
      await this.authorize?.(false);
      res = await head();
      if (res.status === 401 && this.authorize) {
        await this.authorize(true);
        res = await head();
      }
    } catch (e) {
      return { kind: 'offline', message: (e as Error).message };
    }
    if (res.status === 304 && cursor) {
      await putMeta(db, 'sync', { ...cursor, lastCheckAt: now });
      return { kind: 'unchanged' };
    }
    // The internal feed refusing this device (revoked, or not approved for it) is not a network fault: say so in the log.
    if (res.status === 401 || res.status === 403)
      return { kind: 'rejected', code: 'network', message: `feed 拒绝本设备读取(HTTP ${res.status}):本设备未获准或已被停用` };
    if (!res.ok) return { kind: 'offline', message: `feed 头文件 HTTP ${res.status}` };
    const checked = await checkHead(await res.text(), this.keys, cursor ?? { seq: 0 });
    if (!checked.ok) return { kind: 'rejected', code: checked.code, message: checked.message };
    const h = checked.value;
    // The roster's checks load only on a device that verifies people's approvals (most of the first screen's budget is spent).
    const storedRoster = await getMeta(db, 'roster');
    if (this.config.rosterRoots.length > 0 || storedRoster) {
      const roster = await (await import('./roster.ts')).takeRoster(db, this.base, this.config, h, storedRoster);
      if (!roster.ok) return { kind: 'rejected', code: roster.code, message: roster.message };
      checker.useRoster(roster.roster);
    }

    const from = (cursor?.seq ?? 0) + 1;
    const refs = h.pages.filter((ref) => ref.last >= from);
    const base: SyncState = {
      feed: h.feed,
      seq: h.seq,
      headIssued: h.issued,
      headExpires: h.expires,
      publisher: h.publisher,
      departments: h.departments,
      lastCheckAt: now,
      lastChangeAt: now,
      channels,
      source: this.base,
      ...(h.vocab ? { vocab: h.vocab } : {}),
    };
    const etag = res.headers.get('etag');
    if (!cursor && prev) await clearContent(db);
    if (refs.length === 0) {
      // A head re-signed with nothing new (a later expiry, say): only its details are kept.
      await putMeta(db, 'sync', { ...base, lastChangeAt: cursor?.lastChangeAt ?? now, ...(etag ? { etag } : {}) });
      return { kind: 'unchanged' };
    }

    // Workers download the pages and check each whole, a few at a time; each
    // page is stored in its own transaction, in feed order, as its turn comes.
    const verdicts = refs.map((ref, i) => checker.check(i, new URL(ref.href, this.base).href, ref, h.feed, Math.max(from, ref.first)));
    const known = await knownIds(db);
    const total = { upserted: 0, withdrawn: 0 };
    let stored = from - 1;
    let shown = performance.now();
    for (const [i, ref] of refs.entries()) {
      const page = await verdicts[i]!;
      if ('offline' in page) return { kind: 'offline', message: page.offline };
      if (!page.ok) return { kind: 'rejected', code: page.code, message: page.message };
      const last = i === refs.length - 1;
      // The head's own details count once the page that ends it is stored; its ETag only then.
      const state: SyncState = last ? { ...base, ...(etag ? { etag } : {}) } : { ...base, seq: ref.last };
      // Lets tests (and the diagnostics overlay) know a transaction is about to start.
      dispatchEvent(new CustomEvent('zwgk:apply', { detail: { changes: page.ids.length, seq: ref.last } }));
      const applied = await checker.apply(
        i,
        state,
        page.ids.filter((id) => known.has(id)),
        stored,
      );
      // Another tab moved the cursor meanwhile: the next round starts from there.
      if (!applied.ok) return applied.moved ? { kind: 'unchanged' } : { kind: 'offline', message: applied.message };
      followApplied(known, applied.value);
      stored = ref.last;
      total.upserted += applied.value.upserted;
      total.withdrawn += applied.value.withdrawn;
      if (applied.value.withAttachments > 0) this.attachmentsPending = true;
      // A long first sync (a slow line) shows what it has so far every few seconds.
      if (!last && performance.now() - shown > PROGRESS_MS) {
        shown = performance.now();
        this.emit({ state });
      }
    }
    return { kind: 'applied', upserted: total.upserted, withdrawn: total.withdrawn, seq: h.seq };
  }
}

/** How often a long sync shows the content stored so far (each showing re-reads the lists). */
const PROGRESS_MS = 5000;

/** The ids of the items stored on the device. */
async function knownIds(db: Db): Promise<Set<string>> {
  return new Set(await db.getAllKeys('items'));
}

/** The set of stored ids after a batch was applied. */
function followApplied(known: Set<string>, applied: Pick<ApplyResult, 'stored' | 'removed'>): void {
  for (const id of applied.stored) known.add(id);
  for (const id of applied.removed) known.delete(id);
}

async function clearContent(db: Db): Promise<void> {
  const tx = db.transaction(['items', 'archive', 'meta'], 'readwrite');
  await Promise.all([tx.objectStore('items').clear(), tx.objectStore('archive').clear(), tx.objectStore('meta').delete('sync'), tx.done]);
}
