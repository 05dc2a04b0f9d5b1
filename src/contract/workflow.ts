/**
 * The publishing workflow (稿件流程): how a disclosure goes from a clerk's draft to the public
 * screens and, if need be, off them again. One state machine, pure TypeScript (no Node, no DOM),
 * shared by the office's browser (src/ui/views/office/), the hub (hub/workflow/) and the CLI, so the
 * three never disagree on what may happen next, who may do it, or what it becomes.
 *
 *   草稿 → 待预审 → 待审议 → 待签发 → 已签发 → 已发布 → 已撤回
 *     ↑       └──────┴────────┴→ 退回修改 ┘(再次提交)     │
 *     └──────────────────────── 修订 ──────────────────────┘
 *
 * The steps are the county's:
 *   - 预审: 《政务公开预审制度》第三条 (未经预审小组审查通过的政务公开内容不得对外公开);
 *   - 审议: 《政务公开工作审议制度》二 (four aspects, each recorded; 审议记录存档备查);
 *   - 签发: 《政务公开制度》四 (每期政务公开内容都必须交分管领导审核签字); a leader may sign a
 *     whole period (期) at once (`signPeriod`);
 *   - 撤回 with a reason; 《政务公开责任追究制度》 holds named people to account, so every step
 *     names who took it and the revision (by content hash) it applied to.
 *
 * Nobody passes their own draft, and 预审 and 签发 are by two different people (issue 12's
 * devices check the same). Every approval is bound to one revision's content hash
 * (src/contract/approvals.ts `contentHash`): any edit clears the approvals (issue 16).
 */
import { chinaMonth, type Instant } from './china-time.ts';
import type { Role } from './roles.ts';

export const WORKFLOW_STATES = ['draft', 'prereview', 'returned', 'deliberation', 'signoff', 'signed', 'published', 'withdrawn'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];
export const WORKFLOW_STATE_ZH: Record<WorkflowState, string> = {
  draft: '草稿',
  prereview: '待预审',
  returned: '退回修改',
  deliberation: '待审议',
  signoff: '待签发',
  signed: '已签发',
  published: '已发布',
  withdrawn: '已撤回',
};

/**
 * The four aspects of 《政务公开工作审议制度》二: 从公开内容产生过程是否公正、合理,公开事项决策过程
 * 是否民主、科学,公开结果是否合法、真实、可信,是否突出重点等四个方面进行审议.
 */
export const DELIBERATION_ASPECTS = ['process', 'decision', 'result', 'focus'] as const;
export type DeliberationAspect = (typeof DELIBERATION_ASPECTS)[number];
export const DELIBERATION_ASPECT_ZH: Record<DeliberationAspect, string> = {
  process: '公开内容产生过程是否公正、合理',
  decision: '公开事项决策过程是否民主、科学',
  result: '公开结果是否合法、真实、可信',
  focus: '是否突出重点',
};

/** Who acts: a signed-in person (hub/people/), or the hub itself (publishing after 签发). */
export interface WorkflowPerson {
  id: string;
  name: string;
  roles: readonly Role[];
  department?: string | undefined;
}
export type WorkflowActor = { person: WorkflowPerson } | { system: true };

/** One person's step on one revision: who, when, and exactly what (the revision's content hash). */
export interface StepRecord {
  by: string;
  name: string;
  at: string;
  revision: number;
  hash: string;
}

export interface AspectNote {
  ok: boolean;
  note: string;
}
/** 审议记录: the four aspects, each with its note; kept with the draft's history (存档备查). */
export interface DeliberationRecord extends StepRecord {
  aspects: Record<DeliberationAspect, AspectNote>;
  /** Anything else the group said. */
  summary?: string | undefined;
}

export interface ReturnRecord {
  by: string;
  name: string;
  at: string;
  /** The step that sent it back: 预审, 审议 or 签发. */
  step: 'prereview' | 'deliberation' | 'signoff';
  reason: string;
  revision: number;
}

export interface WithdrawRecord {
  by: string;
  name: string;
  at: string;
  reason: string;
}

