import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ANYONE, device, installAccess, person } from './access.ts';

function app() {
  const a = Fastify();
  installAccess(a);
  a.get('/open', { config: { access: ANYONE } }, async () => ({ ok: true }));
  a.get('/device', { config: { access: device() } }, async (req) => ({ id: req.who.device?.id }));
  a.get('/admin', { config: { access: person('admin') } }, async (req) => ({ name: req.who.person?.name }));
  return a;
}

describe('access: every route says who may call it', () => {
  it('a stranger reaches open routes and is refused 401 elsewhere, in Chinese', async () => {
    const a = app();
    expect((await a.inject('/open')).statusCode).toBe(200);
    const d = await a.inject('/device');
    expect(d.statusCode).toBe(401);
    expect(d.json().message).toMatch(/未登记|停用/);
    const p = await a.inject('/admin');
    expect(p.statusCode).toBe(401);
    expect(p.json().message).toBe('请先登录');
  });

  it('a signed-in person without the role gets 403; with it, the handler sees who', async () => {
    const a = app();
    let roles: ('admin' | 'drafter')[] = ['drafter'];
    a.identify.person = async () => ({ id: 'p1', name: '张三', roles });
    const no = await a.inject('/admin');
    expect(no.statusCode).toBe(403);
    expect(no.json().message).toMatch(/无权/);
    roles = ['drafter', 'admin'];
    expect((await a.inject('/admin')).json()).toEqual({ name: '张三' });
  });

  it('an enrolled device is let through; a person is not a device', async () => {
    const a = app();
    a.identify.person = async () => ({ id: 'p1', name: '张三', roles: ['admin'] });
    expect((await a.inject('/device')).statusCode).toBe(401);
    a.identify.device = async () => ({ id: 'k-1', name: '大厅一号机', channels: ['public'] });
    expect((await a.inject('/device')).json()).toEqual({ id: 'k-1' });
  });

  it('a route added without a declaration stops the hub from starting', async () => {
    const a = app();
    a.get('/forgotten', async () => 'x');
    await expect(a.ready()).rejects.toThrow(/GET \/forgotten/);
  });
});
