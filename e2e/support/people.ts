/**
 * A test office of people for the approval tests: a root key, a roster, and a
 * passkey in software for each person (hub/approvals/soft-passkey.ts), so tests can
 * publish revisions approved (or mis-approved) by named people, as an attacker
 * holding only the server key, or a careless office, would.
 */
import * as v from 'valibot';
import { makeSoftPasskey, type SoftPasskey } from '../../hub/approvals/soft-passkey.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../../hub/keys.ts';
import { readFeed, writeFeed } from '../../hub/publish/feed-writer.ts';
import { contentHash, type PersonApproval, withdrawalHash } from '../../src/contract/approvals.ts';
import type { Envelope, Item } from '../../src/contract/feed.ts';
import type { Role } from '../../src/contract/roles.ts';
import { type Roster, RosterPayload } from '../../src/contract/roster.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import { approval, FEED_ID, type TestFeed } from './feed.ts';

const RP = { rpId: 'office.test', origin: 'https://office.test' };
const FROM = '2020-01-01T00:00:00+08:00';

export interface TestPerson {
  id: string;
  name: string;
  roles: Role[];
  until?: string;
}

export const PEOPLE = {
  drafter: { id: 'zhang-san', name: '张三', roles: ['drafter'] },
  pre: { id: 'li-si', name: '李四', roles: ['prereview'] },
  leader: { id: 'wang-wu', name: '王五', roles: ['signoff'] },
  both: { id: 'zhao-liu', name: '赵六', roles: ['drafter', 'prereview', 'signoff'] },
  gone: { id: 'qian-qi', name: '钱七', roles: ['signoff'], until: new Date(Date.now() - 86_400_000).toISOString() },
} as const satisfies Record<string, TestPerson>;

export class TestOffice {
  private constructor(
    readonly root: SigningKey,
    readonly keys: ReadonlyMap<string, SoftPasskey>,
  ) {}

  static async create(): Promise<TestOffice> {
    const keys = new Map<string, SoftPasskey>();
    for (const p of Object.values(PEOPLE)) keys.set(p.id, await makeSoftPasskey({ ...RP, from: FROM }));
    return new TestOffice(await importKeyFile(await generateKeyFile('test-root')), keys);
  }

  roster(serial = 1): Roster {
    return v.parse(RosterPayload, {
      v: 1,
      kind: 'roster',
      office: '测试县政务公开办',
      serial,
      issued: new Date().toISOString(),
      rpId: RP.rpId,
      origins: [RP.origin],
      people: Object.values(PEOPLE).map((p: TestPerson) => ({
        id: p.id,
        name: p.name,
        from: FROM,
        ...(p.until ? { until: p.until } : {}),
        roles: p.roles.map((role) => ({ role, from: FROM })),
        credentials: [this.keys.get(p.id)!.credential],
      })),
    });
  }

  /** The roster signed by `by` (the root key unless a test says otherwise). */
  signedRoster(serial = 1, by: SigningKey = this.root): Promise<Envelope> {
    return signEnvelope(this.roster(serial), by.id, by.privateKey);
  }

  /** `person` signs `step` over the content hashes of `items`, at `at` (ISO). */
  async sign(person: TestPerson, step: 'prereview' | 'signoff' | 'withdraw', items: Item[], at: string): Promise<PersonApproval> {
    const revisions = await Promise.all(items.map((i) => contentHash(i)));
    return this.keys.get(person.id)!.approve({ step, person: person.id, at, revisions });
  }

  /** The usual approvals: 李四 pre-reviews two days ago, 王五 signs off yesterday. */
  async approve(items: Item[], o: { pre?: TestPerson; leader?: TestPerson } = {}): Promise<PersonApproval[]> {
    const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    return [
      await this.sign(o.pre ?? PEOPLE.pre, 'prereview', items, day(2)),
      await this.sign(o.leader ?? PEOPLE.leader, 'signoff', items, day(1)),
    ];
  }

  /** Withdraws item `id` (撤回), signed by `by` (王五 unless a test says otherwise). */
  async withdraw(feed: TestFeed, id: string, reason: string, by: TestPerson = PEOPLE.leader): Promise<void> {
    const hash = await withdrawalHash({ id, reason });
    const signed = await this.keys
      .get(by.id)!
      .approve({ step: 'withdraw', person: by.id, at: new Date().toISOString(), revisions: [hash] });
    await writeFeed(feed.dir, await readFeed(feed.dir), {
      feedId: FEED_ID,
      publisher: '测试县政务公开办',
      key: feed.key,
      changes: [{ op: 'withdraw', id, reason, approval: approval(), people: { approvals: [signed] } }],
      refreshHead: true,
    });
  }

  /**
   * Publishes `items` through the real feed writer with the given people's approvals
   * (each item gets `approvals`, or its own usual ones) and, when given, a roster.
   */
  async publish(
    feed: TestFeed,
    items: Item[],
    o: { approvals?: PersonApproval[]; approvalsOf?: (item: Item) => PersonApproval[]; drafter?: string; roster?: Envelope } = {},
  ): Promise<void> {
    const changes = [];
    for (const item of items)
      changes.push({
        op: 'upsert' as const,
        item,
        approval: approval(),
        people: {
          approvals: o.approvals ?? o.approvalsOf?.(item) ?? (await this.approve([item])),
          drafter: o.drafter ?? PEOPLE.drafter.id,
        },
      });
    await writeFeed(feed.dir, await readFeed(feed.dir), {
      feedId: FEED_ID,
      publisher: '测试县政务公开办',
      key: feed.key,
      changes,
      refreshHead: true,
      ...(o.roster ? { roster: o.roster } : {}),
    });
  }
}
