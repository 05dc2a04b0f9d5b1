/**
 * Who may call each route, enforced in one place.
 *
 * Every route declares `config: { access }`:
 *   - `ANYONE`: a citizen, a phone, a stranger (the feed, the shell, intake from phones);
 *   - `device()`: an enrolled, unrevoked kiosk or board (signed reports; hub/devices/);
 *   - `person(...roles)`: a signed-in office user holding one of the roles (hub/people/);
 *     `person()` with no roles: any signed-in office user.
 *   - `deviceOrPerson(...)`: either of the two (internal-channel content).
 *
 * A route without a declaration is refused at startup (`assertEveryRouteDeclared`, run on
 * ready) and, should one slip through, answered 500 at request time: closed by default.
 * Identities are resolved by plugins that register a resolver (`app.identify.device`,
 * `app.identify.person`); with none registered, device and person routes answer 401.
 *
 * Usage:
 *   app.get('/api/office/v1/people', { config: { access: person('admin') } }, handler)
 *   // in the handler: req.who.person / req.who.device
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../src/contract/roles.ts';

export interface DeviceIdentity {
  id: string;
  name: string;
  channels: readonly string[];
}

export interface PersonIdentity {
  id: string;
  name: string;
  roles: readonly Role[];
  department?: string | undefined;
}

export type Access =
  | { who: 'anyone' }
  | { who: 'device' }
  | { who: 'person'; roles: readonly Role[] }
  | { who: 'device-or-person'; roles: readonly Role[] };

export const ANYONE: Access = { who: 'anyone' };
export const device = (): Access => ({ who: 'device' });
export const person = (...roles: Role[]): Access => ({ who: 'person', roles });
export const deviceOrPerson = (...roles: Role[]): Access => ({ who: 'device-or-person', roles });

/** Resolves the caller's identity, or null. A resolver may also answer itself (e.g. 403 revoked) and return 'answered'. */
export type Resolver<T> = (req: FastifyRequest, reply: FastifyReply) => Promise<T | null | 'answered'>;

export interface Identify {
  device: Resolver<DeviceIdentity> | null;
  person: Resolver<PersonIdentity> | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Identity resolvers; the devices and people plugins set theirs. */
    identify: Identify;
  }
  interface FastifyRequest {
    /** Who is calling, once the access check has run. */
    who: { device?: DeviceIdentity; person?: PersonIdentity };
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with its access declaration (tests call each one as a stranger). */
    declaredRoutes(): { method: string; url: string; access: Access | undefined }[];
  }
}

const UNAUTHENTICATED = { error: 'unauthenticated', message: '请先登录' } as const;
const DEVICE_UNKNOWN = { error: 'device-unknown', message: '本设备未登记或已停用,请联系县政务公开办信息技术人员' } as const;
const FORBIDDEN = { error: 'forbidden', message: '您的角色无权进行此操作' } as const;

function hasRole(p: PersonIdentity, roles: readonly Role[]): boolean {
  return roles.length === 0 || roles.some((r) => p.roles.includes(r));
}

/** Installs the access check. Call once, on the root instance, before any route is added. */
export function installAccess(app: FastifyInstance): void {
  app.decorate('identify', { device: null, person: null } satisfies Identify);
  app.decorateRequest('who', null as unknown as FastifyRequest['who']);
  // Checked on ready, not as each route is added: a scope's own onRoute hook (registerOpen) runs after this one.
  const routes: { method: unknown; url: string; config?: { access?: Access } }[] = [];
  app.addHook('onRoute', (r) => {
    routes.push(r);
  });
  app.decorate('declaredRoutes', () =>
    routes.flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method]).map((m) => ({ method: String(m), url: r.url, access: r.config?.access })),
    ),
  );
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => !r.config?.access).map((r) => `${String(r.method)} ${r.url}`);
    if (undeclared.length) throw new Error(`routes without an access declaration (hub/access.ts): ${undeclared.join(', ')}`);
  });
  app.addHook('preHandler', async (req, reply) => {
    req.who = {};
    const access = req.routeOptions.config?.access;
    // The 404 handler has no route config: nothing to protect there.
    if (!req.routeOptions.url) return;
    if (!access) return reply.code(500).send({ error: 'internal', message: '服务器内部错误' });
    if (access.who === 'anyone') return;
    const wantsDevice = access.who === 'device' || access.who === 'device-or-person';
    const wantsPerson = access.who === 'person' || access.who === 'device-or-person';
    if (wantsPerson && app.identify.person) {
      const p = await app.identify.person(req, reply);
      if (p === 'answered') return reply;
      if (p) {
        if (!hasRole(p, access.who === 'person' || access.who === 'device-or-person' ? access.roles : [])) {
          return reply.code(403).send(FORBIDDEN);
        }
        req.who.person = p;
        return;
      }
    }
    if (wantsDevice && app.identify.device) {
      const d = await app.identify.device(req, reply);
      if (d === 'answered') return reply;
      if (d) {
        req.who.device = d;
        return;
      }
      if (access.who === 'device') return reply.code(401).send(DEVICE_UNKNOWN);
    }
    return reply.code(401).send(access.who === 'device' ? DEVICE_UNKNOWN : UNAUTHENTICATED);
  });
}

/** Registers a third-party plugin's routes (e.g. @fastify/static) as open to anyone. */
export async function registerOpen(app: FastifyInstance, register: (scope: FastifyInstance) => Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (r) => {
      r.config = { ...r.config, access: ANYONE };
    });
    await register(scope);
  });
}
