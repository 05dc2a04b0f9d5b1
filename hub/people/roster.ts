/**
 * The office's roster (名册) as the hub keeps it: who may 预审, 签发 and 撤回, with which passkeys
 * and from when, drawn from the people the office enrolled (hub/people/store.ts), and the signed
 * roster devices check approvals against (src/contract/roster.ts).
 *
 * The hub never holds a production root key (docs/keys.md): an admin exports a draft
 * (`GET /api/office/v1/roster/draft` or `npm run office -- roster export`), signs it on the offline PC
 * (`roster sign`), and imports the signed file (`POST /api/office/v1/roster` or `roster import`).
 * Until then a new person's signature cannot be checked by devices, and the workflow says so before
 * anything reaches a screen. In the demo (`npm start`) the demo root key signs a new roster by itself
 * whenever people or passkeys change; it is marked `demo`, which a production device refuses.
 *
 * Usage:
 *   const keeper = new RosterKeeper(db, people, { roots, office: '…政务公开办' });
 *   const draft = keeper.draft({ rpId, origins });   // what the root key should sign next
 *   await keeper.import(envelope);                   // checked against the roots, serial must grow
 *   keeper.current()?.roster                         // what approvals are checked against
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import type { TrustedKey } from '../../src/contract/config.ts';
import type { Envelope } from '../../src/contract/feed.ts';
import { type Roster, RosterPayload, type RosterPerson, verifyRoster } from '../../src/contract/roster.ts';
import { KeyRing, signEnvelope } from '../../src/contract/signing.ts';
import { person } from '../access.ts';
import type { Db, Migration } from '../db.ts';
import { migrate } from '../db.ts';
import type { SigningKey } from '../keys.ts';
import { relyingParty } from './plugin.ts';
import type { PeopleStore } from './store.ts';

const MIGRATIONS: Migration[] = [
  {
    id: 'roster-001',
    sql: `
      CREATE TABLE office_rosters (
        serial INTEGER PRIMARY KEY,
        envelope TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      );
    `,
  },
];

export interface RosterOptions {
  /** The office's root public keys (the same as devices' `rosterRoots`). */
  roots: TrustedKey[];
  office: string;
  /** The demo office (npm start): its root signs rosters by itself, marked demo; its people stay on them. */
  demo?: { root: SigningKey; roster: Roster; envelope: Envelope } | undefined;
  now?: () => Date;
}

export type ImportResult = { ok: true; roster: Roster } | { ok: false; message: string };

export class RosterKeeper {
  private cached: { serial: number; envelope: Envelope; roster: Roster } | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly people: PeopleStore,
    readonly o: RosterOptions,
  ) {
    migrate(db, MIGRATIONS);
    this.now = o.now ?? (() => new Date());
  }

  /** The newest roster the office signed (or the demo office's own), if any. */
  current(): { envelope: Envelope; roster: Roster } | undefined {
    const row = this.db
      .prepare<[], { serial: number; envelope: string }>('SELECT serial, envelope FROM office_rosters ORDER BY serial DESC LIMIT 1')
      .get();
    if (row) {
      if (this.cached?.serial !== row.serial) {
        const envelope = JSON.parse(row.envelope) as Envelope;
        this.cached = { serial: row.serial, envelope, roster: v.parse(RosterPayload, JSON.parse(envelope.payload)) };
      }
      return this.cached;
    }
    return this.o.demo ? { envelope: this.o.demo.envelope, roster: this.o.demo.roster } : undefined;
  }

  /** The roster the root key should sign next: everyone enrolled, their roles' spans and passkeys. */
  draft(rp: { rpId: string; origins: string[] }): Roster {
    const cur = this.current()?.roster;
    const enrolled: RosterPerson[] = this.people.list().map((p) => ({
      id: p.id,
      name: p.name,
      ...(p.department ? { department: p.department } : {}),
      from: p.createdAt,
      ...(p.disabledAt ? { until: p.disabledAt } : {}),
      roles: this.people.roleSpans(p.id).map((r) => ({ role: r.role, from: r.from, ...(r.until ? { until: r.until } : {}) })),
      credentials: this.people
        .credentialsSince(p.id)
        .slice(-16)
        .map((c) => ({ id: c.id, alg: c.alg, publicKey: c.publicKey, from: c.createdAt })),
    }));
    const mine = new Set(enrolled.map((p) => p.id));
    // People on the last roster who are not enrolled here (the demo's, or an older office's) stay, so their approvals still verify.
    const kept = (cur?.people ?? []).filter((p) => !mine.has(p.id));
    const origins = [...new Set([...(cur && cur.rpId === rp.rpId ? cur.origins : []), ...rp.origins])].slice(0, 8);
    return v.parse(RosterPayload, {
      v: 1,
      kind: 'roster',
      office: this.o.office,
      serial: (cur?.serial ?? 0) + 1,
      issued: this.now().toISOString(),
      demo: this.o.demo !== undefined,
      rpId: rp.rpId,
      origins,
      ...(cur ? { requireUserVerification: cur.requireUserVerification, thresholds: cur.thresholds } : {}),
      people: [...kept, ...enrolled],
    });
  }

  /** A roster signed by a root key: checked, and kept if it is newer than the one in force. */
  async import(envelope: unknown, by: string): Promise<ImportResult> {
    const roots = [...this.o.roots, ...(this.o.demo ? [this.o.demo.root.trusted] : [])];
    if (roots.length === 0) return { ok: false, message: 'hub 没有配置名册根公钥(ROSTER_ROOTS),无法核验名册' };
    const minSerial = (this.current()?.roster.serial ?? 0) + 1;
    const checked = await verifyRoster(envelope, new KeyRing(roots), { acceptDemo: this.o.demo !== undefined, minSerial });
    if (!checked.ok) return { ok: false, message: checked.message };
    this.db
      .prepare('INSERT INTO office_rosters (serial, envelope, imported_at, imported_by) VALUES (?, ?, ?, ?)')
      .run(checked.roster.serial, JSON.stringify(envelope), this.now().toISOString(), by);
    return { ok: true, roster: checked.roster };
  }

  /**
   * Demo only: a new roster signed by the demo root whenever someone enrolled, changed roles or
   * registered a passkey since the last one. Returns the roster in force.
   */
  async ensureDemo(rp: { rpId: string; origins: string[] }): Promise<Roster | undefined> {
    const demo = this.o.demo;
    if (!demo) return this.current()?.roster;
    const cur = this.current()?.roster;
    const next = this.draft(rp);
    const same = (a: Roster | undefined, b: Roster) =>
      a !== undefined &&
      a.rpId === b.rpId &&
      JSON.stringify(a.origins) === JSON.stringify(b.origins) &&
      JSON.stringify(a.people) === JSON.stringify(b.people);
    if (same(cur, next)) return cur;
    const r = await this.import(await signEnvelope(next, demo.root.id, demo.root.privateKey), 'demo-root');
    return r.ok ? r.roster : cur;
  }
}

