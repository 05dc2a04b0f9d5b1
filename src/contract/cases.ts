/**
 * A case (件): one complaint, inquiry or hearing opinion as the office handles it, from the
 * moment it arrives to the moment it is closed. One state machine, pure TypeScript, used by the
 * office's browser (src/ui/views/office/inbox/), the hub (hub/cases/) and the CLI (hub/office/), so
 * the three never disagree on what may happen next, who may do it, or when a case is late.
 *
 *   待登记 → 已登记 → 已派单 → 办理中 → 答复待审 → 已答复 → 已公开 → 已办结
 *                      ↑ 改派      ↑ 退回修改 ┘        └──────────→ 已办结
 *
 * The steps are the regulations' closed loop: the office registers what comes in
 * (《政务公开制度》八: 登记; 《政务公开投诉制度》第五条), the leading group directs a department
 * to answer (《政务公开制度》七: 责成有关部门作出答复), the answer is published on the board and
 * delivered in writing (七: 结果在政务公开栏内及时公布,并书面送达), and being late is itself a
 * fault (《政务公开责任追究制度》第六条 5: 超越公开时限).
 *
 * Deadlines are in working days (src/contract/working-days.ts), counted from the day of
 * assignment in the county's time zone (UTC+8); the regulations set none for answers, so the
 * defaults below are the office's own (docs/complaints.md) and configurable.
 */

import { chinaDate } from './china-time.ts';
import type { Role } from './roles.ts';
import type { SubmissionKind, SubmissionStatus } from './submission.ts';
import { addCalendarDays, addWorkingDays, countWorkingDays } from './working-days.ts';

