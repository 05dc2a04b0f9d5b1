/**
 * Fleet health on the hub (issue 14; docs/fleet.md):
 *
 *   POST /api/devices/v1/heartbeats          a device's beats (signed; idempotent by beat id); the reply carries signed remote actions
 *   GET  /api/office/v1/fleet                 every enrolled device with its status, and the open alarms (IT, admin)
 *   GET  /api/office/v1/fleet/:id             one device: its last beat, 30 days summarised, last rejections, alarms, actions
 *   POST /api/office/v1/fleet/:id/actions     sync now / reload, signed with the feed key, delivered with the next heartbeat reply
 *
 * Alarms are raised and cleared by hub/fleet/monitor.ts and sent through hub/fleet/webhook.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { chinaDate } from '../../src/contract/china-time.ts';
import {
  ACTION_TTL_MS,
  DEFAULT_FLEET_LIMITS,
  type FleetLimits,
  type FleetRow,
  HEARTBEAT_ENDPOINT,
  HeartbeatBatch,
  type HeartbeatReply,
  REMOTE_ACTIONS,
  type RemoteAction,
} from '../../src/contract/fleet.ts';
import type { Window } from '../../src/contract/schedule.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import { device, person } from '../access.ts';
import { AuditLog } from '../audit.ts';
import type { SigningKey } from '../keys.ts';
import type { StorageGuard } from '../storage-guard.ts';
import { type FleetEntry, FleetMonitor, Schedules } from './monitor.ts';
import { FleetStore } from './store.ts';
import { Webhook, type WebhookOptions } from './webhook.ts';

export interface FleetOptions {
  /** Where alarms are POSTed (FLEET_WEBHOOK_URL); none: alarms show on the fleet page only. */
  webhook?: Omit<WebhookOptions, 'log'>;
  /** How often the whole fleet is checked for alarms (30 s). */
  checkMs?: number;
  limits?: Partial<FleetLimits>;
  /** When devices must be on (China time, FLEET_OPENING_HOURS); none: always. A board's own quiet hours come off these. */
  openingHours?: Window[];
  /** The feed key, which devices trust: remote actions are signed with it. Without it none can be sent. */
  signingKey?: SigningKey;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Fleet health (hub/fleet/): tests and the bench read it. */
    fleet: { store: FleetStore; monitor: FleetMonitor; webhook: Webhook | undefined };
  }
}

/** A device's day's beats: one a minute plus changes; an offline week comes back in many requests. */
export const HEARTBEAT_QUOTA = { requests: 5_000, items: 30_000 };

function row(e: FleetEntry): FleetRow {
  const b = e.last?.beat;
  return {
    id: e.device.id,
    name: e.device.name ?? e.device.id,
    place: e.device.place ?? '',
    channels: e.device.channels,
    config: e.device.config,
    // What the device says it is; its config's word when it has not said yet.
    mode: b?.mode ?? e.schedule.mode,
    status: e.health.status,
    conditions: e.health.conditions,
    ...(e.health.quiet ? { quiet: e.health.quiet } : {}),
    lastBeatAt: e.last?.receivedAt ?? null,
    app: b?.app ?? null,
    feedSeq: b?.feed.seq ?? null,
    screen: b?.screen ?? null,
    outboxDepth: b?.outbox.depth ?? null,
    storage: b && b.storage.quota > 0 ? b.storage.used / b.storage.quota : null,
    lastError: b?.lastError?.message ?? null,
  };
}

const bad = (reply: FastifyReply, status: number, error: string, message: string, problems?: string[]) =>
  reply.code(status).send({ error, message, ...(problems ? { problems } : {}) });

/** Installed on the root instance (the fleet is decorated there for tests and the bench); its routes in their own scope. */
export async function installFleet(
  root: FastifyInstance,
  o: FleetOptions & { db: FastifyInstance['db']; configDir: string; storage?: StorageGuard; now?: () => Date },
): Promise<void> {
  const now = o.now ?? (() => new Date());
  const store = new FleetStore(o.db);
  const audit = new AuditLog(o.db, now);
  const webhook = o.webhook?.url
    ? new Webhook(o.db, { ...o.webhook, log: (line, detail) => root.log.warn({ webhook: detail }, line) })
    : undefined;
  const monitor = new FleetMonitor({
    db: o.db,
    devices: root.devices,
    store,
    alarms: root.alarms,
    schedules: new Schedules(o.configDir, o.openingHours),
    limits: { ...DEFAULT_FLEET_LIMITS, ...o.limits },
    webhook,
    now,
  });
  root.decorate('fleet', { store, monitor, webhook });
  root.addHook('onReady', async () => {
    monitor.start(o.checkMs ?? 30_000);
    webhook?.kick();
  });
  const prune = setInterval(() => store.prune(now()), 3_600_000);
  prune.unref();
  root.addHook('onClose', async () => {
    monitor.stop();
    clearInterval(prune);
    await webhook?.close();
  });
  await root.register(async (app) => routes(app, o, { store, monitor, webhook, audit, now }));
}

