/**
 * Devices on the hub (issue 10): enrollment by claim code, and the resolver that tells
 * every `device()` route which enrolled, unrevoked device signed the request
 * (hub/access.ts). docs/security.md describes the model; docs/kiosk-setup.md the steps.
 *
 *   POST /api/devices/v1/claims    a new device asks to join (anyone; signed with the key it claims for; limited)
 *   GET  /api/devices/v1/status    a device asks whether IT has approved it (signed with its key)
 *   POST /api/devices/v1/session   an enrolled internal device opens a session for the internal feed (a cookie)
 *   GET  /api/devices/v1/devices   the fleet, for office IT
 *
 * Installed on the root instance (not encapsulated): its body-hash hook and resolver
 * serve every plugin's device routes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { parseDeviceConfig } from '../../src/contract/config.ts';
import {
  claimCode,
  DEVICE_HEADERS,
  DeviceClaim,
  type DeviceErrorCode,
  HUB_TIME_HEADER,
  REQUEST_SKEW_MS,
  requestText,
  verifyDeviceSignature,
} from '../../src/contract/device.ts';
import { ANYONE, type DeviceIdentity, device as deviceAccess, person } from '../access.ts';
import { AuditLog } from '../audit.ts';
import type { Db } from '../db.ts';
import { RateLimiter } from '../intake/rate-limit.ts';
import { type ClaimLimits, DEFAULT_CLAIM_LIMITS, type DeviceRow, DeviceStore, statusReply } from './store.ts';

export interface DevicesOptions {
  db: Db;
  configDir: string;
  /**
   * Demo only (`npm start`): a device that opens from the hub's own machine (a loopback
   * address, no proxy in between) is approved at once, with its config's name and
   * channels. Never on in production (`npm run serve`).
   */
  autoApproveLoopback?: boolean;
  claimLimits?: Partial<ClaimLimits>;
  /** The hub's clock (tests move it). */
  now?: () => Date;
  log?: (line: string) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The fleet's identities (hub/devices/). */
    devices: DeviceStore;
  }
  interface FastifyRequest {
    /** SHA-256 (hex) of the request body as it came over the wire, for signed device requests. */
    bodySha256?: string;
  }
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * The internal feed (/feed-internal/) is fetched by the sync engine and its page workers
 * with plain GETs; a device opens a short session by a signed request and the browser
 * sends its cookie with those GETs. Only there, only GET; the device behind it is looked
 * up (and its revocation honoured) on every request.
 */
export const FEED_SESSION_COOKIE = 'zwgk-feed';
export const FEED_SESSION_PATH = '/feed-internal/';
const FEED_SESSION_MS = 3_600_000;

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function deviceError(reply: FastifyReply, status: number, error: DeviceErrorCode, message: string) {
  return reply.code(status).send({ error, message });
}

const REVOKED_MESSAGE = '本设备已被停用(吊销),中心不再接受它的上报:请联系县政务公开办信息技术人员';
const PENDING_MESSAGE = '本设备尚未获批准,请等待信息技术人员批准';

