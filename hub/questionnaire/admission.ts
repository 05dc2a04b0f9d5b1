/**
 * Whether the hub takes a questionnaire submission, from what it can see
 * without opening it: the questionnaire (the submission's `subject`) is in the
 * feed and open, the device has not answered it before (a phone) or is not
 * flooding (a kiosk). Limits without identity: docs/questionnaire.md says
 * what they stop and what they cannot.
 *
 * Call `admit` only for a submission id the hub has not stored yet (a retry of
 * a stored one gets its old answer), and `record` once it is stored.
 */
import { createHmac } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { chinaMidnight } from '../../src/contract/china-time.ts';
import { Change, FEED_PATHS, ItemId, type QuestionnaireItem } from '../../src/contract/feed.ts';
import { checkForm } from '../../src/contract/questionnaire/check.ts';
import type { Db, Migration } from '../db.ts';

export const QUESTIONNAIRE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'questionnaire-001-devices',
    sql: `CREATE TABLE questionnaire_devices (
      questionnaire TEXT NOT NULL,
      device TEXT NOT NULL,
      source TEXT NOT NULL,
      count INTEGER NOT NULL,
      first_at TEXT NOT NULL,
      last_at TEXT NOT NULL,
      PRIMARY KEY (questionnaire, device)
    )`,
  },
  // Answers now arrive sealed through the intake (intake_submissions); the interim table of unsealed answers goes.
  { id: 'questionnaire-003-drop-interim-answers', sql: 'DROP TABLE IF EXISTS questionnaire_answers_interim' },
  {
    // Phone answers per network address (a keyed hash: the address itself is not kept), and what was refused.
    id: 'questionnaire-004-addresses-and-refusals',
    sql: `CREATE TABLE questionnaire_addresses (
      questionnaire TEXT NOT NULL,
      address_key TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (questionnaire, address_key)
    );
    CREATE TABLE questionnaire_refusals (
      questionnaire TEXT NOT NULL,
      reason TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (questionnaire, reason)
    );
    CREATE TABLE questionnaire_secret (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);
    INSERT INTO questionnaire_secret (id, key) VALUES (1, randomblob(32));`,
  },
];

export interface AnswerMeta {
  /** The questionnaire's item id. */
  subject: string;
  /** The random id of the browser (never personal). */
  device: string;
  source: 'kiosk' | 'phone';
  /** When the citizen pressed 提交, by the device's clock. */
  createdAt: string;
}

export type Admission =
  | { ok: true; item: QuestionnaireItem }
  | { ok: false; status: number; error: string; message: string; retryAfterSeconds?: number };

export interface AdmissionOptions {
  /** How long after closing the hub still takes answers made in the period: an offline kiosk's backlog. */
  graceDays?: number;
  /** Kiosk answers per questionnaire: a burst (a backlog after weeks offline) and a sustained rate. */
  kiosk?: { burst: number; perMinute: number };
  /**
   * Phone answers to one questionnaire from one network address (a household, a village
   * office's Wi-Fi): past it the address cannot stuff the result with fresh browser ids. Default 10.
   */
  phonesPerAddress?: number;
  now?: () => number;
}

const DAY = 86_400_000;
/** Device clocks drift; a few minutes either way is not a lie. */
const SKEW = 10 * 60_000;

export class QuestionnaireAdmission {
  private readonly graceMs: number;
  private readonly kiosk: { burst: number; perMinute: number };
  private readonly now: () => number;
  private readonly items = new Map<string, { mtimeMs: number; item: QuestionnaireItem | null }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly phonesPerAddress: number;
  private readonly secret: Buffer;

  constructor(
    private readonly db: Db,
    private readonly feedDir: string,
    o: AdmissionOptions = {},
  ) {
    this.graceMs = (o.graceDays ?? 7) * DAY;
    this.kiosk = o.kiosk ?? { burst: 300, perMinute: 2 };
    this.now = o.now ?? Date.now;
    this.phonesPerAddress = o.phonesPerAddress ?? 10;
    this.secret = (db.prepare('SELECT key FROM questionnaire_secret WHERE id = 1').get() as { key: Buffer }).key;
  }

  /** A keyed hash of the address for one questionnaire: counted, never kept or linked to an answer. */
  private addressKey(questionnaire: string, address: string): string {
    return createHmac('sha256', this.secret).update(`${questionnaire}\n${address}`).digest('base64url').slice(0, 22);
  }

  /** Answers refused for this questionnaire, by reason (shown with its results). */
  refusals(questionnaire: string): Record<string, number> {
    const rows = this.db
      .prepare<[string], { reason: string; count: number }>('SELECT reason, count FROM questionnaire_refusals WHERE questionnaire = ?')
      .all(questionnaire);
    return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
  }

  private refused(questionnaire: string, a: Extract<Admission, { ok: false }>): Admission {
    this.db
      .prepare(
        `INSERT INTO questionnaire_refusals (questionnaire, reason, count) VALUES (?, ?, 1)
         ON CONFLICT (questionnaire, reason) DO UPDATE SET count = count + 1`,
      )
      .run(questionnaire, a.error);
    return a;
  }