/** A draft (稿件) as the workflow sees it: its state, its current revision, and the steps taken on it. */
export interface WorkflowItem {
  /** The feed item's id (src/contract/feed.ts ItemId); a revised item keeps it. */
  itemId: string;
  department: string;
  /** 期: the period it is published in, 'YYYY-MM' in the county's time (《政务公开制度》四: 每期). */
  period: string;
  state: WorkflowState;
  /** Everyone who wrote a revision: none of them may pass it. */
  authors: readonly string[];
  /** The current revision's number (1, 2, …) and canonical content hash. */
  revision: number;
  hash: string;
  preReview?: StepRecord | undefined;
  deliberation?: DeliberationRecord | undefined;
  signOff?: StepRecord | undefined;
  /** The last return, while the draft is being changed. */
  returned?: ReturnRecord | undefined;
  /** The revision now in the feed, if any. */
  published?: { revision: number; hash: string; at: string } | undefined;
  withdrawn?: WithdrawRecord | undefined;
}

export type WorkflowAction =
  /** Save a revision (the hub computes its hash). Allowed while 草稿 or 退回修改. */
  | { type: 'edit'; hash: string }
  /** Start a new revision of a published item (修订); the published one stays until the new one is signed. */
  | { type: 'revise'; hash: string }
  | { type: 'submit' }
  | { type: 'prereview-pass'; hash: string }
  | { type: 'return'; reason: string }
  | {
      type: 'deliberate';
      hash: string;
      aspects: Record<DeliberationAspect, AspectNote>;
      summary?: string | undefined;
    }
  | { type: 'sign'; hash: string }
  | { type: 'publish'; at?: string | undefined }
  | { type: 'withdraw'; reason: string };
export type WorkflowActionType = WorkflowAction['type'];

export const WORKFLOW_ACTION_ZH: Record<WorkflowActionType, string> = {
  edit: '保存修改',
  revise: '修订',
  submit: '提交预审',
  'prereview-pass': '预审通过',
  return: '退回修改',
  deliberate: '审议',
  sign: '签发',
  publish: '发布',
  withdraw: '撤回',
};

export type WorkflowResult =
  | { ok: true; item: WorkflowItem; from: WorkflowState; to: WorkflowState }
  | { ok: false; status: 403 | 409 | 422; message: string };

export const REASON_LIMITS = { min: 4, max: 1000 } as const;
export const NOTE_LIMITS = { min: 2, max: 1000 } as const;
const HASH = /^[0-9a-f]{64}$/;

/** The period (期) of an instant: its month in the county (UTC+8), 'YYYY-MM'. */
export const periodOf = (at: Instant): string => chinaMonth(at);
export const isPeriod = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
/** '2026-12' → '2026年12月期'. */
export const periodZh = (p: string) => `${p.slice(0, 4)}年${Number(p.slice(5, 7))}月期`;

const FORBIDDEN = (message: string): WorkflowResult => ({ ok: false, status: 403, message });
const INVALID = (message: string): WorkflowResult => ({ ok: false, status: 422, message });
const CONFLICT = (w: WorkflowItem, what: string): WorkflowResult => ({
  ok: false,
  status: 409,
  message: `此稿当前为「${WORKFLOW_STATE_ZH[w.state]}」,不能${what}`,
});
/** The approver must have looked at the revision they approve: not one edited since. */
const STALE: WorkflowResult = { ok: false, status: 409, message: '稿件已有新的修改,请刷新后按最新稿审核' };

const has = (a: WorkflowActor, role: Role): a is { person: WorkflowPerson } => 'person' in a && a.person.roles.includes(role);
/** 起草: a drafter of the draft's own department. */
const isDepartmentDrafter = (a: WorkflowActor, w: WorkflowItem): a is { person: WorkflowPerson } =>
  has(a, 'drafter') && a.person.department === w.department;
const isAuthor = (a: { person: WorkflowPerson }, w: WorkflowItem) => w.authors.includes(a.person.id);
const stepBy = (a: { person: WorkflowPerson }, w: WorkflowItem, at: string): StepRecord => ({
  by: a.person.id,
  name: a.person.name,
  at,
  revision: w.revision,
  hash: w.hash,
});

