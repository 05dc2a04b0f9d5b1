/**
 * A feed the tests control: real publisher code, real signing, plus ways to
 * break it the way an attacker or a broken server would.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyFile, importKeyFile, type SigningKey } from '../../hub/keys.ts';
import { readFeed, readFeedAt, writeFeed, writePagesAndHead } from '../../hub/publish/feed-writer.ts';
import type { Approval, Change, Envelope, Item } from '../../src/contract/feed.ts';
import { FEED_VERSION } from '../../src/contract/feed.ts';
import { sha256Hex, signEnvelope } from '../../src/contract/signing.ts';

export const FEED_ID = 'test-county';

export function approval(daysAgo = 2): Approval {
  const at = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  return { preReview: { by: '县政务公开预审小组', at: at(daysAgo + 1) }, signOff: { by: '分管副县长 李某某', at: at(daysAgo) } };
}

export function today(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A disclosure with sensible defaults; override what the test is about. */
export function disclosure(id: string, over: Partial<Item> = {}): Item {
  return {
    id,
    rev: 1,
    kind: 'disclosure',
    channel: 'public',
    category: 'procedures-fees',
    cadence: 'long-term',
    title: `测试公开事项 ${id}`,
    department: '县政务服务中心',
    bodyHtml: `<p>这是 ${id} 的正文。</p>`,
    publishedAt: today(-1),
    attachments: [],
    ...over,
  } as Item;
}

export class TestFeed {
  private constructor(
    readonly dir: string,
    readonly key: SigningKey,
  ) {}

  static async create(): Promise<TestFeed> {
    const dir = await mkdtemp(join(tmpdir(), 'zwgk-feed-'));
    return new TestFeed(dir, await importKeyFile(await generateKeyFile('test')));
  }

  async otherKey(): Promise<SigningKey> {
    return importKeyFile(await generateKeyFile('rogue'));
  }

  /**
   * Publishes items (new revisions are numbered by the caller) through the real
   * feed writer; `now` back-dates the signing (a head that has since expired).
   */
  async publish(items: Item[], a: Approval = approval(), now?: Date): Promise<void> {
    const log = await readFeed(this.dir);
    await writeFeed(this.dir, log, {
      feedId: FEED_ID,
      publisher: '测试县政务公开办',
      key: this.key,
      changes: items.map((item) => ({ op: 'upsert' as const, item, approval: a })),
      refreshHead: true,
      ...(now ? { now } : {}),
    });
  }

  async withdraw(id: string, reason = '内容有误,予以撤回'): Promise<void> {
    const log = await readFeed(this.dir);
    await writeFeed(this.dir, log, {
      feedId: FEED_ID,
      publisher: '测试县政务公开办',
      key: this.key,
      changes: [{ op: 'withdraw', id, reason, approval: approval() }],
      refreshHead: true,
    });
  }

  /** The next change, signed by `key` (default: the trusted key), for tests that tamper with it. */
  async signChange(
    payload: Omit<Change, 'seq' | 'feed' | 'v' | 'at'> | Record<string, unknown>,
    seqOffset = 1,
    key = this.key,
  ): Promise<Envelope> {
    const log = await readFeedAt(this.dir);
    const change = { v: FEED_VERSION, feed: FEED_ID, seq: log.envelopes.length + seqOffset, at: new Date().toISOString(), ...payload };
    return signEnvelope(change, key.id, key.privateKey);
  }

  /**
   * Appends envelopes as they are (no checks, no batch signature: each stands on
   * its own signature) and signs a new head over them: a compromised or buggy publisher.
   */
  async appendRaw(...envelopes: Envelope[]): Promise<void> {
    const log = await readFeedAt(this.dir);
    await writePagesAndHead(this.dir, log.head, [...log.envelopes, ...envelopes], {
      batches: log.batches,
      feedId: FEED_ID,
      publisher: '测试县政务公开办',
      key: this.key,
      now: new Date(),
      ttlMs: 7 * 86_400_000,
      departments: [],
    });
  }

  /** Appends a page of arbitrary bytes, correctly hashed in a correctly signed head: a broken publisher. */
  async appendRawPage(text: string): Promise<void> {
    const log = await readFeedAt(this.dir);
    const head = log.head!;
    const bytes = new TextEncoder().encode(text);
    const seq = head.seq + 1;
    const href = `pages/raw-${seq}.json`;
    await this.overwrite(href, bytes);
    const next = {
      ...head,
      seq,
      issued: new Date().toISOString(),
      pages: [...head.pages, { first: seq, last: seq, href, sha256: await sha256Hex(bytes), bytes: bytes.byteLength }],
    };
    await this.writeHead(JSON.stringify(await signEnvelope(next, this.key.id, this.key.privateKey)));
  }

  async readHead(): Promise<string> {
    return readFile(join(this.dir, 'head.json'), 'utf8');
  }

  async writeHead(text: string): Promise<void> {
    await writeFile(join(this.dir, 'head.json'), text);
  }

  /** Replaces the bytes of a page or attachment while keeping its name and the head. */
  async overwrite(rel: string, bytes: string | Uint8Array): Promise<void> {
    await writeFile(join(this.dir, rel), bytes);
  }

  async lastPageHref(): Promise<string> {
    const log = await readFeedAt(this.dir);
    return log.head!.pages.at(-1)!.href;
  }

  /** Writes a file into files/ by its hash, as the publisher does. */
  async addFile(bytes: Uint8Array<ArrayBuffer>, ext: 'png' | 'pdf'): Promise<{ href: string; sha256: string; bytes: number }> {
    const sha256 = await sha256Hex(bytes);
    const href = `files/${sha256}.${ext}`;
    await mkdir(join(this.dir, 'files'), { recursive: true });
    await this.overwrite(href, bytes);
    return { href, sha256, bytes: bytes.byteLength };
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