/**
 * The roster's routes, for the admin (管理员):
 *   GET  /api/office/v1/roster        the roster in force, and who enrolled since it was signed
 *   GET  /api/office/v1/roster/draft  the next roster to sign with the root key, as a file
 *   POST /api/office/v1/roster        a signed roster, checked against the root keys and kept
 */
export function rosterRoutes(app: FastifyInstance, keeper: RosterKeeper): void {
  const admin = { config: { access: person('admin') } };
  const rpOf = (req: FastifyRequest) => {
    const rp = relyingParty(req);
    return rp ? { rpId: rp.id, origins: [rp.origin] } : undefined;
  };
  app.get('/api/office/v1/roster', admin, async (req, reply) => {
    const rp = rpOf(req);
    if (rp) await keeper.ensureDemo(rp);
    const cur = keeper.current()?.roster;
    const onRoster = new Set(cur?.people.flatMap((p) => p.credentials.map((c) => `${p.id}/${c.id}`)) ?? []);
    const waiting = app.people
      .list()
      .filter((p) => !p.disabledAt && app.people.credentialsOf(p.id).some((c) => !onRoster.has(`${p.id}/${c.id}`)))
      .map((p) => ({ id: p.id, name: p.name }));
    return reply.header('cache-control', 'no-store').send({
      roster: cur ? { serial: cur.serial, issued: cur.issued, demo: cur.demo, office: cur.office, people: cur.people.length } : null,
      waiting,
      roots: keeper.o.roots.length + (keeper.o.demo ? 1 : 0),
    });
  });
  app.get('/api/office/v1/roster/draft', admin, async (req, reply) => {
    const rp = rpOf(req);
    if (!rp) return reply.code(400).send({ error: 'bad-host', message: '请用域名或 http://localhost 打开工作台后再导出名册草稿' });
    const draft = keeper.draft(rp);
    app.audit.append({ actor: req.who.person!.id, action: 'roster.export', subject: `roster:${draft.serial}` });
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="roster-draft-${draft.serial}.json"`)
      .send(draft);
  });
  app.post('/api/office/v1/roster', { ...admin, bodyLimit: 2_000_000 }, async (req, reply) => {
    const r = await keeper.import(req.body, req.who.person!.id);
    if (!r.ok) return reply.code(422).send({ error: 'bad-roster', message: r.message });
    app.audit.append({
      actor: req.who.person!.id,
      action: 'roster.import',
      subject: `roster:${r.roster.serial}`,
      detail: { people: r.roster.people.length },
    });
    return { serial: r.roster.serial, people: r.roster.people.length };
  });
}