/** A new draft, revision 1, written by `author`. */
export function newDraft(o: { itemId: string; department: string; period: string; hash: string; author: string }): WorkflowItem {
  return {
    itemId: o.itemId,
    department: o.department,
    period: o.period,
    state: 'draft',
    authors: [o.author],
    revision: 1,
    hash: o.hash,
  };
}

/** Who may create a draft for a department: its own drafters (起草). */
export function mayDraft(p: WorkflowPerson, department: string): boolean {
  return p.roles.includes('drafter') && p.department === department;
}

/** The one place that decides what may happen to a draft, by whom, and what it becomes. */
export function transition(w: WorkflowItem, action: WorkflowAction, actor: WorkflowActor, now: Date): WorkflowResult {
  const at = now.toISOString();
  const to = (state: WorkflowState, patch: Partial<WorkflowItem>): WorkflowResult => ({
    ok: true,
    item: { ...w, ...patch, state },
    from: w.state,
    to: state,
  });
  switch (action.type) {
    case 'edit': {
      if (!isDepartmentDrafter(actor, w)) return FORBIDDEN(`只有${w.department}的起草人员可以修改此稿`);
      if (w.state !== 'draft' && w.state !== 'returned') return CONFLICT(w, '修改(已提交的稿件须退回后才能修改)');
      if (!HASH.test(action.hash)) return INVALID('稿件内容摘要有误');
      if (action.hash === w.hash) return to(w.state, {});
      // A changed revision needs every approval again (issue 16: an approval covers exactly its content).
      return to(w.state, {
        revision: w.revision + 1,
        hash: action.hash,
        authors: w.authors.includes(actor.person.id) ? w.authors : [...w.authors, actor.person.id],
        preReview: undefined,
        deliberation: undefined,
        signOff: undefined,
      });
    }
    case 'revise': {
      if (!isDepartmentDrafter(actor, w)) return FORBIDDEN(`只有${w.department}的起草人员可以修订此稿`);
      if (w.state !== 'published') return CONFLICT(w, '修订(只有已发布的稿件可以修订)');
      if (!HASH.test(action.hash)) return INVALID('稿件内容摘要有误');
      if (action.hash === w.hash) return INVALID('修订稿与已发布的内容相同,没有需要审核的修改');
      return to('draft', {
        revision: w.revision + 1,
        hash: action.hash,
        authors: w.authors.includes(actor.person.id) ? w.authors : [...w.authors, actor.person.id],
        preReview: undefined,
        deliberation: undefined,
        signOff: undefined,
        returned: undefined,
      });
    }
    case 'submit':
      if (!isDepartmentDrafter(actor, w)) return FORBIDDEN(`只有${w.department}的起草人员可以提交此稿`);
      if (w.state !== 'draft' && w.state !== 'returned') return CONFLICT(w, '提交预审');
      return to('prereview', {});
    case 'prereview-pass':
      if (!has(actor, 'prereview')) return FORBIDDEN('只有预审小组成员可以预审(《政务公开预审制度》第二条)');
      if (w.state !== 'prereview') return CONFLICT(w, '预审');
      if (isAuthor(actor, w)) return FORBIDDEN('不能预审自己起草的稿件,请由预审小组其他成员审查');
      if (action.hash !== w.hash) return STALE;
      return to('deliberation', { preReview: stepBy(actor, w, at), returned: undefined });
    case 'deliberate': {
      if (!has(actor, 'deliberation')) return FORBIDDEN('只有审议小组成员可以审议(《政务公开工作审议制度》一)');
      if (w.state !== 'deliberation') return CONFLICT(w, '审议');
      if (isAuthor(actor, w)) return FORBIDDEN('不能审议自己起草的稿件');
      if (action.hash !== w.hash) return STALE;
      const aspects = {} as Record<DeliberationAspect, AspectNote>;
      for (const k of DELIBERATION_ASPECTS) {
        const a = action.aspects[k];
        const note = a?.note.trim() ?? '';
        if (!a || note.length < NOTE_LIMITS.min)
          return INVALID(`请就「${DELIBERATION_ASPECT_ZH[k]}」写明审议意见(《政务公开工作审议制度》二)`);
        if (note.length > NOTE_LIMITS.max) return INVALID(`「${DELIBERATION_ASPECT_ZH[k]}」的意见过长,至多 ${NOTE_LIMITS.max} 字`);
        aspects[k] = { ok: a.ok, note };
      }
      const summary = action.summary?.trim().slice(0, NOTE_LIMITS.max) || undefined;
      const record: DeliberationRecord = { ...stepBy(actor, w, at), aspects, summary };
      const failed = DELIBERATION_ASPECTS.filter((k) => !aspects[k].ok);
      // An aspect found wanting sends the draft back with the group's notes; the record is kept either way.
      if (failed.length > 0)
        return to('returned', {
          deliberation: record,
          preReview: undefined,
          returned: {
            by: actor.person.id,
            name: actor.person.name,
            at,
            step: 'deliberation',
            reason: failed.map((k) => `${DELIBERATION_ASPECT_ZH[k]}:${aspects[k].note}`).join(';'),
            revision: w.revision,
          },
        });
      return to('signoff', { deliberation: record });
    }
    case 'sign':
      if (!has(actor, 'signoff')) return FORBIDDEN('只有分管领导可以签发(《政务公开制度》四)');
      if (w.state !== 'signoff') return CONFLICT(w, '签发');
      if (isAuthor(actor, w)) return FORBIDDEN('不能签发自己起草的稿件');
      if (w.preReview?.by === actor.person.id) return FORBIDDEN('预审与签发须由两个不同的人进行,您已预审此稿');
      if (action.hash !== w.hash) return STALE;
      return to('signed', { signOff: stepBy(actor, w, at) });
    case 'return': {
      const step =
        w.state === 'prereview' ? 'prereview' : w.state === 'deliberation' ? 'deliberation' : w.state === 'signoff' ? 'signoff' : null;
      if (!step) return CONFLICT(w, '退回');
      const role: Role = step;
      if (!has(actor, role))
        return FORBIDDEN(
          step === 'prereview'
            ? '只有预审小组成员可以退回待预审的稿件'
            : step === 'deliberation'
              ? '只有审议小组成员可以退回待审议的稿件'
              : '只有分管领导可以退回待签发的稿件',
        );
      if (isAuthor(actor, w)) return FORBIDDEN('不能审核自己起草的稿件');
      const reason = action.reason.trim();
      if (reason.length < REASON_LIMITS.min) return INVALID(`请写明退回的理由(至少 ${REASON_LIMITS.min} 个字),起草人据此修改`);
      if (reason.length > REASON_LIMITS.max) return INVALID(`退回理由过长,至多 ${REASON_LIMITS.max} 字`);
      return to('returned', {
        preReview: undefined,
        deliberation: undefined,
        signOff: undefined,
        returned: { by: actor.person.id, name: actor.person.name, at, step, reason, revision: w.revision },
      });
    }
    case 'publish':
      if (!('system' in actor)) return FORBIDDEN('签发后由系统自动发布');
      if (w.state !== 'signed') return CONFLICT(w, '发布');
      return to('published', {
        published: { revision: w.revision, hash: w.hash, at: action.at ?? at },
        returned: undefined,
        withdrawn: undefined,
      });
    case 'withdraw': {
      if (!has(actor, 'signoff')) return FORBIDDEN('只有分管领导可以撤回已发布的内容');
      if (w.state !== 'published') return CONFLICT(w, '撤回(只有已发布的内容可以撤回)');
      const reason = action.reason.trim();
      if (reason.length < REASON_LIMITS.min) return INVALID(`请写明撤回的理由(至少 ${REASON_LIMITS.min} 个字),理由将存档`);
      if (reason.length > REASON_LIMITS.max) return INVALID(`撤回理由过长,至多 ${REASON_LIMITS.max} 字`);
      return to('withdrawn', { withdrawn: { by: actor.person.id, name: actor.person.name, at, reason } });
    }
  }
}