export const CASE_STATES = [
  'pending',
  'registered',
  'assigned',
  'in-progress',
  'answer-review',
  'answered',
  'published',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_ZH: Record<CaseState, string> = {
  pending: '待登记',
  registered: '已登记',
  assigned: '已派单',
  'in-progress': '办理中',
  'answer-review': '答复待审',
  answered: '已答复',
  published: '已公开',
  closed: '已办结',
};

/** The kinds that become cases (questionnaire answers are counted, not handled one by one). */
export const CASE_KINDS = ['complaint', 'inquiry', 'hearing-opinion'] as const satisfies readonly SubmissionKind[];
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_ZH: Record<CaseKind, string> = { complaint: '投诉', inquiry: '咨询', 'hearing-opinion': '听证意见' };
/** The middle part of a case number: 2026-投-0001. */
export const CASE_KIND_MARK: Record<CaseKind, string> = { complaint: '投', inquiry: '询', 'hearing-opinion': '听' };
export const isCaseKind = (k: string): k is CaseKind => (CASE_KINDS as readonly string[]).includes(k);

/** Where it came in: a kiosk or a phone (sealed by the citizen), or recorded by a clerk (《政务公开投诉制度》第四条: 口头或书面). */
export const CASE_SOURCES = ['kiosk', 'phone', 'hotline', 'walk-in'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_ZH: Record<CaseSource, string> = { kiosk: '触摸屏', phone: '手机', hotline: '热线电话', 'walk-in': '来访(口头)' };
/** 举报电话 (《政务公开制度》八; 《政务公开责任追究制度》第三条). */
export const HOTLINE = '53034645';

export const RATINGS = ['satisfied', 'mostly', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_ZH: Record<Rating, string> = { satisfied: '满意', mostly: '基本满意', unsatisfied: '不满意' };

/** Working days a department has to answer, by kind, and how many days before the end a case shows as 即将到期. */
export interface DeadlinePolicy {
  complaint: number;
  inquiry: number;
  'hearing-opinion': number;
  warnDays: number;
}
/** The office's defaults (docs/complaints.md), in line with 12345 hotlines: 投诉 15, 咨询 10, 听证意见 10 working days. */
export const DEFAULT_DEADLINES: DeadlinePolicy = { complaint: 15, inquiry: 10, 'hearing-opinion': 10, warnDays: 3 };

export interface Case {
  /** The sealed submission's id (hub/intake/store.ts). */
  id: string;
  trackingCode: string;
  kind: CaseKind;
  source: CaseSource;
  receivedAt: string;
  state: CaseState;
  /** 2026-投-0001, given at registration. */
  number?: string | undefined;
  registeredAt?: string | undefined;
  department?: string | undefined;
  assignedAt?: string | undefined;
  /** The last working day to answer, 'YYYY-MM-DD' (UTC+8). */
  deadline?: string | undefined;
  /** The answer as the department wrote it and the office approved it; delivered to the citizen. */
  answer?: string | undefined;
  answerBy?: string | undefined;
  answerSubmittedAt?: string | undefined;
  answeredAt?: string | undefined;
  /** Why the office sent the answer back, the last time it did. */
  returnReason?: string | undefined;
  publishedItem?: string | undefined;
  closedAt?: string | undefined;
  rating?: Rating | undefined;
  ratedAt?: string | undefined;
}

/** Who acts: a signed-in person (roles and department from hub/people/), or the citizen by tracking code. */
export type Actor = { person: { id: string; roles: readonly Role[]; department?: string | undefined } } | { citizen: true };

export type CaseAction =
  | { type: 'register'; number: string }
  | { type: 'assign'; department: string; workingDays?: number }
  | { type: 'accept' }
  | { type: 'submit-answer'; text: string }
  | { type: 'return'; reason: string }
  | { type: 'approve' }
  | { type: 'publish'; itemId: string }
  | { type: 'close' }
  | { type: 'rate'; rating: Rating };
export type CaseActionType = CaseAction['type'];

export const ACTION_ZH: Record<CaseActionType, string> = {
  register: '登记',
  assign: '派单',
  accept: '接收办理',
  'submit-answer': '提交答复',
  return: '退回修改',
  approve: '审核通过答复',
  publish: '公开答复',
  close: '办结',
  rate: '评价',
};

export type TransitionResult =
  | { ok: true; case: Case; from: CaseState; to: CaseState }
  | { ok: false; status: 403 | 409 | 422; message: string };

export const ANSWER_LIMITS = { min: 10, max: 10_000 } as const;

export function caseNumber(year: number, kind: CaseKind, seq: number): string {
  return `${year}-${CASE_KIND_MARK[kind]}-${String(seq).padStart(4, '0')}`;
}

export function deadlineFor(kind: CaseKind, assignedAt: string, policy: DeadlinePolicy = DEFAULT_DEADLINES, workingDays?: number): string {
  return addWorkingDays(chinaDate(assignedAt), workingDays ?? policy[kind]);
}

const isSecretary = (a: Actor) => 'person' in a && (a.person.roles.includes('secretary') || a.person.roles.includes('admin'));
/** The department's own drafter (起草, of that department), or the office itself. */
const isDepartmentDrafter = (a: Actor, c: Case) =>
  'person' in a && a.person.roles.includes('drafter') && !!c.department && a.person.department === c.department;

const FORBIDDEN = (message: string): TransitionResult => ({ ok: false, status: 403, message });
const CONFLICT = (c: Case, what: string): TransitionResult => ({
  ok: false,
  status: 409,
  message: `此件当前为「${CASE_STATE_ZH[c.state]}」,不能${what}`,
});
const INVALID = (message: string): TransitionResult => ({ ok: false, status: 422, message });

/** The one place that decides what may happen to a case, by whom, and what it becomes. */
export function transition(
  c: Case,
  action: CaseAction,
  actor: Actor,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINES,
): TransitionResult {
  const at = now.toISOString();
  const to = (state: CaseState, patch: Partial<Case>): TransitionResult => ({
    ok: true,
    case: { ...c, ...patch, state },
    from: c.state,
    to: state,
  });
  switch (action.type) {
    case 'register':
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办(公开办角色)可以登记');
      if (c.state !== 'pending') return CONFLICT(c, '再次登记');
      if (!/^\d{4}-[投询听]-\d{4,}$/.test(action.number)) return INVALID('案件编号格式应为 2026-投-0001');
      return to('registered', { number: action.number, registeredAt: at });
    case 'assign': {
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办可以派单');
      if (!['registered', 'assigned', 'in-progress'].includes(c.state)) return CONFLICT(c, '派单');
      const department = action.department.trim();
      if (!department || department.length > 100) return INVALID('请选择承办部门');
      const days = action.workingDays;
      if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 60)) return INVALID('办理期限应为 1–60 个工作日');
      return to('assigned', { department, assignedAt: at, deadline: deadlineFor(c.kind, at, policy, days), returnReason: undefined });
    }
    case 'accept':
      if (!isDepartmentDrafter(actor, c) && !isSecretary(actor))
        return FORBIDDEN(`只有${c.department ?? '承办部门'}的起草人员可以接收此件`);
      if (c.state !== 'assigned') return CONFLICT(c, '接收');
      return to('in-progress', {});
    case 'submit-answer': {
      if (!isDepartmentDrafter(actor, c)) return FORBIDDEN(`只有${c.department ?? '承办部门'}的起草人员可以起草答复`);
      if (c.state !== 'assigned' && c.state !== 'in-progress') return CONFLICT(c, '提交答复');
      const text = action.text.trim();
      if (text.length < ANSWER_LIMITS.min) return INVALID(`答复过短,至少 ${ANSWER_LIMITS.min} 个字`);
      if (text.length > ANSWER_LIMITS.max) return INVALID(`答复过长,至多 ${ANSWER_LIMITS.max} 个字`);
      return to('answer-review', { answer: text, answerBy: 'person' in actor ? actor.person.id : undefined, answerSubmittedAt: at });
    }
    case 'return': {
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办可以退回答复');
      if (c.state !== 'answer-review') return CONFLICT(c, '退回');
      const reason = action.reason.trim();
      if (reason.length < 2) return INVALID('请写明退回的理由');
      return to('in-progress', { returnReason: reason.slice(0, 500) });
    }
    case 'approve':
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办可以审核答复');
      if (c.state !== 'answer-review') return CONFLICT(c, '审核');
      // Nobody passes their own answer (the same rule as the publishing workflow).
      if ('person' in actor && actor.person.id === c.answerBy) return FORBIDDEN('不能审核自己起草的答复,请由他人审核');
      return to('answered', { answeredAt: at });
    case 'publish':
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办可以公开答复');
      if (c.state !== 'answered') return CONFLICT(c, '公开');
      return to('published', { publishedItem: action.itemId });
    case 'close':
      if (!isSecretary(actor)) return FORBIDDEN('只有县政务公开办可以办结');
      if (c.state !== 'answered' && c.state !== 'published') return CONFLICT(c, '办结');
      return to('closed', { closedAt: at });
    case 'rate':
      if (!('citizen' in actor)) return FORBIDDEN('评价由提出人凭查询码进行');
      if (c.rating) return { ok: false, status: 409, message: '此件已经评价过,每件只能评价一次' };
      if (!['answered', 'published', 'closed'].includes(c.state)) return { ok: false, status: 409, message: '答复之后才能评价' };
      return { ok: true, case: { ...c, rating: action.rating, ratedAt: at }, from: c.state, to: c.state };
  }
}

/** What the actor may do next, for the buttons of the case page. */
export function availableActions(c: Case, actor: Actor): CaseActionType[] {
  const probe: Record<CaseActionType, CaseAction> = {
    register: { type: 'register', number: '2000-投-0001' },
    assign: { type: 'assign', department: c.department ?? '部门' },
    accept: { type: 'accept' },
    'submit-answer': { type: 'submit-answer', text: '一二三四五六七八九十' },
    return: { type: 'return', reason: '理由' },
    approve: { type: 'approve' },
    publish: { type: 'publish', itemId: 'answer-x' },
    close: { type: 'close' },
    rate: { type: 'rate', rating: 'satisfied' },
  };
  const now = new Date(Date.UTC(2026, 0, 5));
  return (Object.keys(probe) as CaseActionType[]).filter((t) => t !== 'rate' && transition(c, probe[t], actor, now).ok);
}

// ——— Time ———

export type Due = 'none' | 'on-track' | 'due-soon' | 'overdue';
export const DUE_ZH: Record<Due, string> = { none: '', 'on-track': '期限内', 'due-soon': '即将到期', overdue: '已超期' };

/** Still waiting for the department's answer (the clock runs until the office approves an answer). */
export const isOpen = (c: Case) => ['assigned', 'in-progress', 'answer-review'].includes(c.state);

/** Whether a case is within its deadline now; answered cases say 'none' (see answeredLate). */
export function dueStatus(c: Case, now: Date, policy: DeadlinePolicy = DEFAULT_DEADLINES): Due {
  if (!c.deadline || !isOpen(c)) return 'none';
  const today = chinaDate(now);
  if (today > c.deadline) return 'overdue';
  return workingDaysLeft(c, now) <= policy.warnDays ? 'due-soon' : 'on-track';
}

/** Working days left to answer, today included when it is one; 0 past the deadline. */
export function workingDaysLeft(c: Case, now: Date): number {
  if (!c.deadline) return 0;
  const today = chinaDate(now);
  return today > c.deadline ? 0 : countWorkingDays(today, c.deadline);
}

/** Answered after its deadline (counted against the department). */
export function answeredLate(c: Case): boolean {
  return !!c.deadline && !!c.answeredAt && chinaDate(c.answeredAt) > c.deadline;
}

/** Working days from assignment to the approved answer (the day of assignment not counted). */
export function workingDaysTaken(c: Case): number | undefined {
  if (!c.assignedAt || !c.answeredAt) return undefined;
  const a = chinaDate(c.assignedAt);
  const b = chinaDate(c.answeredAt);
  return b <= a ? 0 : countWorkingDays(addCalendarDays(a, 1), b);
}

// ——— What the citizen sees ———

/** The status on the tracking page (/m/track/CODE) for each state. */
export const TRACK_STATUS: Record<CaseState, SubmissionStatus> = {
  pending: 'received',
  registered: 'received',
  assigned: 'in-progress',
  'in-progress': 'in-progress',
  'answer-review': 'in-progress',
  answered: 'answered',
  published: 'answered',
  closed: 'closed',
};

/** The line the citizen reads for a step: no names of people, never the complainant's. */
export function trackNote(c: Case, to: CaseState): string {
  switch (to) {
    case 'registered':
      return `已登记,编号 ${c.number}`;
    case 'assigned':
      return `已交${c.department}办理,答复期限 ${c.deadline}`;
    case 'in-progress':
      return `${c.department}正在办理`;
    case 'answer-review':
      return '答复已拟好,正在审核';
    case 'answered':
      return '已书面答复';
    case 'published':
      return '答复已在政务公开栏公布';
    case 'closed':
      return '已办结';
    default:
      return CASE_STATE_ZH[to];
  }
}

// ——— The inbox's tabs ———

export const INBOX_TABS = ['pending', 'in-progress', 'due-soon', 'overdue', 'answered', 'published', 'all'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
export const INBOX_TAB_ZH: Record<InboxTab, string> = {
  pending: '待登记',
  'in-progress': '办理中',
  'due-soon': '即将到期',
  overdue: '已超期',
  answered: '已答复',
  published: '已公开',
  all: '全部',
};

export function inTab(c: Case, tab: InboxTab, now: Date, policy: DeadlinePolicy = DEFAULT_DEADLINES): boolean {
  switch (tab) {
    case 'pending':
      return c.state === 'pending' || c.state === 'registered';
    case 'in-progress':
      return isOpen(c);
    case 'due-soon':
      return dueStatus(c, now, policy) === 'due-soon';
    case 'overdue':
      return dueStatus(c, now, policy) === 'overdue';
    case 'answered':
      return c.state === 'answered' || c.state === 'closed';
    case 'published':
      return c.state === 'published' || (c.state === 'closed' && !!c.publishedItem);
    case 'all':
      return true;
  }
}

// ——— The quarterly report per department (《政务公开投诉制度》第六条; 责任追究制度 第六条 5) ———

export interface DepartmentQuarter {
  department: string;
  /** Assigned to the department in the quarter. */
  received: number;
  answered: number;
  onTime: number;
  /** Answered late, or still open past the deadline. */
  late: number;
  open: number;
  medianWorkingDays: number | null;
  ratings: Record<Rating, number>;
}

/** '2026-Q4' for an instant (UTC+8). */
export function quarterOf(at: string | Date): string {
  const d = chinaDate(at);
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterRange(quarter: string): { from: string; to: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`quarter should look like 2026-Q4: ${quarter}`);
  const y = m[1]!;
  const q = Number(m[2]);
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = new Date(Date.UTC(Number(y), last, 0)).getUTCDate();
  return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: `${y}-${String(last).padStart(2, '0')}-${lastDay}` };
}

export function quarterlyReport(cases: readonly Case[], quarter: string, now: Date): DepartmentQuarter[] {
  const { from, to } = quarterRange(quarter);
  const byDept = new Map<string, { row: DepartmentQuarter; days: number[] }>();
  for (const c of cases) {
    if (!c.department || !c.assignedAt) continue;
    const d = chinaDate(c.assignedAt);
    if (d < from || d > to) continue;
    let e = byDept.get(c.department);
    if (!e) {
      e = {
        row: {
          department: c.department,
          received: 0,
          answered: 0,
          onTime: 0,
          late: 0,
          open: 0,
          medianWorkingDays: null,
          ratings: { satisfied: 0, mostly: 0, unsatisfied: 0 },
        },
        days: [],
      };
      byDept.set(c.department, e);
    }
    const r = e.row;
    r.received++;
    if (c.answeredAt) {
      r.answered++;
      if (answeredLate(c)) r.late++;
      else r.onTime++;
      const taken = workingDaysTaken(c);
      if (taken !== undefined) e.days.push(taken);
    } else if (isOpen(c)) {
      r.open++;
      if (dueStatus(c, now) === 'overdue') r.late++;
    }
    if (c.rating) r.ratings[c.rating]++;
  }
  return [...byDept.values()]
    .map(({ row, days }) => ({ ...row, medianWorkingDays: median(days) }))
    .sort((a, b) => a.department.localeCompare(b.department, 'zh-CN'));
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

// ——— 责任追究 (《政务公开责任追究制度》第五、七条) ———

/** 第七条 追究方式, plus 限期改正 of 《政务公开制度》(对不按时公开的…限期改正). */
export const ACCOUNTABILITY_OUTCOMES = [
  { id: 'education', zh: '批评教育', article: '责任追究制度 第七条 1' },
  { id: 'correction', zh: '限期改正', article: '政务公开制度 十一' },
  { id: 'written-review', zh: '责令书面检查', article: '责任追究制度 第七条 2' },
  { id: 'notice', zh: '通报批评', article: '责任追究制度 第七条 3' },
  { id: 'no-honours', zh: '取消当年评先评优资格', article: '责任追究制度 第七条 4' },
  { id: 'reassign', zh: '调整工作岗位', article: '责任追究制度 第七条 5' },
] as const;
export type AccountabilityOutcome = (typeof ACCOUNTABILITY_OUTCOMES)[number]['id'];
export const isAccountabilityOutcome = (s: string): s is AccountabilityOutcome => ACCOUNTABILITY_OUTCOMES.some((o) => o.id === s);

/** A case may be opened as a 责任追究 matter when it was late or the citizen was not satisfied. */
export function accountabilityGrounds(c: Case, now: Date): string[] {
  const out: string[] = [];
  if (dueStatus(c, now) === 'overdue' || answeredLate(c)) out.push('超越办理时限(责任追究制度 第六条 5)');
  if (c.rating === 'unsatisfied') out.push('群众评价不满意');
  return out;
}

// ——— What the hub's office routes send the browser (hub/cases/) ———

/** A case with its sealed parts, as ciphertext: the browser opens them (src/contract/case-open.ts). */
export interface OfficeCaseView {
  case: Case;
  sealed: {
    id: string;
    kind: CaseKind;
    trackingCode: string;
    subject?: string | undefined;
    content: { keyId: string; enc: string; ct: string };
    /** Only ever sent to the confidential (保密) role. */
    identity?: { keyId: string; enc: string; ct: string } | undefined;
  };
  /** The citizen gave a name (实名); who it is stays sealed. */
  named: boolean;
  deviceName?: string | undefined;
  createdAt: string;
}

export interface AccountabilityMatter {
  id: number;
  caseId: string;
  caseNumber?: string | undefined;
  department?: string | undefined;
  grounds: string[];
  openedAt: string;
  openedBy: string;
  state: 'open' | 'decided';
  finding?: string | undefined;
  outcomes?: AccountabilityOutcome[] | undefined;
  decidedAt?: string | undefined;
  decidedBy?: string | undefined;
}
