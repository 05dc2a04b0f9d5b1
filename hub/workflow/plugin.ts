/**
 * The publishing workflow's routes (issue 11: 起草 → 预审 → 审议 → 签发 → 发布 → 撤回), each with
 * the roles that may call it (hub/access.ts); every step decided by src/contract/workflow.ts,
 * written to the draft's history and to the audit log (hub/audit.ts). On 签发 the item goes
 * into the signed feed at once through the publisher's feed writer (a kiosk shows it within one
 * poll), with the approval record filled from the people who acted; a 撤回 writes a withdrawal.
 *
 *   POST /api/office/v1/workflow/check                 the publisher's checks on a draft as typed (live)
 *   GET  /api/office/v1/workflow/drafts                all drafts (a drafter: their department's)
 *   GET  /api/office/v1/workflow/queue                 待我处理: what waits for me, by my roles
 *   POST /api/office/v1/workflow/drafts                a new draft (起草)
 *   GET  /api/office/v1/workflow/drafts/:id            a draft with its revisions, steps, 审议记录 and diff
 *   PUT  /api/office/v1/workflow/drafts/:id            save a revision (or start one of a published item: 修订)
 *   GET  /api/office/v1/workflow/drafts/:id/revisions/:rev   one revision as written and as built
 *   POST /api/office/v1/workflow/drafts/:id/actions    submit, prereview-pass, return, deliberate, sign, withdraw
 *   GET  /api/office/v1/workflow/periods/:period       a period's drafts awaiting 签发
 *   POST /api/office/v1/workflow/periods/:period/sign  按期签发: the leader signs the period at once
 *   POST /api/office/v1/workflow/files                 an attachment (PDF or image), stored by its hash
 *   GET  /api/office/v1/workflow/files/:name           an attachment, for the preview
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { ApprovalVerifier, PersonApproval, withdrawalHash } from '../../src/contract/approvals.ts';
import { chinaDate, chinaMidnight } from '../../src/contract/china-time.ts';
import type { Approval, Item } from '../../src/contract/feed.ts';
import { LIMITS } from '../../src/contract/limits.ts';
import type { Role } from '../../src/contract/roles.ts';
import {
  availableActions,
  DELIBERATION_ASPECTS,
  type DeliberationAspect,
  feedApproval,
  isPeriod,
  mayDraft,
  newDraft,
  periodOf,
  signPeriod,
  transition,
  WORKFLOW_ACTION_ZH,
  WORKFLOW_STATE_ZH,
  WORKFLOW_STATES,
  type WorkflowAction,
  type WorkflowItem,
  type WorkflowPerson,
  type WorkflowState,
  waitsFor,
} from '../../src/contract/workflow.ts';
import { DraftContent, type DraftProblem } from '../../src/contract/workflow-content.ts';
import { diffContent } from '../../src/contract/workflow-diff.ts';
import { addWorkingDays } from '../../src/contract/working-days.ts';
import { type PersonIdentity, person } from '../access.ts';
import { AuditLog } from '../audit.ts';
import type { Db } from '../db.ts';
import type { SigningKey } from '../keys.ts';
import { relyingParty } from '../people/plugin.ts';
import type { RosterKeeper } from '../people/roster.ts';
import { latestById, nextRev, type PublishInput, readFeed, writeFeed } from '../publish/feed-writer.ts';
import type { Approver } from '../publish/index.ts';
import { checkItemRuleProblems } from '../publish/rules.ts';
import { buildItem } from './build.ts';
import { draftFromMarkdown } from './from-markdown.ts';
import { type Draft, WorkflowStore } from './store.ts';

export interface WorkflowOptions {
  db: Db;
  /** Where attachments wait until published (`${dataDir}/workflow-files/`). */
  dataDir: string;
  /** The signed feed: 签发 writes to it. Without a key, 签发 is refused with a reason. */
  feed: { dir: string; key?: SigningKey | undefined; approver?: Approver | undefined; feedId?: string; publisher?: string };
  now?: (() => Date) | undefined;
  /**
   * The office's roster (hub/people/roster.ts). With one, 预审, 签发 and 撤回 each carry the acting
   * person's passkey signature, checked here as every device will check it, and published with the
   * change; without one (a hub whose devices check no roster), names alone.
   */
  roster?: RosterKeeper | undefined;
}

