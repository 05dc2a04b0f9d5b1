/**
 * Proof of display on the hub (issue 3): boards upload their hash-chained
 * display log; the office reads which notices were shown on which working
 * days. Every bad request gets a 4xx JSON answer in plain Chinese.
 *
 *   POST /api/display/v1/entries          a board's batch (idempotent): enrolled devices only, signed, within a daily quota
 *   GET  /api/display/v1/boards           boards, their last report, tampering found
 *   GET  /api/display/v1/boards/:device/entries
 *   GET  /api/display/v1/compliance?date= the report as JSON
 *   GET  /office/compliance?date=         the same, as a page to print
 */

import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { chinaDate } from '../../src/contract/china-time.ts';
import { parseDeviceConfig } from '../../src/contract/config.ts';
import { verifyDeviceSignature } from '../../src/contract/device.ts';
import { batchText, DeviceId, DisplayEntry, DisplayUpload } from '../../src/contract/display.ts';
import { isValidDate } from '../../src/contract/working-days.ts';
import { device, person } from '../access.ts';
import { type Db, migrate } from '../db.ts';
import type { DeviceStore } from '../devices/store.ts';
import { withNonce } from '../security-headers.ts';
import type { StorageGuard } from '../storage-guard.ts';
import { type ComplianceReport, computeCompliance } from './compliance.ts';
import { displayMigrations } from './migrations.ts';
import { FeedNotices } from './notices.ts';
import { complianceHtml } from './report-html.ts';
import { DisplayStore } from './store.ts';

export interface DisplayOptions {
  db: Db;
  feedDir: string;
  configDir: string;
  /** The enrolled devices (hub/devices/): who may upload, and the name, place and channels IT gave each. */
  devices: DeviceStore;
  /** Per device and China day (docs/security.md). */
  quota?: { requests: number; items: number };
  /** The hub's clock (tests move it). */
  now?: () => Date;
  /** The disk's ceiling (hub/storage-guard.ts): past it uploads are answered 507. */
  storage?: StorageGuard;
}

/** A board uploads every few minutes, a few hundred entries a day; ten times that is still far from filling a disk. */
export const DISPLAY_QUOTA = { requests: 2_000, items: 20_000 };

const problemsOf = (issues: readonly v.BaseIssue<unknown>[], prefix = '') =>
  issues.map((i) => `${prefix}${v.getDotPath(i) ?? '(根)'}: ${i.message}`);

function bad(reply: FastifyReply, status: number, error: string, message: string, problems?: string[]) {
  return reply.code(status).send({ error, message, ...(problems ? { problems } : {}) });
}

/** Board configs on disk: the report names boards that were set up but never reported. */
async function boardConfigs(configDir: string): Promise<{ config: string; name: string; channels: string[] }[]> {
  const out: { config: string; name: string; channels: string[] }[] = [];
  for (const file of (await readdir(configDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && f !== 'schema.json')) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(configDir, file), 'utf8'));
    } catch {
      continue; // A broken config is IT's to fix (the device shows it); the report skips it.
    }
    const parsed = parseDeviceConfig(raw);
    if (parsed.ok && parsed.config.mode === 'board')
      out.push({ config: file.slice(0, -5), name: parsed.config.name, channels: parsed.config.channels });
  }
  return out;
}