  /** The questionnaire as the feed has it now (the latest signed change of the item), or null. */
  async questionnaire(id: string): Promise<QuestionnaireItem | null> {
    if (!v.is(ItemId, id)) return null;
    const path = join(this.feedDir, FEED_PATHS.item(id));
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      return null;
    }
    const hit = this.items.get(id);
    if (hit && hit.mtimeMs === mtimeMs) return hit.item;
    let item: QuestionnaireItem | null = null;
    try {
      // The hub's own feed directory, written by the publisher: parsed, not re-verified.
      const envelope = JSON.parse(await readFile(path, 'utf8')) as { payload: string };
      const change = v.safeParse(Change, JSON.parse(envelope.payload));
      const c = change.success ? change.output : undefined;
      if (c?.op === 'upsert' && c.item.kind === 'questionnaire') {
        // The feed contract checks only the form's outline; answers are checked against the whole form.
        const form = checkForm(c.item.form);
        if (form.ok) item = { ...c.item, form: form.form };
      }
    } catch {
      item = null;
    }
    this.items.set(id, { mtimeMs, item });
    return item;
  }

  /** Whether to take the answers; `address` is the client's network address (phones are limited by it). */
  async admit(meta: AnswerMeta, address?: string): Promise<Admission> {
    const a = await this.check(meta, address);
    return a.ok || a.error === 'no-questionnaire' ? a : this.refused(meta.subject, a);
  }

  private async check(meta: AnswerMeta, address?: string): Promise<Admission> {
    const item = await this.questionnaire(meta.subject);
    if (!item) return { ok: false, status: 404, error: 'no-questionnaire', message: `没有编号为 ${meta.subject} 的问卷,或已撤回` };
    const { opensOn, closesOn } = item.questionnaire;
    const opens = chinaMidnight(opensOn);
    const closes = chinaMidnight(closesOn) + DAY;
    const now = this.now();
    const made = Date.parse(meta.createdAt);
    const period = `${opensOn} 至 ${closesOn}`;
    // Answered in the period (by the device's clock), and delivered before the grace after closing runs out.
    if (now < opens - SKEW || made < opens - SKEW)
      return { ok: false, status: 403, error: 'not-open', message: `问卷尚未开始,填写时间为 ${period}` };
    if (made > now + SKEW) return { ok: false, status: 422, error: 'bad-time', message: '提交时间晚于服务器时间,请校准设备时钟' };
    if (made > closes + SKEW || now > closes + this.graceMs)
      return { ok: false, status: 403, error: 'closed', message: `问卷已于 ${closesOn} 截止,不再接收答卷` };

    const seen = this.db
      .prepare<[string, string], { count: number }>('SELECT count FROM questionnaire_devices WHERE questionnaire = ? AND device = ?')
      .get(meta.subject, meta.device);
    // One per phone: a second answer from the same browser is refused (《政务公开评议制度》: one person, one voice).
    if (meta.source === 'phone' && seen)
      return { ok: false, status: 409, error: 'already-answered', message: '本机已提交过这份问卷,每台手机限填一次' };
    if (meta.source === 'phone' && address) {
      const n =
        this.db
          .prepare<[string, string], { count: number }>(
            'SELECT count FROM questionnaire_addresses WHERE questionnaire = ? AND address_key = ?',
          )
          .get(meta.subject, this.addressKey(meta.subject, address))?.count ?? 0;
      if (n >= this.phonesPerAddress)
        return {
          ok: false,
          status: 429,
          error: 'address-limit',
          message: `同一网络已提交这份问卷 ${n} 份,达到上限;如需继续填写,请到政务服务中心的触摸屏填写`,
        };
    }
    if (meta.source === 'kiosk') {
      const r = this.take(`${meta.subject}\n${meta.device}`, now);
      if (!r.ok)
        return {
          ok: false,
          status: 429,
          error: 'rate-limited',
          message: `本触摸屏提交这份问卷过于频繁,请 ${r.retryAfterSeconds} 秒后再试`,
          retryAfterSeconds: r.retryAfterSeconds,
        };
    }
    return { ok: true, item };
  }

  /** Remembers that this device (and, for a phone, its address) answered, after the submission is stored. */
  record(meta: AnswerMeta, address?: string): void {
    if (meta.source === 'phone' && address)
      this.db
        .prepare(
          `INSERT INTO questionnaire_addresses (questionnaire, address_key, count) VALUES (?, ?, 1)
           ON CONFLICT (questionnaire, address_key) DO UPDATE SET count = count + 1`,
        )
        .run(meta.subject, this.addressKey(meta.subject, address));
    const at = new Date(this.now()).toISOString();
    this.db
      .prepare(
        `INSERT INTO questionnaire_devices (questionnaire, device, source, count, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
         ON CONFLICT (questionnaire, device) DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
      )
      .run(meta.subject, meta.device, meta.source, at, at);
  }

  private take(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const perMs = this.kiosk.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.kiosk.burst, at: now };
    b.tokens = Math.min(this.kiosk.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
  }
}