function routes(
  app: FastifyInstance,
  o: FleetOptions & { storage?: StorageGuard },
  {
    store,
    monitor,
    webhook,
    audit,
    now,
  }: { store: FleetStore; monitor: FleetMonitor; webhook: Webhook | undefined; audit: AuditLog; now: () => Date },
): void {
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500))
      return bad(reply, err.statusCode ?? 400, 'bad-request', `请求无效:${err.message}`);
    req.log.error(err);
    return bad(reply, 503, 'unavailable', '中心暂时无法处理,请稍后重试');
  });

  app.post(HEARTBEAT_ENDPOINT, { config: { access: device() } }, async (req, reply) => {
    if (o.storage && !(await o.storage.admit(reply))) return reply;
    const who = req.who.device!;
    const parsed = v.safeParse(HeartbeatBatch, req.body);
    if (!parsed.success)
      return bad(
        reply,
        400,
        'invalid',
        '心跳格式有误,本批均未保存',
        parsed.issues.slice(0, 20).map((i) => `${v.getDotPath(i) ?? '(根)'}: ${i.message}`),
      );
    const beats = parsed.output.beats;
    // Only a device's own beats: the signer is the device they are about.
    if (beats.some((b) => b.device !== who.id))
      return bad(reply, 403, 'not-yours', `心跳的设备编号与签名设备 ${who.id} 不一致,本批均未保存`);
    const at = now();
    // The daily quota is counted in the same group-committed transaction as the beats.
    const recorded = await store.recordSoon(who.id, beats, at, () =>
      app.devices.take(who.id, 'heartbeat', beats.length, HEARTBEAT_QUOTA, at),
    );
    if (recorded === 'refused')
      return reply.code(429).header('retry-after', '3600').send({ error: 'quota', message: '本设备今日上报的心跳已达上限,稍后再报' });
    const { stored, duplicates } = recorded;
    const signer = app.devices.byId(who.id)!;
    if (stored > 0) await monitor.checkOne(signer);
    const body: HeartbeatReply = {
      ok: true,
      stored,
      duplicates,
      actions: store.dueActions(who.id, now()).map((a) => JSON.parse(a.envelope) as HeartbeatReply['actions'][number]),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  const it = { config: { access: person('it', 'admin') } };

  app.get('/api/office/v1/fleet', it, async (_req, reply) => {
    const entries = await monitor.entries();
    return reply.header('cache-control', 'no-store').send({
      now: now().toISOString(),
      canAct: o.signingKey !== undefined,
      webhook: webhook ? { waiting: webhook.waiting() } : null,
      devices: entries.map(row),
    });
  });

  app.get<{ Params: { id: string } }>('/api/office/v1/fleet/:id', it, async (req, reply) => {
    const d = app.devices.byId(req.params.id);
    if (d?.state !== 'enrolled') return bad(reply, 404, 'not-found', '没有这台在用的设备');
    const e = await monitor.entry(d);
    const since = new Date(now().getTime() - 30 * 86_400_000);
    return reply.header('cache-control', 'no-store').send({
      device: row(e),
      enrolledAt: d.enrolledAt,
      last: e.last ?? null,
      days: store.days(d.id, chinaDate(since)),
      rejections: store.rejections(d.id),
      alarms: app.alarms.history(`device:${d.id}`, since),
      actions: store.actions(d.id),
    });
  });

  const ActionBody = v.object({ action: v.picklist(REMOTE_ACTIONS, '操作只能是 sync 或 reload') });
  app.post<{ Params: { id: string } }>('/api/office/v1/fleet/:id/actions', it, async (req, reply) => {
    if (!o.signingKey) return bad(reply, 409, 'no-key', '本中心没有发布密钥,无法签发远程操作(密钥离线保管时,请到设备现场操作)');
    const d = app.devices.byId(req.params.id);
    if (d?.state !== 'enrolled') return bad(reply, 404, 'not-found', '没有这台在用的设备');
    const body = v.safeParse(ActionBody, req.body);
    if (!body.success) return bad(reply, 400, 'invalid', body.issues[0].message);
    const at = now();
    const action: RemoteAction = {
      kind: 'zwgk-remote-action',
      v: 1,
      id: crypto.randomUUID(),
      device: d.id,
      action: body.output.action,
      at: at.toISOString(),
      expiresAt: new Date(at.getTime() + ACTION_TTL_MS).toISOString(),
      by: req.who.person!.name,
    };
    const envelope = await signEnvelope(action, o.signingKey.id, o.signingKey.privateKey);
    store.addAction({
      id: action.id,
      device: d.id,
      action: action.action,
      by: req.who.person!.id,
      issuedAt: action.at,
      expiresAt: action.expiresAt,
      envelope: JSON.stringify(envelope),
    });
    audit.append({
      actor: req.who.person!.id,
      action: `device.${action.action}`,
      subject: `device:${d.id}`,
      detail: { action: action.id },
    });
    return reply.code(201).send({ action: store.actions(d.id, 1)[0] });
  });
}