/** What the person may do next, for the buttons of the draft page. */
export function availableActions(w: WorkflowItem, actor: WorkflowActor): WorkflowActionType[] {
  const okNote = { ok: true, note: '符合要求' };
  const probe: Record<WorkflowActionType, WorkflowAction> = {
    edit: { type: 'edit', hash: 'f'.repeat(64) },
    revise: { type: 'revise', hash: 'f'.repeat(64) },
    submit: { type: 'submit' },
    'prereview-pass': { type: 'prereview-pass', hash: w.hash },
    return: { type: 'return', reason: '理由理由理由' },
    deliberate: {
      type: 'deliberate',
      hash: w.hash,
      aspects: { process: okNote, decision: okNote, result: okNote, focus: okNote },
    },
    sign: { type: 'sign', hash: w.hash },
    publish: { type: 'publish' },
    withdraw: { type: 'withdraw', reason: '理由理由理由' },
  };
  const now = new Date(Date.UTC(2026, 0, 5));
  return (Object.keys(probe) as WorkflowActionType[]).filter((t) => transition(w, probe[t], actor, now).ok);
}

/** The role whose queue a state is waiting in (待我处理). */
export const WAITING_FOR: Partial<Record<WorkflowState, Role>> = {
  draft: 'drafter',
  returned: 'drafter',
  prereview: 'prereview',
  deliberation: 'deliberation',
  signoff: 'signoff',
};

