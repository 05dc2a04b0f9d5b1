/**
 * Writes the static feed: immutable change pages, per-item documents for
 * phones, attachments by hash, and the signed head. Any web server or CDN can
 * serve the result (DESIGN principle 5).
 *
 * 内外有别 (工作制度 二): once anything internal is published, the feed is two feeds.
 * `dir/internal/` holds the whole feed (public and internal items), served by the hub
 * only to enrolled internal devices and signed-in people (/feed-internal/); `dir` itself
 * holds the public projection (public items only, numbered on their own, signed alike),
 * which any web server or CDN may serve. The projection is made here, from the whole
 * feed, as each publishing run is written: the publisher's state is the whole feed.
 */
import { cp, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PersonApproval } from '../../src/contract/approvals.ts';
import type { Approval, Batch, Change, Envelope, Head, Item, Page, PageRef } from '../../src/contract/feed.ts';
import { batchText, FEED_PATHS, FEED_VERSION } from '../../src/contract/feed.ts';
import { LIMITS } from '../../src/contract/limits.ts';
import { sha256Hex, signEnvelope } from '../../src/contract/signing.ts';
import type { VocabRef } from '../../src/contract/vocab.ts';
import type { SigningKey } from '../keys.ts';
import { buildVocab, vocabFile } from './vocab.ts';

