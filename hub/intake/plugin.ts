/**
 * The intake API (docs/submission.md), a Fastify plugin:
 *   POST /api/intake/submissions   a sealed submission → stored durably → signed receipt
 *   GET  /api/intake/track/CODE     status and answer by tracking code
 * Every malformed, oversized, wrong-type or flooding request gets a 4xx with a
 * JSON body {error, message} in Chinese; nothing a client sends makes a 5xx.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { chinaDate, chinaMidnight } from '../../src/contract/china-time.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import {
  type IntakeAccepted,
  type IntakeError,
  type ReceiptPayload,
  SUBMISSION_LIMITS,
  Submission,
  submissionDigest,
} from '../../src/contract/submission.ts';
import { isValidTrackingCode, normaliseTrackingCode } from '../../src/contract/tracking-code.ts';
import { ANYONE } from '../access.ts';
import type { Db } from '../db.ts';
import { addressPseudonym } from '../log-privacy.ts';
import type { QuestionnaireAdmission } from '../questionnaire/admission.ts';
import type { IntakeOptions } from './keys.ts';
import { DEFAULT_LIMITS, RateLimiter } from './rate-limit.ts';
import { IntakeStore } from './store.ts';

/** Each schema problem as "field: what is wrong", in Chinese even where valibot's default message is English. */
function describeProblems(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((i) => {
    const path = v.getDotPath(i) ?? '(根)';
    if (i.input === undefined && i.kind === 'schema') return `${path}: 缺少此项`;
    if (/[\u4e00-\u9fff]/.test(i.message)) return `${path}: ${i.message}`;
    return `${path}: 格式不对(应为 ${i.expected ?? '其他值'},收到 ${i.received})`;
  });
}

export interface IntakePluginOptions extends IntakeOptions {
  db: Db;
  /** Open period and per-device limits for questionnaire answers (hub/questionnaire/); without it they are refused. */
  questionnaire?: QuestionnaireAdmission;
}

function refuse(reply: FastifyReply, status: number, body: IntakeError) {
  if (body.retryAfterSeconds !== undefined) reply.header('retry-after', String(body.retryAfterSeconds));
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** Fastify's own refusals (body parsing, limits), in words a clerk or IT can act on. */
function describeFastifyError(err: FastifyError): { status: number; body: IntakeError } {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: 'too-large', message: `提交内容过大,上限为 ${SUBMISSION_LIMITS.bodyBytes / 1024} KB` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: 'unsupported-type', message: '请以 application/json 格式提交' } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: 'empty', message: '提交内容为空' } };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: 'bad-length', message: '请求长度与内容不符' } };
    default:
      if (err.statusCode === 400 && /[\u4e00-\u9fff]/.test(err.message))
        return { status: 400, body: { error: 'bad-json', message: err.message } };
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        return {
          status: err.statusCode,
          body: {
            error: err.statusCode === 400 ? 'bad-json' : 'bad-request',
            message: err.statusCode === 400 ? '提交内容不是合法的 JSON' : '请求无效',
          },
        };
      return { status: 500, body: { error: 'internal', message: '服务器内部错误,请稍后重试' } };
  }
}

