/**
 * The hub: one Node process that serves the built PWA, the device configs and
 * the static signed feed (later issues add intake and fleet health).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { TrustedKey } from '../src/contract/config.ts';
import { parseDeviceConfig } from '../src/contract/config.ts';
import { ANYONE, deviceOrPerson, installAccess, registerOpen } from './access.ts';
import { installAlarms } from './alarms.ts';
import { type CasesOptions, casesPlugin } from './cases/plugin.ts';
import { type Db, openDb } from './db.ts';
import { installDevices } from './devices/plugin.ts';
import { displayPlugin } from './display/plugin.ts';
import { type FleetOptions, installFleet } from './fleet/plugin.ts';
import type { IntakeOptions } from './intake/keys.ts';
import { intakePlugin } from './intake/plugin.ts';
import type { SigningKey } from './keys.ts';
import { privateLogger } from './log-privacy.ts';
import { installPeople, type PeopleOptions } from './people/plugin.ts';
import { RosterKeeper, type RosterOptions, rosterRoutes } from './people/roster.ts';
import { wholeFeedDir } from './publish/feed-writer.ts';
import type { Approver } from './publish/index.ts';
import type { AdmissionOptions } from './questionnaire/admission.ts';
import { questionnaireAdmission } from './questionnaire/plugin.ts';
import { installSecurityHeaders, type SecurityOptions } from './security-headers.ts';
import { StorageGuard, type StorageLimits } from './storage-guard.ts';
import { workflowPlugin } from './workflow/plugin.ts';

export interface HubOptions {
  distDir: string;
  feedDir: string;
  configDir: string;
  /** Keys added to served configs that list none (the development key). */
  trustedKeys: TrustedKey[];
  /** Roster root keys added to served configs that list none (the demo office's, in development), and whether they take a demo roster. */
  demoRoster?: { rosterRoots: TrustedKey[]; acceptDemoRoster: boolean };
  /** Where the hub keeps its SQLite database and other state (var/ by default). */
  dataDir: string;
  logger?: boolean;
  /** Where the log goes (tests search it); implies `logger`. No client address is ever logged (hub/log-privacy.ts). */
  logStream?: NodeJS.WritableStream;
  /** Complaints and inquiries (hub/intake/): receipt key, accepted office keys, the config block to serve. */
  intake?: IntakeOptions;
  /** Behind a reverse proxy: trust X-Forwarded-For for the client address (rate limits). Fastify's `trustProxy`. */
  trustProxy?: boolean | string;
  /**
   * A request must arrive whole within `requestMs` (headers and body: a slow-loris body is cut off, 408)
   * and an idle connection closes after `idleMs`. Defaults 20 s and 65 s (a kiosk polls every 60 s).
   */
  timeouts?: { requestMs?: number; idleMs?: number };
  /** Office sign-in (hub/people/): session limits, a clock for tests. */
  people?: PeopleOptions;
  /**
   * The office's roster (hub/people/roster.ts): its root public keys, and in the demo the demo
   * office whose root signs rosters by itself. With it, 预审/签发/撤回 carry people's own signatures.
   */
  roster?: Omit<RosterOptions, 'now'>;
  /** The disk's ceiling (hub/storage-guard.ts): past it uploads and submissions are answered 507. */
  storage?: StorageLimits;
  /** Browser hardening (hub/security-headers.ts): extra origins for a feed on a CDN. */
  security?: SecurityOptions;
  /** Questionnaire admission (hub/questionnaire/admission.ts): grace after closing, kiosk limits, clock for tests. */
  questionnaire?: AdmissionOptions;
  /** The office's cases (hub/cases/): deadlines, the key that publishes approved answers, a clock for tests. */
  cases?: Omit<CasesOptions, 'db' | 'intake' | 'feed'> & { signingKey?: SigningKey; approver?: Approver };
  /**
   * Demo only (`npm start`): approve devices that open from the hub's own machine by
   * themselves (hub/devices/). Off unless set: a production hub never does.
   */
  autoApproveLoopback?: boolean;
  /** Where the devices plugin says what it did by itself (the demo's auto-approval); the Fastify log otherwise. */
  deviceLog?: (line: string) => void;
  /** The hub's clock for devices, proof of display, fleet health and office sessions (tests move it). */
  now?: () => Date;
  /** Fleet health (hub/fleet/): the alarm webhook, opening hours, limits; remote actions are signed with `cases.signingKey` unless given here. */
  fleet?: FleetOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's one SQLite database (`${dataDir}/hub.sqlite`); each feature migrates its own tables (hub/db.ts). */
    db: Db;
    /** Checked before anything sent to the hub is stored (hub/storage-guard.ts). */
    storage: StorageGuard;
  }
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
/** The app's own routes: each loads the shell. */
const SHELL_ROUTES = ['/', '/board', '/m/*', '/k/*', '/office', '/office/*'];
const IMMUTABLE = 'public, max-age=31536000, immutable';
const FEED_FILE =
  /^(head\.json|items\/[a-z0-9-]+\.json|pages\/[0-9a-z-]+\.json|files\/[0-9a-f]{64}\.(pdf|png|jpg|webp)|vocab\/[0-9a-f]{16}\.json|roster\/[0-9a-f]{16}\.json)$/;
const TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

/** A file's bytes with a strong ETag, and its compressed forms once asked for. */
interface CachedFile {
  mtimeMs: number;
  body: Buffer;
  etag: string;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}
type Encoding = 'br' | 'gzip';

/** Small files read with a strong ETag, re-read when their mtime changes. */
class FileCache {
  private readonly entries = new Map<string, CachedFile>();
  async get(path: string): Promise<CachedFile> {
    const s = await stat(path);
    const hit = this.entries.get(path);
    if (hit && hit.mtimeMs === s.mtimeMs) return hit;
    const body = await readFile(path);
    const entry = {
      mtimeMs: s.mtimeMs,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      encoded: {},
    };
    if (body.byteLength < 4 * 1024 * 1024) this.entries.set(path, entry);
    return entry;
  }
}

/**
 * The best encoding the client takes for a compressible body: JSON pages shrink
 * several times over, which is what a village kiosk on a slow line waits for.
 * Compressed once per file and kept (feed pages never change). Chromium offers
 * brotli only over HTTPS; gzip otherwise.
 */
function encodingFor(acceptEncoding: string | undefined, entry: CachedFile, type: string): Encoding | undefined {
  if (entry.body.byteLength < 1024 || !type.startsWith('application/json')) return undefined;
  const offered = (acceptEncoding ?? '').split(',').map((e) => e.trim().split(';')[0]);
  return offered.includes('br') ? 'br' : offered.includes('gzip') ? 'gzip' : undefined;
}

function compress(entry: CachedFile, encoding: Encoding): Promise<Buffer> {
  entry.encoded[encoding] ??=
    encoding === 'br'
      ? brotli(entry.body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.body.byteLength },
        })
      : gzip(entry.body, { level: 6 });
  return entry.encoded[encoding];
}

async function sendCached(
  reply: FastifyReply,
  req: { headers: { 'if-none-match'?: string | undefined; 'accept-encoding'?: string | undefined } },
  entry: CachedFile,
  type: string,
  cacheControl: string,
) {
  const encoding = encodingFor(req.headers['accept-encoding'], entry, type);
  // Each encoding is its own representation, so its own strong ETag (RFC 9110 8.8.3); either one revalidates.
  const etag = encoding ? `${entry.etag.slice(0, -1)}-${encoding}"` : entry.etag;
  reply
    .header('etag', etag)
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'accept-encoding');
  const tags = req.headers['if-none-match']?.split(/\s*,\s*/) ?? [];
  if (tags.includes(etag) || tags.includes(entry.etag)) return reply.code(304).send();
  if (!encoding) return reply.type(type).send(entry.body);
  return reply
    .type(type)
    .header('content-encoding', encoding)
    .send(await compress(entry, encoding));
}

