/**
 * The office's case routes (issue 13), under /api/office/v1/cases, each with its role
 * (hub/access.ts), every step written to the audit log (hub/audit.ts) and to the case's history
 * the citizen sees at /m/track/CODE (hub/intake/store.ts). The hub sends sealed parts as
 * ciphertext and the office's browser opens them; the identity part (name, phone) is sent to
 * the confidential (保密) role only, and to no one else in any form (《政务公开投诉制度》第四条).
 *
 *   GET  /api/office/v1/cases                    the inbox (a drafter: their department's cases only)
 *   GET  /api/office/v1/cases/:id                one case with its history
 *   POST /api/office/v1/cases/:id/actions        a step of src/contract/cases.ts (register, assign, …)
 *   GET  /api/office/v1/cases/keys               the public keys a clerk seals a call or a visit to
 *   POST /api/office/v1/cases/recorded           a hotline call or a visit, sealed in the clerk's browser
 *   GET|POST /api/office/v1/accountability…      责任追究 matters on late or unsatisfactory cases
 *   POST /api/intake/rating/:code                the citizen rates the answer, once (anyone, rate-limited)
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import {
  type AccountabilityMatter,
  accountabilityGrounds,
  type CaseAction,
  DEFAULT_DEADLINES,
  type DeadlinePolicy,
  isAccountabilityOutcome,
  type OfficeCaseView,
  RATINGS,
  TRACK_STATUS,
  trackNote,
  transition,
} from '../../src/contract/cases.ts';
import { chinaDate } from '../../src/contract/china-time.ts';
import { signEnvelope } from '../../src/contract/signing.ts';
import { type ReceiptPayload, Submission, submissionDigest } from '../../src/contract/submission.ts';
import { isValidTrackingCode, normaliseTrackingCode } from '../../src/contract/tracking-code.ts';
import { ANYONE, type PersonIdentity, person } from '../access.ts';
import { AuditLog } from '../audit.ts';
import type { Db } from '../db.ts';
import type { IntakeOptions } from '../intake/keys.ts';
import { RateLimiter } from '../intake/rate-limit.ts';
import { IntakeStore } from '../intake/store.ts';
import type { SigningKey } from '../keys.ts';
import { publishAnswer } from '../office/publish-answer.ts';
import type { Approver } from '../publish/index.ts';
import { CaseStore, caseOf } from './store.ts';

export interface CasesOptions {
  db: Db;
  intake?: IntakeOptions | undefined;
  /** Working days per kind (docs/complaints.md); the defaults of src/contract/cases.ts otherwise. */
  deadlines?: Partial<DeadlinePolicy> | undefined;
  /** Publishing an approved answer to the feed (政务公开制度 七). Without a key, publishing is refused with a reason. */
  feed?: { dir: string; key?: SigningKey | undefined; approver?: Approver | undefined } | undefined;
  /** The hub's clock (tests move it past deadlines). */
  now?: (() => Date) | undefined;
  /** Ratings per address: a burst, then per minute. */
  ratingLimit?: { burst: number; perMinute: number } | undefined;
}

const Action = v.variant('type', [
  v.object({ type: v.literal('register') }),
  v.object({ type: v.literal('assign'), department: v.pipe(v.string(), v.maxLength(100)), workingDays: v.optional(v.number()) }),
  v.object({ type: v.literal('accept') }),
  v.object({ type: v.literal('submit-answer'), text: v.pipe(v.string(), v.maxLength(20_000)) }),
  v.object({ type: v.literal('return'), reason: v.pipe(v.string(), v.maxLength(2_000)) }),
  v.object({ type: v.literal('approve') }),
  v.object({
    type: v.literal('publish'),
    title: v.pipe(v.string(), v.trim(), v.minLength(4, '请填写公开标题'), v.maxLength(100)),
    question: v.pipe(v.string(), v.trim(), v.minLength(5, '请填写问题摘要(用公开办自己的话,不含个人信息)'), v.maxLength(500)),
  }),
  v.object({ type: v.literal('close') }),
]);

const isPrivileged = (p: PersonIdentity) => p.roles.some((r) => r === 'secretary' || r === 'confidential' || r === 'admin');

