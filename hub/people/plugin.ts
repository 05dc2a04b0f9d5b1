/**
 * Sign-in for the office (政务公开工作台): people enroll a passkey from a one-time link
 * and sign in with it; a session lives in an HttpOnly, SameSite=Strict cookie (Secure
 * over HTTPS) and ends after 30 minutes idle, 12 hours at most, or at 退出登录. This
 * plugin sets `app.identify.person` (hub/access.ts), so every `/api/office/` route knows
 * who calls it, and an admin manages people and reads the audit log here.
 *
 * Routes that must work before anyone is signed in are under `/api/auth/v1/` (open,
 * limited per address); everything under `/api/office/` needs a session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isRole, ROLE_NAMES, ROLES, type Role } from '../../src/contract/roles.ts';
import { ANYONE, type PersonIdentity, person } from '../access.ts';
import { AuditLog } from '../audit.ts';
import { RateLimiter } from '../intake/rate-limit.ts';
import { addressPseudonym } from '../log-privacy.ts';
import { PeopleStore, type Person, type SessionLimits } from './store.ts';
import { type Assertion, Challenges, type Registration, type RelyingParty, verifyAssertion, verifyRegistration } from './webauthn.ts';

export const SESSION_COOKIE = 'zwgk_session';

export interface PeopleOptions {
  /** Session limits; defaults 30 min idle, 12 h at most. */
  session?: Partial<SessionLimits>;
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    people: PeopleStore;
    audit: AuditLog;
  }
}

const identity = (p: Person): PersonIdentity => ({ id: p.id, name: p.name, roles: p.roles, department: p.department });
const publicPerson = (p: Person) => ({
  id: p.id,
  name: p.name,
  department: p.department ?? null,
  roles: p.roles,
  disabledAt: p.disabledAt,
  passkeys: p.passkeys,
  createdAt: p.createdAt,
});

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return rest.join('=');
  }
  return undefined;
}

/** The relying party for this request: the host the person opened the workspace at. */
export function relyingParty(req: FastifyRequest): RelyingParty | undefined {
  const host = req.headers.host ?? '';
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  // WebAuthn takes a domain (or localhost), never an IP address.
  if (!name || /^[\d.]+$/.test(name) || name.includes(':')) return undefined;
  return { id: name, origin: `${req.protocol}://${host}` };
}

const NO_RP = {
  error: 'bad-host',
  message: '通行密钥不能在 IP 地址下使用:请用域名,或在本机用 http://localhost 打开工作台',
} as const;

const AddPerson = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, '请填写姓名'), v.maxLength(40, '姓名不超过 40 个字')),
  department: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(60))),
  roles: v.pipe(v.array(v.picklist(ROLES, '未知的角色')), v.minLength(1, '至少选择一个角色')),
});