export async function buildHub(o: HubOptions): Promise<FastifyInstance> {
  const logger = o.logger || o.logStream ? privateLogger(o.logStream ? { stream: o.logStream } : {}) : false;
  const requestMs = o.timeouts?.requestMs ?? 20_000;
  const app = Fastify({
    logger,
    // Node checks request deadlines every `connectionsCheckingInterval` (30 s by default): a slow body would
    // hold its socket up to that long past its deadline, so the check runs at a quarter of the deadline.
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: requestMs,
          headersTimeout: Math.min(requestMs, 15_000),
          connectionsCheckingInterval: Math.max(250, requestMs / 4),
        },
        handler,
      );
      server.setTimeout(o.timeouts?.idleMs ?? 65_000);
      return server;
    },
    bodyLimit: 256 * 1024,
    // On close: idle keep-alive sockets are dropped at once, requests in flight are finished (graceful stop, hub/main.ts).
    forceCloseConnections: 'idle',
    trustProxy: o.trustProxy ?? false,
  });
  // The hub's one SQLite file: each feature plugin applies its own named migrations to it (hub/db.ts).
  app.decorate('db', openDb(join(o.dataDir, 'hub.sqlite'), []));
  // Every route says who may call it (hub/access.ts), checked in one place.
  installAccess(app);
  installSecurityHeaders(app, o.security);
  installAlarms(app, o.now);
  await installPeople(app, { ...(o.now ? { now: o.now } : {}), ...o.people });
  const roster = o.roster ? new RosterKeeper(app.db, app.people, { ...o.roster, ...(o.now ? { now: o.now } : {}) }) : undefined;
  if (roster) rosterRoutes(app, roster);
  app.decorate('storage', new StorageGuard(app.db, o.dataDir, app.alarms, o.storage));
  const open = { config: { access: ANYONE } };
  app.addHook('onClose', async () => app.db.close());
  // Device identities: enrollment, and the resolver behind every device() route.
  await installDevices(app, {
    db: app.db,
    configDir: o.configDir,
    ...(o.autoApproveLoopback ? { autoApproveLoopback: true } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.deviceLog ? { log: o.deviceLog } : {}),
  });
  const files = new FileCache();
  const feedDir = resolve(o.feedDir);

  app.get('/healthz', open, async () => ({ ok: true }));

  app.get<{ Params: { '*': string } }>('/feed/*', open, async (req, reply) => {
    const rel = req.params['*'];
    if (!FEED_FILE.test(rel)) return reply.code(404).send({ error: 'not-found', message: '没有这个 feed 文件' });
    let entry: Awaited<ReturnType<FileCache['get']>>;
    try {
      entry = await files.get(join(feedDir, rel));
    } catch {
      return reply.code(404).send({ error: 'not-found', message: '没有这个 feed 文件' });
    }
    // Pages and attachments are named by content and never change; head and items are polled.
    const mutable = rel === 'head.json' || rel.startsWith('items/');
    reply.header('access-control-allow-origin', '*');
    return sendCached(reply, req, entry, TYPES[rel.split('.').pop()!]!, mutable ? 'no-cache' : IMMUTABLE);
  });

  // 内外有别 (工作制度 二): the whole feed, internal items included, only for enrolled internal
  // devices (a session cookie, hub/devices/) and signed-in office users; never cached by others.
  app.get<{ Params: { '*': string } }>('/feed-internal/*', { config: { access: deviceOrPerson() } }, async (req, reply) => {
    if (req.who.device && !req.who.device.channels.includes('internal'))
      return reply.code(403).send({ error: 'not-internal', message: '本设备未获准查看对内公开内容' });
    const rel = req.params['*'];
    if (!FEED_FILE.test(rel)) return reply.code(404).send({ error: 'not-found', message: '没有这个 feed 文件' });
    let entry: Awaited<ReturnType<FileCache['get']>>;
    try {
      entry = await files.get(join(await wholeFeedDir(feedDir), rel));
    } catch {
      return reply.code(404).send({ error: 'not-found', message: '没有这个 feed 文件' });
    }
    const mutable = rel === 'head.json' || rel.startsWith('items/');
    return sendCached(
      reply,
      req,
      entry,
      TYPES[rel.split('.').pop()!]!,
      mutable ? 'private, no-cache' : 'private, max-age=31536000, immutable',
    );
  });

  app.get<{ Params: { name: string } }>('/kiosk-config/:name', open, async (req, reply) => {
    const name = req.params.name.replace(/\.json$/, '');
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name))
      return reply.code(400).send({ error: 'bad-name', message: '配置名只能用小写字母、数字和连字符' });
    if (name === 'schema') return sendCached(reply, req, await files.get(join(o.configDir, 'schema.json')), TYPES.json!, 'no-cache');
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(o.configDir, `${name}.json`), 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return reply.code(404).send({ error: 'no-such-config', message: `没有名为 ${name} 的设备配置` });
      // Served as is, so the device can show IT which field is wrong.
      return reply.code(422).send({ error: 'bad-config', message: `配置文件 ${name}.json 不是合法 JSON:${(e as Error).message}` });
    }
    const parsed = parseDeviceConfig(raw);
    if (parsed.ok && parsed.config.trustedKeys.length === 0 && raw && typeof raw === 'object') raw = { ...raw, trustedKeys: o.trustedKeys };
    if (parsed.ok && parsed.config.rosterRoots.length === 0 && o.demoRoster && raw && typeof raw === 'object')
      raw = { ...raw, ...o.demoRoster };
    if (parsed.ok && !parsed.config.intake && o.intake?.configBlock && raw && typeof raw === 'object')
      raw = { ...raw, intake: o.intake.configBlock };
    if (!parsed.ok) req.log.warn({ name, problems: parsed.problems }, 'bad device config served');
    reply.header('cache-control', 'no-cache');
    return reply.send(raw);
  });

  const questionnaire = questionnaireAdmission(app.db, { ...o.questionnaire, feedDir });
  if (o.intake) await app.register(intakePlugin, { ...o.intake, db: app.db, questionnaire });
  await app.register(casesPlugin, {
    ...o.cases,
    db: app.db,
    intake: o.intake,
    feed: { dir: feedDir, key: o.cases?.signingKey, approver: o.cases?.approver },
  });
  // The publishing workflow (issue 11): 签发 writes to the feed with the same key and demo approver as the cases.
  await app.register(workflowPlugin, {
    db: app.db,
    dataDir: o.dataDir,
    feed: { dir: feedDir, key: o.cases?.signingKey, approver: o.cases?.approver },
    now: o.now ?? o.cases?.now,
    roster,
  });
  const fleetKey = o.fleet?.signingKey ?? o.cases?.signingKey;
  await installFleet(app, {
    ...o.fleet,
    ...(fleetKey ? { signingKey: fleetKey } : {}),
    db: app.db,
    configDir: o.configDir,
    storage: app.storage,
    ...(o.now ? { now: o.now } : {}),
  });
  await app.register(displayPlugin, {
    db: app.db,
    storage: app.storage,
    feedDir,
    configDir: o.configDir,
    devices: app.devices,
    ...(o.now ? { now: o.now } : {}),
  });

  // The built app and its shell routes: open to anyone (the service worker takes over after the first load).
  await registerOpen(app, async (scope) => {
    await scope.register(fastifyStatic, {
      root: resolve(o.distDir),
      index: false,
      setHeaders(res, path) {
        res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache');
      },
    });
    const shell = async (_req: unknown, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
    for (const path of SHELL_ROUTES) scope.get(path, shell);
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not-found', message: '没有这个地址' }));
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    return reply
      .code(status)
      .send({ error: status === 500 ? 'internal' : 'bad-request', message: status === 500 ? '服务器内部错误' : err.message });
  });
  return app;
}
