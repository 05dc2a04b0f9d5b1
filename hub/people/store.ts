/**
 * The office's people (政务公开工作台): who they are, their roles, their passkeys, their
 * one-time enrollment links and their sessions. Secrets are kept only as hashes (a
 * stolen database opens no session and redeems no link); passkeys are public keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role } from '../../src/contract/roles.ts';
import type { Db, Migration } from '../db.ts';
import { migrate } from '../db.ts';

const MIGRATIONS: Migration[] = [
  {
    id: 'people-001',
    sql: `
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT,
        roles TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );
      -- Passkeys: the public key (SubjectPublicKeyInfo) the browser gave at registration.
      CREATE TABLE people_credentials (
        id TEXT PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people (id),
        public_key TEXT NOT NULL,
        alg INTEGER NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      );
      CREATE TABLE people_enrollments (
        token_hash TEXT PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE TABLE people_sessions (
        id_hash TEXT PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
    `,
  },
  {
    // When each person held each role (名册: a role removed keeps its window, so approvals given while it was held stay good).
    id: 'people-002',
    sql: `
      CREATE TABLE people_role_spans (
        person TEXT NOT NULL REFERENCES people (id),
        role TEXT NOT NULL,
        from_at TEXT NOT NULL,
        until_at TEXT
      );
      INSERT INTO people_role_spans (person, role, from_at, until_at)
        SELECT p.id, j.value, p.created_at, p.disabled_at FROM people p, json_each(p.roles) j;
    `,
  },
];

/** One span of a role: from (inclusive) until (exclusive; open while held). */
export interface RoleSpan {
  role: Role;
  from: string;
  until?: string | undefined;
}

export interface Person {
  id: string;
  name: string;
  department?: string | undefined;
  roles: Role[];
  createdAt: string;
  disabledAt: string | null;
  passkeys: number;
}

export interface Credential {
  id: string;
  person: string;
  publicKey: string;
  alg: -7 | -8;
}

interface PersonRow {
  id: string;
  name: string;
  department: string | null;
  roles: string;
  created_at: string;
  disabled_at: string | null;
  passkeys: number;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('base64url');
export const newSecret = () => randomBytes(32).toString('base64url');

/** How long a one-time enrollment link lives (issue 11: 24 h). */
export const ENROLLMENT_MS = 24 * 3_600_000;

export interface SessionLimits {
  /** Signed out after this long without a request. Default 30 min. */
  idleMs: number;
  /** Signed out after this long whatever happens. Default 12 h (a working day). */
  maxMs: number;
}

export class PeopleStore {
  constructor(
    readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, MIGRATIONS);
  }

  private row(r: PersonRow): Person {
    return {
      id: r.id,
      name: r.name,
      ...(r.department ? { department: r.department } : {}),
      roles: (JSON.parse(r.roles) as string[]).filter(isRole),
      createdAt: r.created_at,
      disabledAt: r.disabled_at,
      passkeys: r.passkeys,
    };
  }

  list(): Person[] {
    return this.db
      .prepare<[], PersonRow>(
        'SELECT p.*, (SELECT COUNT(*) FROM people_credentials c WHERE c.person = p.id) AS passkeys FROM people p ORDER BY p.created_at',
      )
      .all()
      .map((r) => this.row(r));
  }

  get(id: string): Person | undefined {
    const r = this.db
      .prepare<[string], PersonRow>(
        'SELECT p.*, (SELECT COUNT(*) FROM people_credentials c WHERE c.person = p.id) AS passkeys FROM people p WHERE p.id = ?',
      )
      .get(id);
    return r ? this.row(r) : undefined;
  }