/** Whether the request came from this machine itself, with no proxy in between. */
function fromLoopback(req: FastifyRequest): boolean {
  const a = req.socket.remoteAddress ?? '';
  return (a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1') && req.headers['x-forwarded-for'] === undefined;
}

/**
 * Checks the signature headers of a request against `publicKey`: the key's signature over
 * method, path, time and body hash, and a time within REQUEST_SKEW_MS of the hub's clock.
 */
async function checkSigned(req: FastifyRequest, publicKey: string, now: Date): Promise<'ok' | 'bad-signature' | 'clock-skew'> {
  const time = String(req.headers[DEVICE_HEADERS.time] ?? '');
  const sig = String(req.headers[DEVICE_HEADERS.sig] ?? '');
  const t = Number(time);
  if (!/^\d{10,16}$/.test(time) || !sig) return 'bad-signature';
  const text = requestText(req.method, req.url, time, req.bodySha256 ?? EMPTY_SHA256);
  if (!(await verifyDeviceSignature(publicKey, text, sig))) return 'bad-signature';
  if (Math.abs(t - now.getTime()) > REQUEST_SKEW_MS) return 'clock-skew';
  return 'ok';
}

async function configOf(configDir: string, name: string): Promise<{ name: string; channels: ('public' | 'internal')[] } | undefined> {
  try {
    const parsed = parseDeviceConfig(JSON.parse(await readFile(join(configDir, `${name}.json`), 'utf8')));
    return parsed.ok ? { name: parsed.config.name, channels: parsed.config.channels } : undefined;
  } catch {
    return undefined;
  }
}

export async function installDevices(app: FastifyInstance, o: DevicesOptions): Promise<void> {
  const now = o.now ?? (() => new Date());
  const store = new DeviceStore(o.db, { ...DEFAULT_CLAIM_LIMITS, ...o.claimLimits });
  const audit = new AuditLog(o.db, now);
  const claimsPerAddress = new RateLimiter({ burst: 10, perMinute: 6 });
  app.decorate('devices', store);

  // Hash the body as it arrives (before any decoding), only for requests that carry a device signature.
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.headers[DEVICE_HEADERS.sig] === undefined) return payload;
    const hash = createHash('sha256');
    let received = 0;
    const tee = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        received += chunk.length;
        (tee as unknown as { receivedEncodedLength: number }).receivedEncodedLength = received;
        done(null, chunk);
      },
      flush(done) {
        req.bodySha256 = hash.digest('hex');
        done();
      },
    });
    return payload.pipe(tee);
  });
  // Every reply carries the hub's clock: a device whose clock is wrong signs by this one.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header(HUB_TIME_HEADER, String(now().getTime()));
  });

  const sessions = new Map<string, { device: string; expires: number }>();
  const fromSession = (req: FastifyRequest): DeviceRow | undefined => {
    if (req.method !== 'GET' || !req.url.startsWith(FEED_SESSION_PATH)) return undefined;
    const token = cookie(req, FEED_SESSION_COOKIE);
    const s = token ? sessions.get(token) : undefined;
    if (!s) return undefined;
    if (s.expires < Date.now()) {
      sessions.delete(token!);
      return undefined;
    }
    return store.byId(s.device);
  };

  app.identify.device = async (req, reply): Promise<DeviceIdentity | null | 'answered'> => {
    const id = req.headers[DEVICE_HEADERS.id];
    if (typeof id !== 'string') {
      const held = fromSession(req);
      if (!held) return null;
      if (held.state !== 'enrolled') {
        deviceError(reply, 403, 'device-revoked', REVOKED_MESSAGE);
        return 'answered';
      }
      return { id: held.id, name: held.name ?? held.id, channels: held.channels };
    }
    const d = store.byId(id);
    if (!d) return null;
    const checked = await checkSigned(req, d.publicKey, now());
    if (checked === 'clock-skew') {
      deviceError(reply, 401, 'clock-skew', '设备时间与中心相差过大,请校准时间后重试');
      return 'answered';
    }
    if (checked !== 'ok') {
      deviceError(reply, 401, 'bad-signature', '设备签名无效:请求不是由本设备的密钥签署的');
      return 'answered';
    }
    if (d.state === 'revoked') {
      deviceError(reply, 403, 'device-revoked', REVOKED_MESSAGE);
      return 'answered';
    }
    if (d.state === 'pending') {
      deviceError(reply, 403, 'device-pending', PENDING_MESSAGE);
      return 'answered';
    }
    return { id: d.id, name: d.name ?? d.id, channels: d.channels };
  };

  const approveHere = async (d: DeviceRow) => {
    const cfg = await configOf(o.configDir, d.config);
    const approved = store.approve(
      d.id,
      { name: cfg?.name ?? d.config, place: '本机(演示)', channels: cfg?.channels ?? ['public'], by: 'demo' },
      now(),
    );
    audit.append({
      actor: null,
      action: 'device.approve',
      subject: `device:${d.id}`,
      from: 'pending',
      to: 'enrolled',
      detail: { auto: 'demo-loopback', name: approved.name, channels: approved.channels, code: d.code },
    });
    (o.log ?? ((l: string) => app.log.warn(l)))(
      `演示模式:已自动批准本机设备 ${d.id}(认领码 ${d.code},配置 ${d.config},频道 ${approved.channels.join(',')})。正式部署不会自动批准。`,
    );
    return approved;
  };

  app.post('/api/devices/v1/claims', { config: { access: ANYONE } }, async (req, reply) => {
    // The demo's own machine is not limited (it is the one approving itself); everyone else is.
    const here = o.autoApproveLoopback === true && fromLoopback(req);
    const limited = here ? { ok: true as const } : claimsPerAddress.take(req.ip);
    if (!limited.ok)
      return reply
        .code(429)
        .header('retry-after', String(limited.retryAfterSeconds))
        .send({ error: 'rate-limited', message: '登记申请过于频繁,请稍后再试' });
    const parsed = v.safeParse(DeviceClaim, req.body);
    if (!parsed.success)
      return reply.code(400).send({
        error: 'invalid',
        message: '登记申请格式有误',
        problems: parsed.issues.map((i) => `${v.getDotPath(i) ?? '(根)'}: ${i.message}`),
      });
    const c = parsed.output;
    if (req.headers[DEVICE_HEADERS.id] !== c.device) return deviceError(reply, 401, 'bad-signature', '登记申请须由申请的设备签名');
    const checked = await checkSigned(req, c.publicKey, now());
    if (checked === 'clock-skew') return deviceError(reply, 401, 'clock-skew', '设备时间与中心相差过大,请校准时间后重试');
    if (checked !== 'ok') return deviceError(reply, 401, 'bad-signature', '登记申请的签名无效');
    const r = store.claim({ ...c, code: await claimCode(c.publicKey) }, now());
    if (!r.ok) return reply.code(r.status).send({ error: r.error, message: r.message });
    let d = r.device;
    if (r.created) req.log.info({ device: d.id, code: d.code, config: d.config }, 'device claim');
    if (d.state === 'pending' && here) d = await approveHere(d);
    return reply.code(r.created ? 201 : 200).send(statusReply(d));
  });

  app.get('/api/devices/v1/status', { config: { access: ANYONE } }, async (req, reply) => {
    const id = req.headers[DEVICE_HEADERS.id];
    const d = typeof id === 'string' ? store.byId(id) : undefined;
    // Unknown (never claimed, or a claim that expired): the device claims again.
    if (!d) return deviceError(reply, 404, 'device-unknown', '中心没有本设备的登记申请');
    const checked = await checkSigned(req, d.publicKey, now());
    if (checked === 'clock-skew') return deviceError(reply, 401, 'clock-skew', '设备时间与中心相差过大,请校准时间后重试');
    if (checked !== 'ok') return deviceError(reply, 401, 'bad-signature', '设备签名无效');
    return statusReply(d);
  });

  app.post('/api/devices/v1/session', { config: { access: deviceAccess() } }, async (req, reply) => {
    const d = req.who.device!;
    if (!d.channels.includes('internal'))
      return reply.code(403).send({ error: 'not-internal', message: '本设备未获准查看对内公开内容(批准时未给对内频道)' });
    for (const [t, s] of sessions) if (s.expires < Date.now() || s.device === d.id) sessions.delete(t);
    const token = randomBytes(32).toString('base64url');
    sessions.set(token, { device: d.id, expires: Date.now() + FEED_SESSION_MS });
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header(
      'set-cookie',
      `${FEED_SESSION_COOKIE}=${token}; Path=${FEED_SESSION_PATH}; Max-Age=${FEED_SESSION_MS / 1000}; HttpOnly; SameSite=Strict${secure}`,
    );
    return { ok: true, expiresInSeconds: FEED_SESSION_MS / 1000 };
  });

  app.get('/api/devices/v1/devices', { config: { access: person('it', 'admin') } }, async () => ({
    devices: store.list().map((d) => ({ ...statusReply(d), config: d.config, claimedAt: d.claimedAt })),
  }));
}