const OFFICE_ROLES: Role[] = ['drafter', 'prereview', 'deliberation', 'signoff', 'secretary', 'admin'];
const hash64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '稿件内容摘要有误'));
const reasonText = v.pipe(v.string(), v.maxLength(2000));
const aspect = v.object({ ok: v.boolean(), note: v.pipe(v.string(), v.maxLength(2000)) });
const ActionBody = v.variant('type', [
  v.object({ type: v.literal('submit') }),
  v.object({ type: v.literal('prereview-pass'), hash: hash64, approval: v.optional(PersonApproval) }),
  v.object({ type: v.literal('return'), reason: reasonText }),
  v.object({
    type: v.literal('deliberate'),
    hash: hash64,
    aspects: v.object({ process: aspect, decision: aspect, result: aspect, focus: aspect }),
    summary: v.optional(reasonText),
  }),
  v.object({ type: v.literal('sign'), hash: hash64, approval: v.optional(PersonApproval) }),
  v.object({ type: v.literal('withdraw'), reason: reasonText, approval: v.optional(PersonApproval) }),
]);
const CreateBody = v.object({
  content: DraftContent,
  itemId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '编号只能用小写字母、数字和连字符,最长 80 位'))),
  period: v.optional(v.pipe(v.string(), v.check(isPeriod, '期号格式应为 2026-12'))),
});
const SaveBody = v.object({ content: DraftContent, period: v.optional(v.pipe(v.string(), v.check(isPeriod, '期号格式应为 2026-12'))) });
const ImportBody = v.object({
  files: v.pipe(
    v.array(
      v.object({
        name: v.pipe(v.string(), v.maxLength(200)),
        text: v.pipe(v.string(), v.maxLength(300_000, '单个文件不超过 30 万字')),
        /** The JSON files its front matter names, read beside it (a questionnaire's form, a result's counts). */
        json: v.optional(v.object({ form: v.optional(v.unknown()), result: v.optional(v.unknown()) })),
      }),
    ),
    v.minLength(1, '请选择要导入的 Markdown 文件'),
    v.maxLength(500, '一次至多导入 500 个文件'),
  ),
});
const CheckBody = v.object({ content: DraftContent, draftId: v.optional(v.number()) });
const PeriodSignBody = v.object({ items: v.record(v.pipe(v.string(), v.maxLength(80)), hash64), approval: v.optional(PersonApproval) });