export async function displayPlugin(app: FastifyInstance, o: DisplayOptions): Promise<void> {
  // The boards' logs and the compliance report are the office's: any signed-in office user (政务公开工作台).
  const office = { config: { access: person() } };
  migrate(o.db, displayMigrations);
  const store = new DisplayStore(o.db);
  const notices = new FeedNotices(o.feedDir);
  const now = o.now ?? (() => new Date());

  // Fastify's own messages for unreadable bodies, said plainly.
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const messages: Record<string, [number, string]> = {
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, '请求体应为 application/json'],
      FST_ERR_CTP_EMPTY_JSON_BODY: [400, '请求体为空'],
      FST_ERR_CTP_BODY_TOO_LARGE: [413, '请求体过大:请分批上报,每批最多 500 条'],
      FST_ERR_CTP_INVALID_JSON_BODY: [400, '请求体不是合法的 JSON'],
    };
    const known = err.code ? messages[err.code] : undefined;
    if (known) return bad(reply, known[0], 'bad-request', known[1]);
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500))
      return bad(reply, err.statusCode ?? 400, 'bad-request', `请求无效:${err.message}`);
    req.log.error(err);
    return bad(reply, 503, 'unavailable', '中心暂时无法处理展示记录,请稍后重试');
  });

  app.post('/api/display/v1/entries', { config: { access: device() } }, async (req, reply) => {
    // A full disk refuses new entries (507): the board keeps its log and sends it later.
    if (o.storage && !(await o.storage.admit(reply))) return reply;
    const signer = o.devices.byId(req.who.device!.id)!;
    const upload = v.safeParse(DisplayUpload, req.body);
    if (!upload.success) return bad(reply, 400, 'invalid', '上报内容格式有误', problemsOf(upload.issues));
    // Only a device's own log: the signer is the device the entries are about.
    if (upload.output.device !== signer.id)
      return bad(reply, 403, 'not-yours', `上报的设备编号与签名设备 ${signer.id} 不一致,本批均未保存`);
    const entries: DisplayEntry[] = [];
    const problems: string[] = [];
    upload.output.entries.forEach((raw, n) => {
      const e = v.safeParse(DisplayEntry, raw);
      if (!e.success) problems.push(...problemsOf(e.issues, `entries.${n}.`));
      else if (e.output.device !== upload.output.device) problems.push(`entries.${n}.device: 与上报设备 ${upload.output.device} 不一致`);
      else entries.push(e.output);
    });
    if (problems.length > 0) return bad(reply, 400, 'invalid', '展示记录格式有误,本批均未保存', problems.slice(0, 50));
    if (new Set(entries.map((e) => e.seq)).size !== entries.length)
      return bad(reply, 400, 'invalid', '同一批中有重复的记录号(seq),本批均未保存');
    if (!(await verifyDeviceSignature(signer.publicKey, batchText(signer.id, entries), upload.output.sig)))
      return bad(reply, 400, 'bad-batch-signature', '本批展示记录的签名无效,本批均未保存');
    if (!o.devices.take(signer.id, 'display', entries.length, o.quota ?? DISPLAY_QUOTA, now()))
      return reply
        .code(429)
        .header('retry-after', '3600')
        .send({ error: 'quota', message: '本设备今日上报的展示记录已达上限,明日再报;如属正常请联系信息技术人员' });
    const result = await store.ingest(
      {
        id: signer.id,
        config: signer.config,
        name: signer.name ?? signer.id,
        place: signer.place ?? '',
        channels: signer.channels,
        enrolledAt: signer.enrolledAt!,
      },
      entries,
      upload.output.sig,
      now().toISOString(),
    );
    if (result.problems.length > 0) req.log.warn({ device: signer.id, problems: result.problems }, 'display log problems found');
    return result;
  });

  app.get('/api/display/v1/boards', office, async () => ({ boards: store.boards() }));

  app.get<{ Params: { device: string } }>('/api/display/v1/boards/:device/entries', office, async (req, reply) => {
    if (!v.is(DeviceId, req.params.device)) return bad(reply, 400, 'bad-device', '设备编号格式有误');
    return { entries: store.entries(req.params.device) };
  });

  const report = async (date: string): Promise<ComplianceReport> => {
    const list = await notices.list();
    return computeCompliance({
      date,
      now: now(),
      notices: list,
      boards: store.boards(),
      firstShown: store.firstShownDays(),
      shown: store.shownDays(list.map((n) => n.id)),
      boardConfigs: await boardConfigs(o.configDir),
    });
  };
  const asOf = (q: { date?: string }): string | undefined => {
    const date = q.date ?? chinaDate(now());
    return isValidDate(date) ? date : undefined;
  };

  app.get<{ Querystring: { date?: string } }>('/api/display/v1/compliance', office, async (req, reply) => {
    const date = asOf(req.query);
    if (!date) return bad(reply, 400, 'bad-date', 'date 应为有效日期 YYYY-MM-DD,如 2026-11-30');
    return report(date);
  });

  app.get<{ Querystring: { date?: string } }>('/office/compliance', office, async (req, reply) => {
    const date = asOf(req.query);
    if (!date) return bad(reply, 400, 'bad-date', 'date 应为有效日期 YYYY-MM-DD,如 2026-11-30');
    // The report's own style and print button run under the strict CSP by a nonce made for this response.
    const nonce = randomBytes(16).toString('base64url');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', withNonce(nonce))
      .send(complianceHtml(await report(date), nonce));
  });
}