/** Whether a draft waits for this person: in their role's queue, of their department for drafters, and not their own to approve. */
export function waitsFor(w: WorkflowItem, p: WorkflowPerson): boolean {
  const role = WAITING_FOR[w.state];
  if (!role || !p.roles.includes(role)) return false;
  if (role === 'drafter') return p.department === w.department;
  if (w.authors.includes(p.id)) return false;
  if (role === 'signoff' && w.preReview?.by === p.id) return false;
  return true;
}

export type PeriodSignResult =
  | { ok: true; items: { item: WorkflowItem; from: WorkflowState; to: WorkflowState }[] }
  | { ok: false; status: 403 | 409 | 422; message: string; itemId?: string | undefined };

/**
 * 按期签发: the leader signs a whole period's drafts at once (《政务公开制度》四: 每期政务公开
 * 内容都必须交分管领导审核签字). All or nothing: each draft must be 待签发 in that period with
 * the hash the leader saw, and none may be their own or pre-reviewed by them.
 */
export function signPeriod(
  items: readonly WorkflowItem[],
  period: string,
  seen: Readonly<Record<string, string>>,
  actor: WorkflowActor,
  now: Date,
): PeriodSignResult {
  if (!has(actor, 'signoff')) return { ok: false, status: 403, message: '只有分管领导可以签发(《政务公开制度》四)' };
  if (!isPeriod(period)) return { ok: false, status: 422, message: '期号格式应为 2026-12' };
  const chosen = Object.keys(seen);
  if (chosen.length === 0) return { ok: false, status: 422, message: `${periodZh(period)}没有选中待签发的稿件` };
  const out: { item: WorkflowItem; from: WorkflowState; to: WorkflowState }[] = [];
  for (const id of chosen) {
    const w = items.find((x) => x.itemId === id);
    if (!w) return { ok: false, status: 422, message: `找不到稿件 ${id}`, itemId: id };
    if (w.period !== period) return { ok: false, status: 409, message: `稿件 ${id} 不属于${periodZh(period)}`, itemId: id };
    const r = transition(w, { type: 'sign', hash: seen[id] ?? '' }, actor, now);
    if (!r.ok) return { ...r, message: `稿件 ${id}:${r.message}`, itemId: id };
    out.push({ item: r.item, from: r.from, to: r.to });
  }
  return { ok: true, items: out };
}

/** The approval record the feed carries today (src/contract/feed.ts Approval): names and times of the people who acted. */
export function feedApproval(w: WorkflowItem): { preReview: { by: string; at: string }; signOff: { by: string; at: string } } | null {
  if (!w.preReview || !w.signOff || w.preReview.hash !== w.hash || w.signOff.hash !== w.hash) return null;
  return { preReview: { by: w.preReview.name, at: w.preReview.at }, signOff: { by: w.signOff.name, at: w.signOff.at } };
}