export async function casesPlugin(app: FastifyInstance, o: CasesOptions): Promise<void> {
  const intake = new IntakeStore(o.db);
  const store = new CaseStore(o.db);
  const now = o.now ?? (() => new Date());
  const audit = new AuditLog(o.db, now);
  const policy: DeadlinePolicy = { ...DEFAULT_DEADLINES, ...o.deadlines };
  const ratingLimiter = new RateLimiter(o.ratingLimit ?? { burst: 10, perMinute: 5 });

  const bad = (reply: FastifyReply, status: number, error: string, message: string) =>
    reply.code(status).header('cache-control', 'no-store').send({ error, message });

  /** What a person may see of a case: the identity ciphertext only with the 保密 role. */
  const view = (row: NonNullable<ReturnType<CaseStore['get']>>, p: PersonIdentity): OfficeCaseView => {
    const s = JSON.parse(row.body) as Submission;
    const c = caseOf(row);
    return {
      case: c,
      sealed: {
        id: s.id,
        kind: c.kind,
        trackingCode: s.trackingCode,
        ...(s.subject ? { subject: s.subject } : {}),
        content: s.content,
        ...(s.identity && p.roles.includes('confidential') ? { identity: s.identity } : {}),
      },
      named: !!s.identity,
      ...(s.deviceName ? { deviceName: s.deviceName } : {}),
      createdAt: s.createdAt,
    };
  };
  const mayRead = (row: NonNullable<ReturnType<CaseStore['get']>>, p: PersonIdentity) =>
    isPrivileged(p) || (!!p.department && caseOf(row).department === p.department);

  const officeRoles = person('secretary', 'drafter', 'confidential', 'admin');

  app.get('/api/office/v1/cases', { config: { access: officeRoles } }, async (req, reply) => {
    const p = req.who.person!;
    const rows = isPrivileged(p) ? store.all() : p.department ? store.all({ department: p.department }) : [];
    reply.header('cache-control', 'no-store');
    return {
      cases: rows.map((r) => view(r, p)),
      policy,
      now: now().toISOString(),
      me: { id: p.id, name: p.name, roles: p.roles, ...(p.department ? { department: p.department } : {}) },
    };
  });

  app.get('/api/office/v1/cases/keys', { config: { access: person('secretary', 'admin') } }, async (_req, reply) => {
    const block = o.intake?.configBlock;
    if (!block) return bad(reply, 503, 'no-keys', 'hub 未配置受理密钥,不能登记热线或来访');
    return { identity: block.officeKeys.identity, content: block.officeKeys.content };
  });

  app.get<{ Params: { id: string } }>('/api/office/v1/cases/:id', { config: { access: officeRoles } }, async (req, reply) => {
    const p = req.who.person!;
    const row = store.get(req.params.id);
    if (!row || !mayRead(row, p)) return bad(reply, 404, 'not-found', '没有这件,或不归您的部门办理');
    const history = audit.list({ subject: `case:${row.id}`, limit: 200 }).reverse();
    reply.header('cache-control', 'no-store');
    // Who took each step, by name (责任追究制度 holds named people to account); the citizen's rating has no actor.
    const nameOf = (id: string | null) => (id === null ? '群众' : app.hasDecorator('people') ? (app.people.get(id)?.name ?? id) : id);
    return {
      ...view(row, p),
      history: history.map((h) => ({ at: h.at, actor: h.actor, actorName: nameOf(h.actor), action: h.action, from: h.from, to: h.to })),
    };
  });

  app.post<{ Params: { id: string } }>(
    '/api/office/v1/cases/:id/actions',
    { config: { access: person('secretary', 'drafter', 'admin') } },
    async (req, reply) => {
      const p = req.who.person!;
      const row = store.get(req.params.id);
      if (!row || !mayRead(row, p)) return bad(reply, 404, 'not-found', '没有这件,或不归您的部门办理');
      const parsed = v.safeParse(Action, req.body);
      if (!parsed.success) return bad(reply, 422, 'invalid', `请求内容不对:${parsed.issues[0].message}`);
      const body = parsed.output;
      const at = now();
      const before = caseOf(row);
      let action: CaseAction;
      let itemId: string | undefined;
      if (body.type === 'register') action = { type: 'register', number: store.nextNumber(before.kind, at) };
      else if (body.type === 'publish') {
        // Checked first, so nothing reaches the feed from a case that may not be published.
        const probe = transition(before, { type: 'publish', itemId: 'answer-probe' }, { person: p }, at, policy);
        if (!probe.ok) return bad(reply, probe.status, probe.status === 403 ? 'forbidden' : 'conflict', probe.message);
        if (!o.feed?.key) return bad(reply, 503, 'no-signing-key', 'hub 没有公开签名密钥:请由公开办用 npm run office -- publish 公开');
        const r = await publishAnswer(
          {
            row: { ...row, answer: before.answer ?? null, answered_at: before.answeredAt ?? null, status: 'answered' },
            title: body.title,
            question: body.question,
            department: before.department ?? '县政务公开办',
            approval: {
              preReview: { by: '县政务公开办(答复审核)', at: before.answeredAt ?? at.toISOString() },
              signOff: { by: p.name, at: at.toISOString() },
            },
            publishedAt: chinaDate(at),
          },
          { dir: o.feed.dir, key: o.feed.key, approver: o.feed.approver },
        );
        if (!r.ok) return reply.code(422).send({ error: 'not-publishable', message: `未公开:${r.problems[0]}`, problems: r.problems });
        itemId = r.itemId;
        action = { type: 'publish', itemId };
      } else action = body;
      const r = transition(before, action, { person: p }, at, policy);
      if (!r.ok) return bad(reply, r.status, r.status === 403 ? 'forbidden' : r.status === 409 ? 'conflict' : 'invalid', r.message);
      const iso = at.toISOString();
      o.db.transaction(() => {
        store.save(r.case, iso);
        const note = trackNote(r.case, r.to);
        if (r.to === 'answered') intake.setAnswer(r.case.id, r.case.answer!, note, iso);
        else if (r.to === 'published') intake.setPublished(r.case.id, itemId!, note, iso);
        else if (TRACK_STATUS[r.to] !== TRACK_STATUS[r.from]) intake.setStatus(r.case.id, TRACK_STATUS[r.to], note, iso);
        else intake.note(r.case.id, note, iso);
        if (r.to === 'closed') intake.setStatus(r.case.id, 'closed', note, iso);
        audit.append({
          actor: p.id,
          action: `case.${action.type}`,
          subject: `case:${r.case.id}`,
          from: r.from,
          to: r.to,
          detail: {
            number: r.case.number,
            ...(action.type === 'assign' ? { department: r.case.department, deadline: r.case.deadline } : {}),
            ...(action.type === 'return' ? { reason: r.case.returnReason } : {}),
            ...(itemId ? { item: itemId } : {}),
          },
        });
      })();
      req.log.info({ case: r.case.id, action: action.type, from: r.from, to: r.to }, 'case step');
      return { case: r.case };
    },
  );

  // A call to the hotline or a visit, recorded by a clerk and sealed in the clerk's browser.
  const Recorded = v.object({ submission: Submission });
  app.post('/api/office/v1/cases/recorded', { config: { access: person('secretary', 'admin') } }, async (req, reply) => {
    const p = req.who.person!;
    const parsed = v.safeParse(Recorded, req.body);
    if (!parsed.success) return bad(reply, 422, 'invalid', `记录格式不对:${parsed.issues[0].message}`);
    const s = parsed.output.submission;
    if (s.source !== 'hotline' && s.source !== 'walk-in') return bad(reply, 422, 'invalid', '来源应为热线(hotline)或来访(walk-in)');
    if (s.kind === 'questionnaire') return bad(reply, 422, 'invalid', '问卷不能由工作人员代填');
    const accepted = o.intake?.acceptedKeys ?? { content: [], identity: [] };
    if (!accepted.content.includes(s.content.keyId) || (s.identity && !accepted.identity.includes(s.identity.keyId)))
      return bad(reply, 422, 'unknown-key', '所用的加密密钥不是本办当前的受理密钥,请刷新页面后重试');
    const receiptKey = o.intake?.receiptKey;
    if (!receiptKey) return bad(reply, 503, 'no-keys', 'hub 未配置受理密钥,不能登记热线或来访');
    const digest = await submissionDigest(s);
    const at = now().toISOString();
    const payload: ReceiptPayload = { v: 1, type: 'zwgk-receipt', id: s.id, trackingCode: s.trackingCode, kind: s.kind, digest, at };
    const receipt = await signEnvelope(payload, receiptKey.id, receiptKey.privateKey);
    const r = intake.insert(s, digest, JSON.stringify(receipt), at);
    if (r.kind === 'code-taken') return bad(reply, 409, 'code-taken', '查询码重复,请重新生成后再保存');
    if (r.kind === 'exists') return reply.code(200).send({ id: s.id, trackingCode: s.trackingCode, duplicate: true });
    audit.append({
      actor: p.id,
      action: 'case.record',
      subject: `case:${s.id}`,
      to: 'pending',
      detail: { source: s.source, kind: s.kind },
    });
    return reply.code(201).send({ id: s.id, trackingCode: s.trackingCode, duplicate: false });
  });

  // ——— 责任追究 ———
  const accountabilityRoles = person('secretary', 'admin');
  app.get('/api/office/v1/accountability', { config: { access: accountabilityRoles } }, async () => ({ matters: store.matters() }));

  app.post<{ Params: { id: string } }>(
    '/api/office/v1/cases/:id/accountability',
    { config: { access: accountabilityRoles } },
    async (req, reply) => {
      const row = store.get(req.params.id);
      if (!row) return bad(reply, 404, 'not-found', '没有这件');
      const c = caseOf(row);
      const grounds = accountabilityGrounds(c, now());
      if (grounds.length === 0) return bad(reply, 409, 'no-grounds', '此件既未超期,也未被评为不满意,不能启动责任追究');
      if (store.matters().some((m) => m.caseId === c.id && m.state === 'open'))
        return bad(reply, 409, 'already-open', '此件已有未结的责任追究');
      const m = store.openMatter({
        caseId: c.id,
        caseNumber: c.number,
        department: c.department,
        grounds,
        openedAt: now().toISOString(),
        openedBy: req.who.person!.id,
        state: 'open',
      });
      audit.append({
        actor: req.who.person!.id,
        action: 'accountability.open',
        subject: `case:${c.id}`,
        to: '调查中',
        detail: { matter: m.id, grounds },
      });
      return reply.code(201).send({ matter: m });
    },
  );

  const Decision = v.object({
    finding: v.pipe(v.string(), v.trim(), v.minLength(5, '请写明调查核实的情况(至少 5 个字)'), v.maxLength(2_000)),
    outcomes: v.pipe(v.array(v.string()), v.minLength(1, '请至少选择一种追究方式')),
  });
  app.post<{ Params: { mid: string } }>(
    '/api/office/v1/accountability/:mid/decision',
    { config: { access: accountabilityRoles } },
    async (req, reply) => {
      const parsed = v.safeParse(Decision, req.body);
      if (!parsed.success) return bad(reply, 422, 'invalid', parsed.issues[0].message);
      const outcomes = parsed.output.outcomes;
      if (!outcomes.every(isAccountabilityOutcome)) return bad(reply, 422, 'invalid', '追究方式应为《政务公开责任追究制度》第七条所列');
      const decided: AccountabilityMatter | undefined = store.decideMatter(
        Number(req.params.mid),
        parsed.output.finding,
        outcomes,
        req.who.person!.id,
        now().toISOString(),
      );
      if (!decided) return bad(reply, 409, 'not-open', '没有这项责任追究,或已作出决定');
      audit.append({
        actor: req.who.person!.id,
        action: 'accountability.decide',
        subject: `case:${decided.caseId}`,
        from: '调查中',
        to: '已决定',
        detail: { matter: decided.id, outcomes },
      });
      return { matter: decided };
    },
  );

  // ——— The citizen's rating, by tracking code ———
  const Rate = v.object({ rating: v.picklist(RATINGS, '评价应为满意、基本满意或不满意') });
  app.post<{ Params: { code: string } }>('/api/intake/rating/:code', { config: { access: ANYONE } }, async (req, reply) => {
    const limited = ratingLimiter.take(req.ip);
    if (!limited.ok)
      return reply
        .code(429)
        .header('retry-after', String(limited.retryAfterSeconds))
        .send({ error: 'rate-limited', message: `请求过于频繁,请 ${limited.retryAfterSeconds} 秒后再试` });
    const code = normaliseTrackingCode(req.params.code.slice(0, 40));
    if (!isValidTrackingCode(code)) return bad(reply, 400, 'bad-code', '查询码有误,请核对后重新输入');
    const parsed = v.safeParse(Rate, req.body);
    if (!parsed.success) return bad(reply, 422, 'invalid', '评价应为满意、基本满意或不满意');
    const row = store.getByCode(code);
    if (!row) return bad(reply, 404, 'not-found', '没有查到这个查询码');
    const at = now();
    const r = transition(caseOf(row), { type: 'rate', rating: parsed.output.rating }, { citizen: true }, at, policy);
    if (!r.ok) return bad(reply, r.status, r.status === 409 ? 'conflict' : 'invalid', r.message);
    o.db.transaction(() => {
      store.save(r.case, at.toISOString());
      intake.note(r.case.id, '已收到评价', at.toISOString());
      audit.append({ actor: null, action: 'case.rate', subject: `case:${r.case.id}`, detail: { rating: parsed.output.rating } });
    })();
    return reply.header('cache-control', 'no-store').send({ rating: parsed.output.rating });
  });
}