export async function intakePlugin(app: FastifyInstance, o: IntakePluginOptions): Promise<void> {
  const store = new IntakeStore(o.db);
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const perAddress = new RateLimiter(limits.perAddress);
  const perDevice = new RateLimiter(limits.perDevice);
  const track = new RateLimiter(limits.track);
  const phoneDay = new PhoneDay(o.db, limits.phonePerDay);
  const identityIds = new Set(o.acceptedKeys.identity);
  const contentIds = new Set(o.acceptedKeys.content);

  // Only JSON is taken (anything else is 415). The schema below copies known fields only, but a body that tries
  // prototype pollution (`__proto__`, `constructor`) is refused outright, as Fastify's own parser does.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: SUBMISSION_LIMITS.bodyBytes }, (_req, body, done) => {
    const refuse = (message: string) => {
      const err = new Error(message) as FastifyError;
      err.statusCode = 400;
      done(err, undefined);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body as string, (key, value) => {
        if (key === '__proto__' || key === 'constructor') throw new TypeError('forbidden key');
        return value;
      });
    } catch (e) {
      return refuse(e instanceof TypeError ? '提交内容含有不允许的字段(__proto__ 或 constructor)' : '提交内容不是合法的 JSON');
    }
    done(null, parsed);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = describeFastifyError(err);
    if (status >= 500) req.log.error(err, 'intake error');
    else req.log.info({ code: err.code, status }, 'intake request refused');
    return refuse(reply, status, body);
  });

  const limitAddress = (limiter: RateLimiter) => async (req: FastifyRequest, reply: FastifyReply) => {
    const r = limiter.take(req.ip);
    if (!r.ok) req.log.info({ client: addressPseudonym(req.ip) }, 'rate limited');
    if (!r.ok)
      return refuse(reply, 429, {
        error: 'rate-limited',
        message: `请求过于频繁,请 ${r.retryAfterSeconds} 秒后再试`,
        retryAfterSeconds: r.retryAfterSeconds,
      });
  };

  app.post(
    '/api/intake/submissions',
    { config: { access: ANYONE }, onRequest: limitAddress(perAddress), bodyLimit: SUBMISSION_LIMITS.bodyBytes },
    async (req, reply) => {
      const parsed = v.safeParse(Submission, req.body);
      if (!parsed.success) {
        const problems = describeProblems(parsed.issues).slice(0, 20);
        req.log.info({ problems }, 'submission refused: schema');
        return refuse(reply, 422, { error: 'invalid', message: `提交内容格式不对:${problems[0]}`, problems });
      }
      const s = parsed.output;
      if (s.source === 'hotline' || s.source === 'walk-in')
        return refuse(reply, 403, { error: 'office-only', message: '热线和来访记录只能由县政务公开办登录后登记' });
      // A kiosk's submission must be signed by an enrolled, unrevoked kiosk under its own id (issue 10);
      // a phone's is anonymous, and limited instead.
      if (s.source === 'kiosk') {
        const kiosk = app.identify.device ? await app.identify.device(req, reply) : null;
        if (kiosk === 'answered') return reply;
        if (!kiosk)
          return refuse(reply, 401, {
            error: 'device-unknown',
            message: '触摸屏的提交须由登记在册的设备签名:请联系县政务公开办信息技术人员',
          });
        if (kiosk.id !== s.device)
          return refuse(reply, 403, { error: 'not-yours', message: '提交中的设备编号与签名设备不一致,本次不予受理' });
      }
      if (s.identity && !identityIds.has(s.identity.keyId))
        return refuse(reply, 422, {
          error: 'unknown-key',
          message: `身份信息所用的加密密钥 ${s.identity.keyId} 不是本办的保密密钥,请更新设备配置`,
        });
      if (!contentIds.has(s.content.keyId))
        return refuse(reply, 422, {
          error: 'unknown-key',
          message: `内容所用的加密密钥 ${s.content.keyId} 不是本办的办理密钥,请更新设备配置`,
        });

      const digest = await submissionDigest(s);
      const replay = (row: { digest: string; receipt: string }) => {
        if (row.digest !== digest)
          return refuse(reply, 409, { error: 'id-conflict', message: '同一编号已收到内容不同的提交,本次不予受理' });
        const accepted: IntakeAccepted = { receipt: JSON.parse(row.receipt), duplicate: true };
        return reply.code(200).header('cache-control', 'no-store').send(accepted);
      };
      // The same id again (a lost receipt, a retry after a reload): the same receipt, no second row.
      const existing = store.get(s.id);
      if (existing) return replay(existing);

      // Questionnaire answers: the questionnaire (subject) must be open and the device within its limit.
      // The hub cannot see the answers; the office checks them against the form when counting.
      const answerMeta =
        s.kind === 'questionnaire' && s.subject
          ? { subject: s.subject, device: s.device, source: s.source, createdAt: s.createdAt }
          : undefined;
      if (s.kind === 'questionnaire') {
        if (!answerMeta) return refuse(reply, 422, { error: 'invalid', message: '问卷答卷缺少所属问卷(subject)' });
        if (!o.questionnaire) return refuse(reply, 403, { error: 'no-questionnaires', message: '本平台未开放问卷评议,不接收答卷' });
        const admitted = await o.questionnaire.admit(answerMeta, req.ip);
        if (!admitted.ok) {
          req.log.info({ error: admitted.error, subject: answerMeta.subject, source: s.source }, 'questionnaire answers refused');
          return refuse(reply, admitted.status, {
            error: admitted.error,
            message: admitted.message,
            ...(admitted.retryAfterSeconds !== undefined ? { retryAfterSeconds: admitted.retryAfterSeconds } : {}),
          });
        }
      }

      if (s.source === 'phone' && !phoneDay.take()) {
        app.alarms.raise(
          'intake-phone-daily-total',
          chinaDate(),
          `今日手机提交已达上限 ${limits.phonePerDay} 件,其余被拒收(可能有人批量灌入)`,
        );
        return refuse(reply, 429, {
          error: 'daily-total',
          message: '今日网上提交数量已达上限,您填写的内容已保存在手机上,明天会自动重新提交;急事请拨打举报电话 53034645',
          retryAfterSeconds: 3600,
        });
      }
      // Nothing more is stored once the disk is near full (hub/storage-guard.ts): 507, and the device retries later.
      if (!(await app.storage.admit(reply))) return reply;

      const r = perDevice.take(s.device);
      if (!r.ok)
        return refuse(reply, 429, {
          error: 'rate-limited',
          message: `本设备提交过于频繁,请 ${r.retryAfterSeconds} 秒后再试`,
          retryAfterSeconds: r.retryAfterSeconds,
        });

      const at = new Date().toISOString();
      const payload: ReceiptPayload = { v: 1, type: 'zwgk-receipt', id: s.id, trackingCode: s.trackingCode, kind: s.kind, digest, at };
      const receipt = await signEnvelope(payload, o.receiptKey.id, o.receiptKey.privateKey);
      let result: ReturnType<IntakeStore['insert']>;
      try {
        // Committed with synchronous=FULL before the receipt leaves the hub.
        result = await store.insertSoon(s, digest, JSON.stringify(receipt), at);
      } catch (e) {
        req.log.error(e, 'could not store a submission');
        return refuse(reply, 503, { error: 'unavailable', message: '暂时无法保存,请稍后重试', retryAfterSeconds: 30 });
      }
      if (result.kind === 'exists') return replay(result.row);
      if (result.kind === 'code-taken')
        return refuse(reply, 409, { error: 'code-taken', message: '查询码与已有的提交重复,本次不予受理,请联系政务公开办' });
      if (answerMeta) o.questionnaire?.record(answerMeta, req.ip);
      req.log.info({ id: s.id, kind: s.kind, source: s.source }, 'submission stored');
      const accepted: IntakeAccepted = { receipt, duplicate: false };
      return reply.code(201).header('cache-control', 'no-store').send(accepted);
    },
  );

  // A wildcard, not `:code`: a parameter longer than Fastify's maxParamLength would fall through to the static files.
  app.get<{ Params: { '*': string } }>(
    '/api/intake/track/*',
    { config: { access: ANYONE }, onRequest: limitAddress(track) },
    async (req, reply) => {
      const code = normaliseTrackingCode(req.params['*'].slice(0, 40));
      if (!isValidTrackingCode(code)) return refuse(reply, 400, { error: 'bad-code', message: '查询码有误,请核对后重新输入' });
      const found = store.track(code);
      if (!found) return refuse(reply, 404, { error: 'not-found', message: '没有查到这个查询码。刚提交的可能还在送达途中,请稍后再查。' });
      return reply.header('cache-control', 'no-store').send(found);
    },
  );
}

/** Counts today's phone submissions (China time), from the database at the first of each day, then in memory. */
class PhoneDay {
  private day = '';
  private count = 0;
  constructor(
    private readonly db: Db,
    private readonly max: number,
  ) {}

  take(): boolean {
    const today = chinaDate();
    if (today !== this.day) {
      this.day = today;
      const since = new Date(chinaMidnight(today)).toISOString();
      this.count = (
        this.db
          .prepare<[string], { n: number }>("SELECT count(*) AS n FROM intake_submissions WHERE source = 'phone' AND received_at >= ?")
          .get(since) ?? {
          n: 0,
        }
      ).n;
    }
    if (this.count >= this.max) return false;
    this.count++;
    return true;
  }
}