  /** A new person and their one-time enrollment token (shown once, kept only as a hash). */
  add(p: { name: string; roles: Role[]; department?: string | undefined }): { person: Person; token: string } {
    const id = `p-${randomBytes(5).toString('hex')}`;
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO people (id, name, department, roles, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, p.name, p.department ?? null, JSON.stringify([...new Set(p.roles)]), at);
      for (const role of new Set(p.roles))
        this.db.prepare('INSERT INTO people_role_spans (person, role, from_at) VALUES (?, ?, ?)').run(id, role, at);
    })();
    return { person: this.get(id)!, token: this.enrollmentToken(id) };
  }

  /** A fresh one-time link for someone (a lost or expired one, a new device). */
  enrollmentToken(person: string): string {
    const token = newSecret();
    const now = this.now();
    this.db
      .prepare('INSERT INTO people_enrollments (token_hash, person, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hash(token), person, now.toISOString(), new Date(now.getTime() + ENROLLMENT_MS).toISOString());
    return token;
  }

  /** Who a token enrolls, if it is unused, unexpired and its person not disabled. */
  enrollment(token: string): { ok: true; person: Person } | { ok: false; message: string } {
    const r = this.db
      .prepare<[string], { person: string; expires_at: string; used_at: string | null }>(
        'SELECT person, expires_at, used_at FROM people_enrollments WHERE token_hash = ?',
      )
      .get(hash(token));
    if (!r) return { ok: false, message: '登记链接无效,请向管理员重新索取' };
    if (r.used_at) return { ok: false, message: '这个登记链接已经用过了,每个链接只能用一次;请向管理员重新索取' };
    if (Date.parse(r.expires_at) < this.now().getTime()) return { ok: false, message: '登记链接已过期(24 小时内有效),请向管理员重新索取' };
    const person = this.get(r.person);
    if (!person || person.disabledAt) return { ok: false, message: '该账号已停用' };
    return { ok: true, person };
  }

  /** Redeems the token with the passkey it registered, once. */
  enroll(token: string, c: Credential & { label: string }): boolean {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const used = this.db
        .prepare('UPDATE people_enrollments SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND person = ?')
        .run(at, hash(token), c.person);
      if (used.changes !== 1) return false;
      this.db
        .prepare('INSERT INTO people_credentials (id, person, public_key, alg, label, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(c.id, c.person, c.publicKey, c.alg, c.label, at);
      return true;
    })();
  }

  credential(id: string): Credential | undefined {
    return this.db
      .prepare<[string], Credential>('SELECT id, person, public_key AS publicKey, alg FROM people_credentials WHERE id = ?')
      .get(id);
  }

  credentialsOf(person: string): Credential[] {
    return this.db
      .prepare<[string], Credential>('SELECT id, person, public_key AS publicKey, alg FROM people_credentials WHERE person = ?')
      .all(person);
  }

  touchCredential(id: string): void {
    this.db.prepare('UPDATE people_credentials SET last_used_at = ? WHERE id = ?').run(this.now().toISOString(), id);
  }

  setRoles(id: string, roles: Role[]): Person | undefined {
    const at = this.now().toISOString();
    const before = new Set(this.get(id)?.roles ?? []);
    const after = new Set(roles);
    this.db.transaction(() => {
      this.db.prepare('UPDATE people SET roles = ? WHERE id = ?').run(JSON.stringify([...after]), id);
      for (const role of before)
        if (!after.has(role))
          this.db.prepare('UPDATE people_role_spans SET until_at = ? WHERE person = ? AND role = ? AND until_at IS NULL').run(at, id, role);
      for (const role of after)
        if (!before.has(role)) this.db.prepare('INSERT INTO people_role_spans (person, role, from_at) VALUES (?, ?, ?)').run(id, role, at);
    })();
    return this.get(id);
  }

  /** Every span of every role a person has held, oldest first. */
  roleSpans(id: string): RoleSpan[] {
    return this.db
      .prepare<[string], { role: string; from_at: string; until_at: string | null }>(
        'SELECT role, from_at, until_at FROM people_role_spans WHERE person = ? ORDER BY from_at, rowid',
      )
      .all(id)
      .flatMap((r) => (isRole(r.role) ? [{ role: r.role, from: r.from_at, ...(r.until_at ? { until: r.until_at } : {}) }] : []));
  }

  /** Passkeys with when they were registered, for the roster. */
  credentialsSince(person: string): (Credential & { createdAt: string })[] {
    return this.db
      .prepare<[string], Credential & { createdAt: string }>(
        'SELECT id, person, public_key AS publicKey, alg, created_at AS createdAt FROM people_credentials WHERE person = ? ORDER BY created_at',
      )
      .all(person);
  }

  /** Disables a person: their sessions end at once and no link or passkey signs them in again. */
  disable(id: string): Person | undefined {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare('UPDATE people SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(at, id);
      this.db.prepare('UPDATE people_role_spans SET until_at = ? WHERE person = ? AND until_at IS NULL').run(at, id);
      this.db.prepare('DELETE FROM people_sessions WHERE person = ?').run(id);
    })();
    return this.get(id);
  }

  /** A new session; the id is returned once (for the cookie) and kept only as a hash. */
  openSession(person: string): string {
    const id = newSecret();
    const at = this.now().toISOString();
    this.db
      .prepare('INSERT INTO people_sessions (id_hash, person, created_at, last_seen_at) VALUES (?, ?, ?, ?)')
      .run(hash(id), person, at, at);
    return id;
  }

  /** The person of a live session, sliding its idle timer; an idle or too old session ends here. */
  session(id: string, limits: SessionLimits): Person | undefined {
    const r = this.db
      .prepare<[string], { person: string; created_at: string; last_seen_at: string }>(
        'SELECT person, created_at, last_seen_at FROM people_sessions WHERE id_hash = ?',
      )
      .get(hash(id));
    if (!r) return undefined;
    const now = this.now().getTime();
    if (now - Date.parse(r.last_seen_at) > limits.idleMs || now - Date.parse(r.created_at) > limits.maxMs) {
      this.closeSession(id);
      return undefined;
    }
    const p = this.get(r.person);
    if (!p || p.disabledAt) return undefined;
    this.db.prepare('UPDATE people_sessions SET last_seen_at = ? WHERE id_hash = ?').run(new Date(now).toISOString(), hash(id));
    return p;
  }

  closeSession(id: string): void {
    this.db.prepare('DELETE FROM people_sessions WHERE id_hash = ?').run(hash(id));
  }
}