const ATTACHMENT_KINDS: Record<string, { ext: string; magic: (b: Buffer) => boolean }> = {
  'application/pdf': { ext: 'pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  'image/png': { ext: 'png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/jpeg': { ext: 'jpg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/webp': {
    ext: 'webp',
    magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
};
const TYPE_OF_EXT: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

const bad = (reply: FastifyReply, status: number, error: string, message: string, extra: object = {}) =>
  reply.code(status).send({ error, message, ...extra });
const firstIssue = (issues: readonly v.BaseIssue<unknown>[]) => {
  const i = issues[0];
  const path = i ? v.getDotPath(i) : null;
  return `${path ? `${path}:` : ''}${i?.message ?? '请求格式有误'}`;
};
const asPerson = (p: PersonIdentity): WorkflowPerson => ({ id: p.id, name: p.name, roles: p.roles, department: p.department });

export async function workflowPlugin(app: FastifyInstance, o: WorkflowOptions): Promise<void> {
  const store = new WorkflowStore(o.db);
  const now = o.now ?? (() => new Date());
  const audit = new AuditLog(o.db, now);
  const filesDir = join(o.dataDir, 'workflow-files');

  /** The feed's view of an item: the rev the next revision takes, and its first publication date. */
  async function feedState(itemId: string): Promise<{ rev: number; firstPublished?: string | undefined; live: boolean }> {
    const log = await readFeed(o.feed.dir);
    const first = log.changes.find((c) => c.op === 'upsert' && c.item.id === itemId);
    const firstPublished = first?.op === 'upsert' ? first.item.publishedAt : undefined;
    return { rev: nextRev(log.changes, itemId), firstPublished, live: latestById(log.changes).get(itemId)?.op === 'upsert' };
  }

  async function build(content: DraftContent, itemId: string, department: string) {
    const f = await feedState(itemId);
    return buildItem(content, { itemId, rev: f.rev, department, publishDate: chinaDate(now()), firstPublished: f.firstPublished });
  }

  /** The rules again on the day of 签发, with the approval it will carry. */
  async function problemsAtSigning(d: Draft, approval: Approval): Promise<DraftProblem[]> {
    const rev = store.revision(d.id, d.w.revision);
    if (!rev) return [{ message: '找不到此稿的当前修订' }];
    const f = await feedState(d.w.itemId);
    if ((rev.item as { rev?: number }).rev !== f.rev)
      return [{ message: '此条目在公开内容中已被更新(可能经命令行发布),请起草人重新保存后再送审' }];
    return checkItemRuleProblems(rev.item as Item, approval, chinaDate(now()), f.firstPublished);
  }

  function record(
    d: Draft,
    r: { item: WorkflowItem; from: WorkflowState; to: WorkflowState },
    action: string,
    p: WorkflowPerson,
    detail?: unknown,
  ) {
    const at = now().toISOString();
    store.addStep({
      draftId: d.id,
      action,
      from: r.from,
      to: r.to,
      by: p.id,
      name: p.name,
      at,
      revision: r.item.revision,
      hash: r.item.hash,
      detail,
    });
    audit.append({
      actor: p.id,
      action: `draft.${action}`,
      subject: `draft:${d.id}`,
      from: WORKFLOW_STATE_ZH[r.from],
      to: WORKFLOW_STATE_ZH[r.to],
      detail: { item: d.w.itemId, revision: r.item.revision, hash: r.item.hash, ...(detail && typeof detail === 'object' ? detail : {}) },
    });
  }

  type Signature = v.InferOutput<typeof PersonApproval>;
  type Refusal = { ok: false; status: number; error: string; message: string };

  /**
   * 预审, 签发 and 撤回 carry the acting person's own passkey signature over exactly what they
   * approve (issue 12), checked here as every kiosk and board will check it, so a signature devices
   * would refuse never reaches the feed. Without a roster (a hub whose devices check none), none.
   */
  async function personSignature(
    req: FastifyRequest,
    step: 'prereview' | 'signoff' | 'withdraw',
    revisions: string[],
    approval: Signature | undefined,
  ): Promise<{ ok: true; approval?: Signature } | Refusal> {
    if (!o.roster) return { ok: true };
    const refuse = (status: number, error: string, message: string): Refusal => ({ ok: false, status, error, message });
    const rp = relyingParty(req);
    const roster = rp ? await o.roster.ensureDemo({ rpId: rp.id, origins: [rp.origin] }) : o.roster.current()?.roster;
    if (!approval) return refuse(400, 'signature-required', '此步骤需要您用通行密钥签名');
    if (!roster)
      return refuse(409, 'no-roster', '本办还没有导入经根密钥签署的名册,设备无法核验签名:请管理员导出名册草稿,签署后导入(见 docs/keys.md)');
    const me = req.who.person!.id;
    const s = approval.statement;
    if (s.person !== me || s.step !== step) return refuse(422, 'signature-mismatch', '签名与本次操作不符,请重新签名');
    if (JSON.stringify(s.revisions) !== JSON.stringify([...new Set(revisions)].sort()))
      return refuse(409, 'signature-stale', '签名针对的内容与当前稿件不一致(稿件可能刚被修改),请刷新后重新签名');
    if (Math.abs(Date.parse(s.at) - now().getTime()) > 10 * 60_000)
      return refuse(422, 'signature-clock', '签名时间与服务器时间相差超过 10 分钟,请检查电脑时钟后重新签名');
    if (!roster.people.some((x) => x.id === me && x.credentials.some((c) => c.id === approval.credential)))
      return refuse(
        409,
        'not-in-roster',
        '名册中还没有您的这把通行密钥,各触摸屏将无法核验您的签名:请管理员更新名册(导出草稿,用根密钥签署后导入,见 docs/keys.md)',
      );
    const checked = await new ApprovalVerifier(roster).check(approval);
    if (!checked.ok) return refuse(422, 'bad-signature', checked.message);
    return { ok: true, approval };
  }

  /** The 预审 signature given for exactly this revision, from the draft's history. */
  function preReviewSignature(d: Draft, w: WorkflowItem): Signature | undefined {
    const pass = store
      .steps(d.id)
      .filter((x) => x.action === 'prereview-pass' && x.hash === w.hash)
      .at(-1);
    return (pass?.detail as { signature?: Signature } | null)?.signature;
  }

  /** Writes signed drafts to the feed as one publishing run. */
  async function publishToFeed(signed: { d: Draft; w: WorkflowItem; signature?: Signature | undefined }[]): Promise<number> {
    if (!o.feed.key) throw new Error('no-key');
    const changes: PublishInput['changes'] = [];
    const files = new Map<string, Uint8Array>();
    for (const { d, w, signature } of signed) {
      const rev = store.revision(d.id, w.revision)!;
      const approval = feedApproval(w)!;
      const item = rev.item as Item;
      const pre = preReviewSignature(d, w);
      const people = pre && signature ? { people: { approvals: [pre, signature], drafter: w.authors[0] } } : {};
      changes.push({ op: 'upsert', item, approval, ...people });
      for (const a of item.attachments ?? []) files.set(a.href, await readFile(join(filesDir, a.href.slice('files/'.length))));
    }
    return writeChanges(changes, files);
  }

  async function writeChanges(changes: PublishInput['changes'], files?: Map<string, Uint8Array>): Promise<number> {
    const log = await readFeed(o.feed.dir);
    // With a roster, the people's own signatures travel with the changes; without one, in the demo, the demo office co-signs.
    const roster = o.roster?.current()?.envelope;
    const approver = o.roster ? undefined : o.feed.approver;
    const r = await writeFeed(o.feed.dir, log, {
      feedId: o.feed.feedId ?? log.head?.feed ?? 'qingyuan-zwgk',
      publisher: o.feed.publisher ?? log.head?.publisher ?? '清原满族自治县政务公开办',
      key: o.feed.key!,
      changes: approver ? await approver.sign(changes) : changes,
      ...(approver ? { roster: approver.roster } : roster ? { roster } : {}),
      ...(files ? { files } : {}),
      refreshHead: true,
    });
    return r.head.seq;
  }

  /** What a person may see: office roles see all; a drafter alone sees their department's drafts. */
  const maySee = (p: PersonIdentity, d: Draft) =>
    p.roles.some((r) => r !== 'drafter' && OFFICE_ROLES.includes(r)) || (p.roles.includes('drafter') && p.department === d.w.department);

  const summary = (d: Draft, p: PersonIdentity) => ({
    id: d.id,
    itemId: d.w.itemId,
    kind: d.kind,
    title: d.title,
    department: d.w.department,
    period: d.w.period,
    state: d.w.state,
    stateZh: WORKFLOW_STATE_ZH[d.w.state],
    revision: d.w.revision,
    hash: d.w.hash,
    updatedAt: d.updatedAt,
    demo: d.demo,
    returned: d.w.returned,
    published: d.w.published,
    waitsForMe: waitsFor(d.w, asPerson(p)),
  });

  function detail(d: Draft, p: PersonIdentity) {
    const current = store.revision(d.id, d.w.revision);
    const publishedRev = d.w.published ? store.revision(d.id, d.w.published.revision) : undefined;
    const previous = d.w.revision > 1 ? store.revision(d.id, d.w.revision - 1) : undefined;
    // The diff against the version on the public screens; before a first publication, against the previous revision.
    const base = publishedRev && d.w.published?.revision !== d.w.revision ? publishedRev : previous;
    const baseRevision =
      publishedRev && d.w.published?.revision !== d.w.revision ? d.w.published?.revision : previous ? d.w.revision - 1 : undefined;
    return {
      ...summary(d, p),
      workflow: d.w,
      content: current?.source,
      item: current?.item,
      revisions: store.revisions(d.id),
      steps: store.steps(d.id).map((s) => ({ ...s, actionZh: WORKFLOW_ACTION_ZH[s.action as WorkflowAction['type']] ?? s.action })),
      deliberations: store.deliberations({ draftId: d.id }),
      diff:
        base && current
          ? { against: baseRevision, published: !!publishedRev && base === publishedRev, fields: diffContent(base.item, current.item) }
          : null,
      actions: availableActions(d.w, { person: asPerson(p) }),
    };
  }

  const draftOf = (raw: string) => {
    const id = Number(raw);
    return Number.isInteger(id) && id > 0 ? store.get(id) : undefined;
  };

  const anyOffice = { config: { access: person(...OFFICE_ROLES) } };

  app.post(
    '/api/office/v1/workflow/check',
    { config: { access: person('drafter', 'prereview', 'deliberation', 'signoff') } },
    async (req, reply) => {
      const body = v.safeParse(CheckBody, req.body);
      if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
      const p = req.who.person!;
      const existing = body.output.draftId !== undefined ? store.get(body.output.draftId) : undefined;
      const department = existing?.w.department ?? p.department ?? '';
      const itemId = existing?.w.itemId ?? `${body.output.content.kind}-preview`;
      const b = await build(body.output.content, itemId, department);
      const problems = [...b.problems];
      if (!department) problems.unshift({ message: '您的账号没有所属部门,不能起草:请管理员为您设置部门' });
      return { problems, hash: b.hash, item: b.item ?? b.candidate, complete: !!b.item, removed: b.removed };
    },
  );

  app.get<{ Querystring: { state?: string; period?: string } }>('/api/office/v1/workflow/drafts', anyOffice, async (req, reply) => {
    const p = req.who.person!;
    const state = req.query.state;
    if (state !== undefined && !(WORKFLOW_STATES as readonly string[]).includes(state)) return bad(reply, 400, 'bad-state', '没有这个状态');
    const drafts = store
      .list({ state: state as WorkflowState | undefined, period: req.query.period })
      .filter((d) => maySee(p, d))
      .map((d) => summary(d, p));
    return { drafts };
  });

  app.get('/api/office/v1/workflow/queue', anyOffice, async (req) => {
    const p = req.who.person!;
    const me = asPerson(p);
    return {
      drafts: store
        .list()
        .filter((d) => maySee(p, d) && waitsFor(d.w, me))
        .map((d) => summary(d, p)),
    };
  });

  type Made = { ok: true; id: number; problems: DraftProblem[] } | { ok: false; status: number; error: string; message: string };

  /** 起草: a new draft and its first revision, by a drafter of `department`. */
  async function createDraft(
    p: PersonIdentity,
    content: DraftContent,
    department: string,
    itemIdWanted?: string,
    periodWanted?: string,
  ): Promise<Made> {
    if (!mayDraft(asPerson(p), department))
      return p.department
        ? { ok: false, status: 403, error: 'other-department', message: `「${department}」的稿件须由该部门的起草人起草` }
        : { ok: false, status: 403, error: 'no-department', message: '您的账号没有所属部门,不能起草:请管理员为您设置部门' };
    const at = now();
    const itemId = itemIdWanted ?? `${content.kind}-${chinaDate(at).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
    if (store.byItemId(itemId))
      return { ok: false, status: 409, error: 'id-taken', message: `编号 ${itemId} 已有稿件在办,请换一个编号或打开原稿修改` };
    if ((await feedState(itemId)).rev > 1)
      return { ok: false, status: 409, error: 'id-published', message: `编号 ${itemId} 已在公开内容中(演示内容或早先发布),请换一个编号` };
    const b = await build(content, itemId, department);
    const period = periodWanted ?? periodOf(content.publishedAt ? chinaMidnight(content.publishedAt) : at);
    const w = newDraft({ itemId, department, period: isPeriod(period) ? period : periodOf(at), hash: b.hash, author: p.id });
    const id = store.transaction(() => {
      const id = store.create({ kind: content.kind, title: content.title?.trim() || '(未命名稿件)', w, by: p.id, at: at.toISOString() });
      store.putRevision({
        draftId: id,
        revision: 1,
        hash: b.hash,
        source: content,
        item: b.item ?? b.candidate,
        by: p.id,
        at: at.toISOString(),
      });
      const d = store.get(id)!;
      record(d, { item: w, from: 'draft', to: 'draft' }, 'create', asPerson(p), { title: d.title });
      return id;
    });
    return { ok: true, id, problems: b.problems };
  }

  /** 保存修改 (or 修订 of a published item): a new revision of an existing draft. */
  async function saveRevision(d: Draft, p: PersonIdentity, content: DraftContent, period?: string): Promise<Made> {
    if (content.kind !== d.kind) return { ok: false, status: 422, error: 'kind-changed', message: '稿件类型不能更改,请另起新稿' };
    const b = await build(content, d.w.itemId, d.w.department);
    const type = d.w.state === 'published' ? 'revise' : 'edit';
    const r = transition(d.w, { type, hash: b.hash }, { person: asPerson(p) }, now());
    if (!r.ok) return { ok: false, status: r.status, error: 'refused', message: r.message };
    const item = { ...r.item, period: period ?? r.item.period };
    const at = now().toISOString();
    store.transaction(() => {
      store.putRevision({
        draftId: d.id,
        revision: item.revision,
        hash: b.hash,
        source: content,
        item: b.item ?? b.candidate,
        by: p.id,
        at,
      });
      store.save(d.id, item, at, content.title?.trim() || undefined);
      if (item.revision !== d.w.revision) record(d, { ...r, item }, type, asPerson(p), { fromRevision: d.w.revision });
    });
    return { ok: true, id: d.id, problems: b.problems };
  }

  /** 提交预审: only what could be published goes to 预审 (every field filled, every rule met). */
  async function submitDraft(d: Draft, p: PersonIdentity): Promise<Made> {
    const r = transition(d.w, { type: 'submit' }, { person: asPerson(p) }, now());
    if (!r.ok) return { ok: false, status: r.status, error: 'refused', message: r.message };
    const current = store.revision(d.id, d.w.revision);
    const b = current ? await build(current.source, d.w.itemId, d.w.department) : undefined;
    if (!b || b.problems.length > 0) return { ok: false, status: 422, error: 'draft-problems', message: '稿件还有问题,改正后才能提交预审' };
    if (b.hash !== d.w.hash) return { ok: false, status: 409, error: 'stale', message: '公开内容已变化,请重新保存稿件后再提交' };
    store.transaction(() => {
      store.save(d.id, r.item, now().toISOString());
      record(d, r, 'submit', asPerson(p));
    });
    return { ok: true, id: d.id, problems: [] };
  }

  app.post('/api/office/v1/workflow/drafts', { config: { access: person('drafter') } }, async (req, reply) => {
    const body = v.safeParse(CreateBody, req.body);
    if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
    const p = req.who.person!;
    const made = await createDraft(p, body.output.content, p.department ?? '', body.output.itemId, body.output.period);
    if (!made.ok) return bad(reply, made.status, made.error, made.message);
    return reply.code(201).send({ ...detail(store.get(made.id)!, p), problems: made.problems });
  });

  /**
   * One door for bulk content (issue 11): Markdown files of content/ (docs/content.md) become
   * drafts submitted to 预审, each under the workflow like anything typed here; none reaches the
   * feed without 预审 and 签发. A file with problems stays out, with its reason.
   */
  app.post('/api/office/v1/workflow/import', { config: { access: person('drafter') }, bodyLimit: 20 * 1024 * 1024 }, async (req, reply) => {
    const body = v.safeParse(ImportBody, req.body);
    if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
    const p = req.who.person!;
    const results: { file: string; itemId?: string; draftId?: number; state?: string; message: string; ok: boolean }[] = [];
    for (const f of body.output.files) {
      const md = draftFromMarkdown(f.name, f.text, f.json);
      if (!md.ok) {
        results.push({ file: f.name, ok: false, message: md.message });
        continue;
      }
      const existing = store.byItemId(md.itemId);
      let made: Made;
      if (!existing) made = await createDraft(p, md.content, md.department ?? p.department ?? '', md.itemId);
      else if (!maySee(p, existing) || !mayDraft(asPerson(p), existing.w.department))
        made = { ok: false, status: 403, error: 'other-department', message: `「${existing.w.department}」的稿件须由该部门的起草人导入` };
      else if (
        existing.w.hash === (await build(md.content, md.itemId, existing.w.department)).hash &&
        existing.w.state !== 'draft' &&
        existing.w.state !== 'returned'
      )
        made = {
          ok: false,
          status: 409,
          error: 'unchanged',
          message: `内容与现有稿件相同(${WORKFLOW_STATE_ZH[existing.w.state]}),未重复导入`,
        };
      else made = await saveRevision(existing, p, md.content);
      if (made.ok && made.problems.length === 0) made = await submitDraft(store.get(made.id)!, p);
      else if (made.ok) {
        const problems = made.problems.map((x) => x.message).join(';');
        results.push({
          file: f.name,
          itemId: md.itemId,
          draftId: made.id,
          state: '草稿',
          ok: false,
          message: `已存为草稿,未提交预审:${problems}`,
        });
        continue;
      }
      if (!made.ok) {
        results.push({ file: f.name, itemId: md.itemId, ok: false, message: made.message });
        continue;
      }
      const d = store.get(made.id)!;
      results.push({
        file: f.name,
        itemId: md.itemId,
        draftId: d.id,
        state: WORKFLOW_STATE_ZH[d.w.state],
        ok: true,
        message: ['已提交预审', ...md.notes].join(';'),
      });
    }
    return { results, submitted: results.filter((r) => r.ok).length };
  });

  app.get<{ Params: { id: string } }>('/api/office/v1/workflow/drafts/:id', anyOffice, async (req, reply) => {
    const d = draftOf(req.params.id);
    const p = req.who.person!;
    if (!d || !maySee(p, d)) return bad(reply, 404, 'no-such-draft', '没有这份稿件');
    const current = store.revision(d.id, d.w.revision);
    const b = current ? await build(current.source, d.w.itemId, d.w.department) : undefined;
    return { ...detail(d, p), problems: b?.problems ?? [] };
  });

  app.get<{ Params: { id: string; rev: string } }>('/api/office/v1/workflow/drafts/:id/revisions/:rev', anyOffice, async (req, reply) => {
    const d = draftOf(req.params.id);
    const p = req.who.person!;
    if (!d || !maySee(p, d)) return bad(reply, 404, 'no-such-draft', '没有这份稿件');
    const r = store.revision(d.id, Number(req.params.rev));
    if (!r) return bad(reply, 404, 'no-such-revision', '没有这一版修订');
    return { revision: Number(req.params.rev), ...r };
  });

  app.put<{ Params: { id: string } }>(
    '/api/office/v1/workflow/drafts/:id',
    { config: { access: person('drafter') } },
    async (req, reply) => {
      const body = v.safeParse(SaveBody, req.body);
      if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
      const d = draftOf(req.params.id);
      const p = req.who.person!;
      if (!d || !maySee(p, d)) return bad(reply, 404, 'no-such-draft', '没有这份稿件');
      const made = await saveRevision(d, p, body.output.content, body.output.period);
      if (!made.ok) return bad(reply, made.status, made.error, made.message);
      return { ...detail(store.get(d.id)!, p), problems: made.problems };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/office/v1/workflow/drafts/:id/actions',
    { config: { access: person('drafter', 'prereview', 'deliberation', 'signoff') } },
    async (req, reply) => {
      const body = v.safeParse(ActionBody, req.body);
      if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
      const d = draftOf(req.params.id);
      const p = req.who.person!;
      if (!d || !maySee(p, d)) return bad(reply, 404, 'no-such-draft', '没有这份稿件');
      const me = asPerson(p);
      const action = body.output as WorkflowAction;
      const r = transition(d.w, action, { person: me }, now());
      if (!r.ok) return bad(reply, r.status, 'refused', r.message);

      const body2 = body.output;
      let signature: Signature | undefined;
      if (body2.type === 'prereview-pass' || body2.type === 'sign' || body2.type === 'withdraw') {
        const revisions =
          body2.type === 'withdraw'
            ? [await withdrawalHash({ id: d.w.itemId, reason: r.item.withdrawn?.reason ?? body2.reason })]
            : [d.w.hash];
        const step = body2.type === 'prereview-pass' ? 'prereview' : body2.type === 'sign' ? 'signoff' : 'withdraw';
        const checked = await personSignature(req, step, revisions, body2.approval);
        if (!checked.ok) return bad(reply, checked.status, checked.error, checked.message);
        signature = checked.approval;
        if (body2.type === 'sign' && o.roster && !preReviewSignature(d, d.w))
          return bad(reply, 409, 'no-prereview-signature', '此稿的预审没有预审人的签名,请退回重新预审');
      }

      if (action.type === 'submit') {
        // 预审 gets only what could be published: every field filled, every rule met.
        const current = store.revision(d.id, d.w.revision);
        const b = current ? await build(current.source, d.w.itemId, d.w.department) : undefined;
        if (!b || b.problems.length > 0)
          return bad(reply, 422, 'draft-problems', '稿件还有问题,改正后才能提交预审', { problems: b?.problems ?? [] });
        if (b.hash !== d.w.hash) return bad(reply, 409, 'stale', '公开内容已变化,请重新保存稿件后再提交');
      }

      if (action.type === 'sign') {
        const approval = feedApproval(r.item)!;
        const problems = await problemsAtSigning(d, approval);
        if (problems.length > 0) return bad(reply, 422, 'draft-problems', '按今天的日期检查,此稿不能签发', { problems });
        if (!o.feed.key) return bad(reply, 503, 'no-signing-key', 'hub 没有公开签名密钥,不能发布:请联系信息技术人员');
        const seq = await publishToFeed([{ d, w: r.item, signature }]);
        const published = transition(r.item, { type: 'publish' }, { system: true }, now());
        if (!published.ok) return bad(reply, 500, 'internal', published.message);
        store.transaction(() => {
          record(d, r, 'sign', me, signature ? { signature } : undefined);
          store.save(d.id, published.item, now().toISOString());
          record(d, published, 'publish', me, { seq });
        });
        return { ...detail(store.get(d.id)!, p), seq };
      }

      if (action.type === 'withdraw') {
        if (!o.feed.key) return bad(reply, 503, 'no-signing-key', 'hub 没有公开签名密钥,不能撤回:请联系信息技术人员');
        const w = r.item;
        const at = now().toISOString();
        // The withdrawal carries the content's 预审 and the leader's own signature on the 撤回 (src/contract/feed.ts Approval).
        const approval: Approval = {
          preReview: { by: d.w.preReview?.name ?? w.withdrawn!.name, at: d.w.preReview?.at ?? at },
          signOff: { by: w.withdrawn!.name, at },
        };
        const people = signature ? { people: { approvals: [signature] } } : {};
        const seq = await writeChanges([{ op: 'withdraw', id: d.w.itemId, reason: w.withdrawn!.reason, approval, ...people }]);
        store.transaction(() => {
          store.save(d.id, w, at);
          record(d, r, 'withdraw', me, { reason: w.withdrawn!.reason, seq, ...(signature ? { signature } : {}) });
        });
        return { ...detail(store.get(d.id)!, p), seq };
      }

      const at = now().toISOString();
      store.transaction(() => {
        store.save(d.id, r.item, at);
        if (action.type === 'deliberate' && r.item.deliberation) store.addDeliberation(d.id, d.w.period, r.item.deliberation);
        const extra =
          action.type === 'return'
            ? { reason: r.item.returned?.reason }
            : signature
              ? { signature }
              : action.type === 'deliberate'
                ? { aspects: Object.fromEntries(DELIBERATION_ASPECTS.map((k: DeliberationAspect) => [k, r.item.deliberation?.aspects[k]])) }
                : undefined;
        record(d, r, action.type, me, extra);
      });
      return detail(store.get(d.id)!, p);
    },
  );

  app.get<{ Params: { period: string } }>('/api/office/v1/workflow/periods/:period', anyOffice, async (req, reply) => {
    if (!isPeriod(req.params.period)) return bad(reply, 400, 'bad-period', '期号格式应为 2026-12');
    const p = req.who.person!;
    const drafts = store.list({ period: req.params.period }).filter((d) => maySee(p, d));
    return {
      period: req.params.period,
      drafts: drafts.map((d) => ({ ...summary(d, p), mine: d.w.authors.includes(p.id), prereviewedByMe: d.w.preReview?.by === p.id })),
      deliberations: store.deliberations({ period: req.params.period }),
    };
  });

  app.post<{ Params: { period: string } }>(
    '/api/office/v1/workflow/periods/:period/sign',
    { config: { access: person('signoff') } },
    async (req, reply) => {
      const body = v.safeParse(PeriodSignBody, req.body);
      if (!body.success) return bad(reply, 400, 'bad-request', firstIssue(body.issues));
      const p = req.who.person!;
      const me = asPerson(p);
      const drafts = Object.keys(body.output.items).map((id) => store.byItemId(id));
      const known = drafts.filter((d): d is Draft => !!d);
      const r = signPeriod(
        known.map((d) => d.w),
        req.params.period,
        body.output.items,
        { person: me },
        now(),
      );
      if (!r.ok) return bad(reply, r.status, 'refused', r.message, r.itemId ? { itemId: r.itemId } : {});
      // One signature over the whole period (政务公开制度 四: 每期…分管领导审核签字).
      const checked = await personSignature(
        req,
        'signoff',
        r.items.map((x) => x.item.hash),
        body.output.approval,
      );
      if (!checked.ok) return bad(reply, checked.status, checked.error, checked.message);
      const signature = checked.approval;
      for (const x of r.items) {
        const d = known.find((k) => k.w.itemId === x.item.itemId)!;
        if (o.roster && !preReviewSignature(d, d.w))
          return bad(reply, 409, 'no-prereview-signature', `「${d.title}」的预审没有预审人的签名,请退回重新预审;本期未签发任何稿件`);
      }
      for (const x of r.items) {
        const d = known.find((k) => k.w.itemId === x.item.itemId)!;
        const problems = await problemsAtSigning(d, feedApproval(x.item)!);
        if (problems.length > 0)
          return bad(reply, 422, 'draft-problems', `「${d.title}」按今天的日期检查不能签发,本期未签发任何稿件`, {
            itemId: d.w.itemId,
            problems,
          });
      }
      if (!o.feed.key) return bad(reply, 503, 'no-signing-key', 'hub 没有公开签名密钥,不能发布:请联系信息技术人员');
      const pairs = r.items.map((x) => ({ d: known.find((k) => k.w.itemId === x.item.itemId)!, x }));
      const seq = await publishToFeed(pairs.map(({ d, x }) => ({ d, w: x.item, signature })));
      store.transaction(() => {
        for (const { d, x } of pairs) {
          record(d, x, 'sign', me, { period: req.params.period, batch: pairs.length, ...(signature ? { signature } : {}) });
          const pub = transition(x.item, { type: 'publish' }, { system: true }, now());
          if (!pub.ok) throw new Error(pub.message);
          store.save(d.id, pub.item, now().toISOString());
          record(d, pub, 'publish', me, { seq });
        }
      });
      return { period: req.params.period, signed: pairs.map(({ d }) => d.w.itemId), seq };
    },
  );

  /** The feed's live items (latest revision of each, not withdrawn), with when each change was made. */
  async function liveItems(): Promise<{ item: Item; at: string }[]> {
    const log = await readFeed(o.feed.dir);
    const out: { item: Item; at: string }[] = [];
    for (const c of latestById(log.changes).values()) if (c.op === 'upsert') out.push({ item: c.item, at: c.at });
    return out;
  }

  /** What the browser needs to sign a step with the person's passkey, and whether this hub asks for it. */
  app.get('/api/office/v1/workflow/signing', anyOffice, async (req, reply) => {
    const p = req.who.person!;
    const rp = relyingParty(req);
    if (o.roster && rp) await o.roster.ensureDemo({ rpId: rp.id, origins: [rp.origin] });
    const roster = o.roster?.current()?.roster;
    const mine = roster?.people.find((x) => x.id === p.id);
    return reply.header('cache-control', 'no-store').send({
      required: !!o.roster,
      rpId: rp?.id ?? null,
      credentials: app.people.credentialsOf(p.id).map((c) => c.id),
      roster: roster
        ? { serial: roster.serial, demo: roster.demo, inRoster: !!mine, credentials: mine?.credentials.map((c) => c.id) ?? [] }
        : null,
    });
  });

  app.get('/api/office/v1/workflow/dashboard', anyOffice, async (req) => {
    const p = req.who.person!;
    const me = asPerson(p);
    const today = chinaDate(now());
    const drafts = store.list().filter((d) => maySee(p, d));
    // 告示制度 第六条: a notice's period runs from publication; one whose period starts within 5 working days is due now.
    const soon = addWorkingDays(today, 5);
    const startingSoon = drafts
      .filter((d) => d.kind === 'notice' && !['published', 'withdrawn', 'signed'].includes(d.w.state))
      .map((d) => ({ d, start: store.revision(d.id, d.w.revision)?.source.notice?.periodStart ?? '' }))
      .filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.start) && x.start <= soon)
      .map((x) => ({ ...summary(x.d, p), periodStart: x.start, late: x.start < today }));
    const live = (await liveItems()).filter((x) => p.roles.some((r) => r !== 'drafter') || x.item.department === p.department);
    // 政务公开制度 一: 经常性内容按季公开 — a quarterly item not refreshed since this quarter began is due.
    const month = Number(today.slice(5, 7));
    const quarterStart = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const brief = (x: { item: Item }) => ({
      id: x.item.id,
      title: x.item.title,
      department: x.item.department,
      publishedAt: x.item.publishedAt,
      cadence: x.item.cadence,
      draft: store.byItemId(x.item.id)?.id ?? null,
    });
    return {
      today,
      queue: drafts.filter((d) => waitsFor(d.w, me)).map((d) => summary(d, p)),
      returned: drafts.filter((d) => d.w.state === 'returned').map((d) => summary(d, p)),
      startingSoon,
      quarterlyStale: live.filter((x) => x.item.cadence === 'quarterly' && x.item.publishedAt < quarterStart).map(brief),
      longTermOld: live.filter((x) => x.item.cadence === 'long-term' && x.item.publishedAt <= yearAgo).map(brief),
      quarterStart,
    };
  });

  /** 《政务公开简报》 of a period (政务公开制度: 编印《政务公开简报》发到各村、社区): what was published, withdrawn and deliberated. */
  app.get<{ Params: { period: string } }>('/api/office/v1/workflow/bulletin/:period', anyOffice, async (req, reply) => {
    if (!isPeriod(req.params.period)) return bad(reply, 400, 'bad-period', '期号格式应为 2026-12');
    const period = req.params.period;
    const log = await readFeed(o.feed.dir);
    const inPeriod = (iso: string) => periodOf(iso) === period;
    const latest = latestById(log.changes);
    const published: { item: Item; at: string; approval: Approval; withdrawn: boolean }[] = [];
    const withdrawn: { id: string; title: string; reason: string; at: string }[] = [];
    const titles = new Map<string, string>();
    for (const c of log.changes) {
      if (c.op === 'upsert') titles.set(c.item.id, c.item.title);
      if (!inPeriod(c.at)) continue;
      if (c.op === 'upsert' && c.item.channel === 'public')
        published.push({ item: c.item, at: c.at, approval: c.approval, withdrawn: latest.get(c.item.id)?.op === 'withdraw' });
      else if (c.op === 'withdraw') withdrawn.push({ id: c.id, title: titles.get(c.id) ?? c.id, reason: c.reason, at: c.at });
    }
    // The latest revision published in the period, once per item.
    const byId = new Map<string, (typeof published)[number]>();
    for (const x of published) byId.set(x.item.id, x);
    return {
      period,
      generatedAt: now().toISOString(),
      publisher: log.head?.publisher ?? '清原满族自治县政务公开办',
      items: [...byId.values()],
      withdrawn,
      deliberations: store.deliberations({ period }).length,
    };
  });

  // Attachments: PDF and images up to the feed's limit, checked by their first bytes, named by their hash.
  for (const type of Object.keys(ATTACHMENT_KINDS))
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: LIMITS.attachmentBytes }, (_req, body, done) => done(null, body));
  app.post<{ Querystring: { name?: string } }>(
    '/api/office/v1/workflow/files',
    { config: { access: person('drafter') }, bodyLimit: LIMITS.attachmentBytes },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const kind = ATTACHMENT_KINDS[type];
      if (!kind || !Buffer.isBuffer(req.body)) return bad(reply, 415, 'bad-type', '附件只接受 PDF、PNG、JPEG、WebP');
      const bytes = req.body;
      if (bytes.byteLength === 0) return bad(reply, 422, 'empty', '附件是空文件');
      if (!kind.magic(bytes))
        return bad(reply, 422, 'bad-content', `文件内容不是${type === 'application/pdf' ? ' PDF' : '所选类型的图片'},请检查文件`);
      if (!(await app.storage.admit(reply))) return reply;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await mkdir(filesDir, { recursive: true });
      await writeFile(join(filesDir, `${sha256}.${kind.ext}`), bytes);
      const name = (req.query.name ?? `附件.${kind.ext}`).slice(0, 120);
      audit.append({
        actor: req.who.person!.id,
        action: 'draft.attach',
        subject: `file:${sha256}`,
        detail: { name, bytes: bytes.byteLength },
      });
      return { name, href: `files/${sha256}.${kind.ext}`, type, sha256, bytes: bytes.byteLength };
    },
  );
  app.get<{ Params: { name: string } }>('/api/office/v1/workflow/files/:name', anyOffice, async (req, reply) => {
    const m = /^([0-9a-f]{64})\.(pdf|png|jpg|webp)$/.exec(req.params.name);
    if (!m) return bad(reply, 404, 'not-found', '没有这个附件');
    try {
      const bytes = await readFile(join(filesDir, req.params.name));
      return reply.type(TYPE_OF_EXT[m[2]!]!).header('cache-control', 'private, max-age=31536000, immutable').send(bytes);
    } catch {
      return bad(reply, 404, 'not-found', '没有这个附件');
    }
  });
}