export interface FeedLog {
  head?: Head;
  /** The people's signed approvals the changes name, by signature (docs/feed.md). */
  approvals: Map<string, PersonApproval>;
  /** Every change envelope, in sequence order. */
  envelopes: Envelope[];
  changes: Change[];
  /** The signed batches (contract `Batch`) of the pages, in sequence order. */
  batches: Envelope[];
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Where the whole feed lives once it has internal items (never under a public feed path: /feed/ serves `dir` alone). */
export const INTERNAL_FEED_DIR = 'internal';
const PROJECTION = 'projection.json';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The directory holding the whole feed: `dir/internal` once anything internal was published, else `dir`. */
export async function wholeFeedDir(dir: string): Promise<string> {
  const inner = join(dir, INTERNAL_FEED_DIR);
  return (await exists(join(inner, FEED_PATHS.head))) ? inner : dir;
}

/** Reads the whole feed already on disk (the feed itself is the publisher's only state). */
export async function readFeed(dir: string): Promise<FeedLog> {
  return readFeedAt(await wholeFeedDir(dir));
}

/** Reads the feed in exactly this directory (the public projection when given `dir`). */
export async function readFeedAt(dir: string): Promise<FeedLog> {
  let headText: string;
  try {
    headText = await readFile(join(dir, FEED_PATHS.head), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { envelopes: [], changes: [], batches: [], approvals: new Map() };
    throw e;
  }
  const head = JSON.parse((JSON.parse(headText) as Envelope).payload) as Head;
  const envelopes: Envelope[] = [];
  const batches: Envelope[] = [];
  const approvals = new Map<string, PersonApproval>();
  for (const ref of head.pages) {
    const page = JSON.parse(await readFile(join(dir, ref.href), 'utf8')) as Pick<Page, 'changes' | 'batches' | 'approvals'>;
    envelopes.push(...(page.changes as Envelope[]));
    batches.push(...((page.batches ?? []) as Envelope[]));
    for (const a of (page.approvals ?? []) as PersonApproval[]) approvals.set(a.signature, a);
  }
  return { head, envelopes, changes: envelopes.map((e) => JSON.parse(e.payload) as Change), batches, approvals };
}

/** The latest state of each item id in the log. */
export function latestById(changes: readonly Change[]): Map<string, Change> {
  const out = new Map<string, Change>();
  for (const c of changes) out.set(c.op === 'upsert' ? c.item.id : c.id, c);
  return out;
}

/**
 * The rev an item's next revision takes: one above the highest it ever had, so a
 * withdrawn item published again never reuses a number a device has already seen.
 */
export function nextRev(changes: readonly Change[], id: string): number {
  let rev = 0;
  for (const c of changes) if (c.op === 'upsert' && c.item.id === id) rev = Math.max(rev, c.item.rev);
  return rev + 1;
}

export interface PublishInput {
  feedId: string;
  publisher: string;
  key: SigningKey;
  /** New changes, without feed/seq (assigned here), with the people's signed approvals (`people`). */
  changes: Array<
    ({ op: 'upsert'; item: Item; approval: Approval } | { op: 'withdraw'; id: string; reason: string; approval: Approval }) & {
      people?: { approvals: PersonApproval[]; drafter?: string | undefined };
    }
  >;
  /** A new roster signed by the office's root key; the head keeps naming the last one otherwise. */
  roster?: Envelope;
  files?: Map<string, Uint8Array>;
  headTtlDays?: number;
  now?: Date;
  /** Re-sign the head even when nothing changed (its expiry is refreshed). */
  refreshHead?: boolean;
}

const isInternal = (c: PublishInput['changes'][number] | Change) => c.op === 'upsert' && c.item.channel === 'internal';

/**
 * Writes a publishing run: to `dir` alone while the feed is all public; once anything
 * internal is in it, to the whole feed in `dir/internal/` and then its public projection
 * in `dir`. `log` is the whole feed as readFeed(dir) returned it.
 */
export async function writeFeed(
  dir: string,
  log: FeedLog,
  input: PublishInput,
): Promise<{ head: Head; added: number; headWritten: boolean }> {
  const inner = join(dir, INTERNAL_FEED_DIR);
  const split = (await exists(join(inner, FEED_PATHS.head))) || input.changes.some(isInternal) || log.changes.some(isInternal);
  if (!split) return writeFeedAt(dir, log, input);
  let projected: number;
  if (!(await exists(join(inner, FEED_PATHS.head)))) {
    // The first internal item: what was published so far (all public) becomes the start of the whole feed.
    if (log.head) {
      for (const sub of ['items', 'files', 'vocab', 'pages'])
        if (await exists(join(dir, sub))) await cp(join(dir, sub), join(inner, sub), { recursive: true });
      await writeFile(join(await mkdirFor(inner), FEED_PATHS.head), await readFile(join(dir, FEED_PATHS.head)));
    }
    projected = log.changes.length;
  } else
    projected = (JSON.parse(await readFile(join(inner, PROJECTION), 'utf8').catch(() => '{"through":0}')) as { through: number }).through;
  const whole = await writeFeedAt(inner, log, input);
  await project(dir, inner, projected, input);
  return whole;
}

async function mkdirFor(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Brings the public projection in `dir` up to the whole feed in `inner`: each public
 * change published after `through` again, on the public feed's own numbering; an item
 * that turned internal is withdrawn from the public feed.
 */
async function project(dir: string, inner: string, through: number, input: PublishInput): Promise<void> {
  const whole = await readFeedAt(inner);
  const pub = await readFeedAt(dir);
  const shown = new Map<string, boolean>();
  for (const [id, c] of latestById(pub.changes)) shown.set(id, c.op === 'upsert');
  const changes: PublishInput['changes'] = [];
  // The people's approvals travel with each change into the public feed too (docs/feed.md).
  const people = (c: Change) =>
    c.approvals
      ? {
          people: {
            approvals: c.approvals.flatMap((sig) => {
              const a = whole.approvals.get(sig);
              return a ? [a] : [];
            }),
            drafter: c.drafter,
          },
        }
      : {};
  for (const c of whole.changes.slice(through)) {
    if (c.op === 'upsert' && c.item.channel === 'public') {
      changes.push({ op: 'upsert', item: c.item, approval: c.approval, ...people(c) });
      shown.set(c.item.id, true);
    } else if (shown.get(c.op === 'upsert' ? c.item.id : c.id)) {
      const id = c.op === 'upsert' ? c.item.id : c.id;
      // A 撤回 keeps its leader's signature; an item turned internal needs a 撤回 signed for the public feed (not made here).
      changes.push({
        op: 'withdraw',
        id,
        reason: c.op === 'withdraw' ? c.reason : '已转为对内公开',
        approval: c.approval,
        ...(c.op === 'withdraw' ? people(c) : {}),
      });
      shown.set(id, false);
    }
  }
  // Attachments of public items only.
  const hrefs = new Set(changes.flatMap((c) => (c.op === 'upsert' ? c.item.attachments.map((a) => a.href) : [])));
  const files = new Map([...(input.files ?? [])].filter(([href]) => hrefs.has(href)));
  await writeFeedAt(dir, pub, { ...input, changes, files });
  await writeAtomic(join(inner, PROJECTION), JSON.stringify({ through: whole.changes.length }));
}

/** Writes a run to the feed in exactly `dir`. */
async function writeFeedAt(dir: string, log: FeedLog, input: PublishInput): Promise<{ head: Head; added: number; headWritten: boolean }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  let seq = log.changes.length;
  const newEnvelopes: Envelope[] = [];
  const approvals = new Map(log.approvals);
  for (const c of input.changes) {
    seq++;
    const people = c.people
      ? { approvals: c.people.approvals.map((a) => a.signature), ...(c.people.drafter ? { drafter: c.people.drafter } : {}) }
      : {};
    for (const a of c.people?.approvals ?? []) approvals.set(a.signature, a);
    const change: Change =
      c.op === 'upsert'
        ? { v: FEED_VERSION, feed: input.feedId, seq, at, op: 'upsert', item: c.item, approval: c.approval, ...people }
        : { v: FEED_VERSION, feed: input.feedId, seq, at, op: 'withdraw', id: c.id, reason: c.reason, approval: c.approval, ...people };
    const env = await signEnvelope(change, input.key.id, input.key.privateKey);
    if (env.payload.length > LIMITS.changeBytes)
      throw new Error(`条目 ${c.op === 'upsert' ? c.item.id : c.id} 过大(${env.payload.length} 字节)`);
    newEnvelopes.push(env);
    // A phone checks one item alone: its document carries the change and the approvals it names.
    const doc = c.people ? { ...env, approvals: c.people.approvals } : env;
    await writeAtomic(join(dir, FEED_PATHS.item(c.op === 'upsert' ? c.item.id : c.id)), JSON.stringify(doc));
  }
  let roster = log.head?.roster;
  if (input.roster) {
    const bytes = new TextEncoder().encode(JSON.stringify(input.roster));
    const sha256 = await sha256Hex(bytes);
    roster = { href: FEED_PATHS.roster(sha256), sha256, bytes: bytes.byteLength };
    if (roster.href !== log.head?.roster?.href) await writeAtomic(join(dir, roster.href), bytes);
  }
  const rosterChanged = roster?.href !== log.head?.roster?.href;
  for (const [href, bytes] of input.files ?? []) await writeAtomic(join(dir, href), bytes);
  const newBatches = await signBatches(input.feedId, log.envelopes.length + 1, newEnvelopes, input.key, at);

  const all = [...log.envelopes, ...newEnvelopes];
  const ttl = (input.headTtlDays ?? 7) * 86_400_000;
  const stale = !log.head || Date.parse(log.head.expires) - now.getTime() < ttl / 2;
  if (newEnvelopes.length === 0 && !stale && !input.refreshHead && !rosterChanged && log.head)
    return { head: log.head, added: 0, headWritten: false };
  const latest = latestItems(all);
  // Public items only: every device gets the vocabulary, and internal words stay internal (内外有别).
  const vocab = vocabFile(buildVocab(latest.filter((i) => i.channel === 'public')));
  await writeAtomic(join(dir, vocab.href), vocab.bytes);
  const head = await writePagesAndHead(dir, log.head, all, {
    batches: [...log.batches, ...newBatches],
    approvals,
    ...(roster ? { roster } : {}),
    vocab: { href: vocab.href, sha256: vocab.sha256, bytes: vocab.bytes.byteLength },
    feedId: input.feedId,
    publisher: input.publisher,
    key: input.key,
    now,
    ttlMs: ttl,
    departments: [...new Set(latest.map((i) => i.department))].sort().map((name) => ({ id: name, name })),
  });
  return { head, added: newEnvelopes.length, headWritten: true };
}

/**
 * Writes the pages for `envelopes` (full pages already in `previous` are kept
 * as they are: immutable) and a newly signed head. Takes envelopes as given:
 * the caller has validated and signed them.
 */
export async function writePagesAndHead(
  dir: string,
  previous: Head | undefined,
  envelopes: readonly Envelope[],
  o: {
    feedId: string;
    publisher: string;
    key: SigningKey;
    now: Date;
    ttlMs: number;
    departments: Head['departments'];
    /** The pinyin input vocabulary, already written (publisher only). */
    vocab?: VocabRef;
    /** Signed batches (`signBatches`); each goes into the page that holds its changes. */
    batches?: readonly Envelope[];
    /** The people's approvals, by signature; each page carries those its changes name. */
    approvals?: ReadonlyMap<string, PersonApproval>;
    roster?: Head['roster'];
  },
): Promise<Head> {
  const ranges = (o.batches ?? []).map((b) => ({ env: b, range: JSON.parse(b.payload) as Pick<Batch, 'first' | 'last'> }));
  const pages: PageRef[] = [];
  for (let i = 0; i < envelopes.length; i += LIMITS.pageSize) {
    const first = i + 1;
    const last = Math.min(i + LIMITS.pageSize, envelopes.length);
    const kept = previous?.pages.find((p) => p.first === first && p.last === last);
    if (kept) {
      pages.push(kept);
      continue;
    }
    const batches = ranges.filter((b) => b.range.first >= first && b.range.last <= last).map((b) => b.env);
    const changes = envelopes.slice(i, last);
    const named = new Set(changes.flatMap((e) => (JSON.parse(e.payload) as { approvals?: string[] }).approvals ?? []));
    const approvals = [...named].flatMap((sig) => {
      const a = o.approvals?.get(sig);
      return a ? [a] : [];
    });
    const page = {
      v: FEED_VERSION,
      first,
      last,
      changes,
      ...(batches.length > 0 ? { batches } : {}),
      ...(approvals.length > 0 ? { approvals } : {}),
    };
    const bytes = new TextEncoder().encode(JSON.stringify(page));
    const sha256 = await sha256Hex(bytes);
    const href = `pages/${String(first).padStart(7, '0')}-${String(last).padStart(7, '0')}-${sha256.slice(0, 16)}.json`;
    await writeAtomic(join(dir, href), bytes);
    pages.push({ first, last, href, sha256, bytes: bytes.byteLength });
  }
  const head: Head = {
    v: FEED_VERSION,
    feed: o.feedId,
    publisher: o.publisher,
    seq: envelopes.length,
    issued: o.now.toISOString(),
    expires: new Date(o.now.getTime() + o.ttlMs).toISOString(),
    pages,
    departments: o.departments,
    ...(o.vocab ? { vocab: o.vocab } : {}),
    ...(o.roster ? { roster: o.roster } : {}),
  };
  await writeAtomic(join(dir, FEED_PATHS.head), JSON.stringify(await signEnvelope(head, o.key.id, o.key.privateKey)));
  return head;
}

/**
 * One signature over a publishing run's new changes (contract `Batch`), cut at
 * page boundaries so that each page carries whole batches of its own changes.
 * `firstSeq` is the sequence number of `envelopes[0]`.
 */
async function signBatches(
  feed: string,
  firstSeq: number,
  envelopes: readonly Envelope[],
  key: SigningKey,
  at: string,
): Promise<Envelope[]> {
  const out: Envelope[] = [];
  let start = 0;
  while (start < envelopes.length) {
    const first = firstSeq + start;
    const pageEnd = Math.ceil(first / LIMITS.pageSize) * LIMITS.pageSize;
    const last = Math.min(pageEnd, firstSeq + envelopes.length - 1);
    const payloads = envelopes.slice(start, start + last - first + 1).map((e) => e.payload);
    const batch: Batch = { v: FEED_VERSION, feed, first, last, at, sha256: await sha256Hex(new TextEncoder().encode(batchText(payloads))) };
    out.push(await signEnvelope(batch, key.id, key.privateKey));
    start += last - first + 1;
  }
  return out;
}

function latestItems(envelopes: readonly Envelope[]): Item[] {
  const latest = latestById(envelopes.map((e) => JSON.parse(e.payload) as Change));
  return [...latest.values()].flatMap((c) => (c.op === 'upsert' ? [c.item] : []));
}