export async function installPeople(app: FastifyInstance, o: PeopleOptions = {}): Promise<void> {
  const now = o.now ?? (() => new Date());
  const limits: SessionLimits = { idleMs: o.session?.idleMs ?? 30 * 60_000, maxMs: o.session?.maxMs ?? 12 * 3_600_000 };
  app.decorate('people', new PeopleStore(app.db, now));
  app.decorate('audit', new AuditLog(app.db, now));
  const challenges = new Challenges();
  const perAddress = new RateLimiter({ burst: 30, perMinute: 20 });

  const secure = (req: FastifyRequest) => req.protocol === 'https';
  const setSession = (req: FastifyRequest, reply: FastifyReply, id: string) =>
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(limits.maxMs / 1000)}${secure(req) ? '; Secure' : ''}`,
    );
  const endSession = (req: FastifyRequest, reply: FastifyReply) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure(req) ? '; Secure' : ''}`);

  app.identify.person = async (req, reply) => {
    const id = cookie(req, SESSION_COOKIE);
    if (!id) return null;
    // A state-changing request must come from the workspace's own pages (SameSite=Strict already keeps the cookie home).
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const origin = req.headers.origin;
      const rp = relyingParty(req);
      const sameSite = req.headers['sec-fetch-site'];
      if (
        (origin && origin !== rp?.origin && origin !== `${req.protocol}://${req.headers.host}`) ||
        (sameSite && sameSite !== 'same-origin')
      ) {
        await reply.code(403).send({ error: 'cross-site', message: '跨站请求已被拒绝' });
        return 'answered';
      }
    }
    const p = app.people.session(id, limits);
    return p ? identity(p) : null;
  };

  const limited = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = perAddress.take(req.ip);
    if (!r.ok) {
      req.log.info({ client: addressPseudonym(req.ip) }, 'sign-in rate limited');
      return reply.code(429).send({ error: 'rate-limited', message: `尝试过于频繁,请 ${r.retryAfterSeconds} 秒后再试` });
    }
  };
  const open = { config: { access: ANYONE }, onRequest: limited };

  app.post<{ Body: { token?: unknown } }>('/api/auth/v1/enroll/options', open, async (req, reply) => {
    const rp = relyingParty(req);
    if (!rp) return reply.code(400).send(NO_RP);
    const found =
      typeof req.body?.token === 'string' ? app.people.enrollment(req.body.token) : { ok: false as const, message: '缺少登记链接' };
    if (!found.ok) return reply.code(400).send({ error: 'bad-token', message: found.message });
    const p = found.person;
    return reply.header('cache-control', 'no-store').send({
      challenge: challenges.issue(`enroll:${p.id}`),
      rp: { id: rp.id, name: '县政务公开工作台' },
      user: { id: Buffer.from(p.id).toString('base64url'), name: p.id, displayName: p.name },
      person: { name: p.name, department: p.department ?? null, roles: p.roles.map((r) => ROLE_NAMES[r]) },
      excludeCredentials: app.people.credentialsOf(p.id).map((c) => c.id),
    });
  });

  app.post<{ Body: { token?: unknown; credential?: Registration; label?: unknown } }>('/api/auth/v1/enroll', open, async (req, reply) => {
    const rp = relyingParty(req);
    if (!rp) return reply.code(400).send(NO_RP);
    const token = req.body?.token;
    const found = typeof token === 'string' ? app.people.enrollment(token) : { ok: false as const, message: '缺少登记链接' };
    if (!found.ok || typeof token !== 'string')
      return reply.code(400).send({ error: 'bad-token', message: found.ok ? '缺少登记链接' : found.message });
    const p = found.person;
    const checked = await verifyRegistration(req.body.credential as Registration, rp, (c) => challenges.take(c, `enroll:${p.id}`));
    if (!checked.ok) return reply.code(400).send({ error: 'bad-passkey', message: checked.message });
    const label = typeof req.body.label === 'string' && req.body.label.trim() ? req.body.label.trim().slice(0, 40) : '通行密钥';
    if (!app.people.enroll(token, { ...checked.value, person: p.id, label }))
      return reply.code(409).send({ error: 'token-used', message: '这个登记链接已经用过了' });
    app.audit.append({ actor: p.id, action: 'person.enroll', subject: `person:${p.id}`, detail: { passkey: label } });
    setSession(req, reply, app.people.openSession(p.id));
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ person: publicPerson(app.people.get(p.id)!) });
  });

  app.post('/api/auth/v1/signin/options', open, async (req, reply) => {
    const rp = relyingParty(req);
    if (!rp) return reply.code(400).send(NO_RP);
    return reply.header('cache-control', 'no-store').send({ challenge: challenges.issue('signin'), rpId: rp.id });
  });

  app.post<{ Body: { credential?: Assertion } }>('/api/auth/v1/signin', open, async (req, reply) => {
    const rp = relyingParty(req);
    if (!rp) return reply.code(400).send(NO_RP);
    const a = req.body?.credential;
    const cred = typeof a?.id === 'string' ? app.people.credential(a.id) : undefined;
    const refused = { error: 'signin-failed', message: '登录未成功:这个通行密钥没有登记在本工作台' };
    if (!a || !cred) return reply.code(401).send(refused);
    const p = app.people.get(cred.person);
    if (!p || p.disabledAt) return reply.code(403).send({ error: 'disabled', message: '该账号已停用,请联系管理员' });
    const checked = await verifyAssertion(a, cred, rp, (c) => challenges.take(c, 'signin'));
    if (!checked.ok) return reply.code(401).send({ error: 'signin-failed', message: `登录未成功:${checked.message}` });
    app.people.touchCredential(cred.id);
    app.audit.append({ actor: p.id, action: 'person.signin', subject: `person:${p.id}` });
    setSession(req, reply, app.people.openSession(p.id));
    return reply.header('cache-control', 'no-store').send({ person: publicPerson(p) });
  });

  app.post('/api/auth/v1/signout', { config: { access: ANYONE } }, async (req, reply) => {
    const id = cookie(req, SESSION_COOKIE);
    if (id) app.people.closeSession(id);
    endSession(req, reply);
    return reply.code(204).send();
  });

  const signedIn = { config: { access: person() } };
  const admin = { config: { access: person('admin') } };

  app.get('/api/office/v1/me', signedIn, async (req, reply) => {
    const p = app.people.get(req.who.person!.id)!;
    return reply.header('cache-control', 'no-store').send({
      person: publicPerson(p),
      roleNames: Object.fromEntries(ROLES.map((r) => [r, ROLE_NAMES[r]])),
    });
  });

  app.get('/api/office/v1/people', admin, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ people: app.people.list().map(publicPerson) }),
  );

  const link = (req: FastifyRequest, token: string) => `${req.protocol}://${req.headers.host}/office/enroll#${token}`;

  app.post('/api/office/v1/people', admin, async (req, reply) => {
    const parsed = v.safeParse(AddPerson, req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid', message: parsed.issues[0]?.message ?? '填写有误' });
    const { person: p, token } = app.people.add(parsed.output);
    app.audit.append({
      actor: req.who.person!.id,
      action: 'person.add',
      subject: `person:${p.id}`,
      detail: { name: p.name, roles: p.roles },
    });
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ person: publicPerson(p), link: link(req, token) });
  });

  app.post<{ Params: { id: string }; Body: { roles?: unknown } }>('/api/office/v1/people/:id/roles', admin, async (req, reply) => {
    const before = app.people.get(req.params.id);
    if (!before) return reply.code(404).send({ error: 'not-found', message: '没有这个人员' });
    const roles = Array.isArray(req.body?.roles) ? req.body.roles.filter((r): r is Role => typeof r === 'string' && isRole(r)) : [];
    if (roles.length === 0) return reply.code(400).send({ error: 'invalid', message: '至少保留一个角色;不再工作的人请停用' });
    const p = app.people.setRoles(req.params.id, roles)!;
    app.audit.append({
      actor: req.who.person!.id,
      action: 'person.roles',
      subject: `person:${p.id}`,
      from: before.roles.join(','),
      to: p.roles.join(','),
    });
    return reply.send({ person: publicPerson(p) });
  });

  app.post<{ Params: { id: string } }>('/api/office/v1/people/:id/disable', admin, async (req, reply) => {
    if (req.params.id === req.who.person!.id) return reply.code(400).send({ error: 'self', message: '不能停用自己的账号' });
    const p = app.people.disable(req.params.id);
    if (!p) return reply.code(404).send({ error: 'not-found', message: '没有这个人员' });
    app.audit.append({ actor: req.who.person!.id, action: 'person.disable', subject: `person:${p.id}`, to: '已停用' });
    return reply.send({ person: publicPerson(p) });
  });

  app.post<{ Params: { id: string } }>('/api/office/v1/people/:id/link', admin, async (req, reply) => {
    const p = app.people.get(req.params.id);
    if (!p || p.disabledAt) return reply.code(404).send({ error: 'not-found', message: '没有这个人员,或已停用' });
    const token = app.people.enrollmentToken(p.id);
    app.audit.append({ actor: req.who.person!.id, action: 'person.link', subject: `person:${p.id}` });
    return reply.header('cache-control', 'no-store').send({ link: link(req, token) });
  });

  app.get<{ Querystring: { before?: string; subject?: string } }>('/api/office/v1/audit', admin, async (req, reply) => {
    const before = Number(req.query.before);
    return reply.header('cache-control', 'no-store').send({
      entries: app.audit.list({
        ...(Number.isFinite(before) && before > 0 ? { before } : {}),
        ...(req.query.subject ? { subject: req.query.subject } : {}),
        limit: 200,
      }),
    });
  });
}
