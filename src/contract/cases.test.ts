import { describe, expect, test } from 'vitest';
import {
  type Actor,
  accountabilityGrounds,
  answeredLate,
  availableActions,
  type Case,
  caseNumber,
  DEFAULT_DEADLINES,
  deadlineFor,
  dueStatus,
  inTab,
  quarterlyReport,
  quarterOf,
  quarterRange,
  TRACK_STATUS,
  transition,
  workingDaysLeft,
  workingDaysTaken,
} from './cases.ts';
import { chinaDate } from './china-time.ts';

const secretary: Actor = { person: { id: 'p-sec', roles: ['secretary'] } };
const drafter: Actor = { person: { id: 'p-dr', roles: ['drafter'], department: '县医疗保障局' } };
const otherDrafter: Actor = { person: { id: 'p-dr2', roles: ['drafter'], department: '县交通运输局' } };
const confidential: Actor = { person: { id: 'p-conf', roles: ['confidential'] } };
const citizen: Actor = { citizen: true };

/** 09:00 in the county (UTC+8) on a date. */
const at = (date: string, hour = 9) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

const fresh: Case = {
  id: '6f1c2d9e-1111-4aaa-8bbb-222233334444',
  trackingCode: 'SJXRSZV1HXGX',
  kind: 'complaint',
  source: 'kiosk',
  receivedAt: at('2026-11-30').toISOString(),
  state: 'pending',
};

function step(c: Case, action: Parameters<typeof transition>[1], actor: Actor, now: Date): Case {
  const r = transition(c, action, actor, now);
  if (!r.ok) throw new Error(r.message);
  return r.case;
}

describe('transitions, one by one', () => {
  test('待登记 → 已登记: the secretary registers with a case number; nobody else can', () => {
    const r = transition(fresh, { type: 'register', number: caseNumber(2026, 'complaint', 1) }, secretary, at('2026-11-30'));
    expect(r).toMatchObject({ ok: true, from: 'pending', to: 'registered', case: { number: '2026-投-0001' } });
    expect(transition(fresh, { type: 'register', number: '2026-投-0001' }, drafter, at('2026-11-30'))).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(transition(fresh, { type: 'register', number: 'x' }, secretary, at('2026-11-30'))).toMatchObject({ ok: false, status: 422 });
    const registered = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    expect(transition(registered, { type: 'register', number: '2026-投-0002' }, secretary, at('2026-11-30'))).toMatchObject({
      ok: false,
      status: 409,
      message: '此件当前为「已登记」,不能再次登记',
    });
  });

  test('已登记 → 已派单: a department and a deadline in working days; a wrong period is refused', () => {
    const registered = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    const r = transition(registered, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-11-30'));
    // Monday 30 Nov 2026 + 15 working days = Monday 21 Dec 2026.
    expect(r).toMatchObject({ ok: true, to: 'assigned', case: { department: '县医疗保障局', deadline: '2026-12-21' } });
    expect(
      transition(registered, { type: 'assign', department: '县医疗保障局', workingDays: 0 }, secretary, at('2026-11-30')),
    ).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(transition(registered, { type: 'assign', department: '  ' }, secretary, at('2026-11-30'))).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(transition(registered, { type: 'assign', department: '县医疗保障局' }, drafter, at('2026-11-30'))).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(transition(fresh, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-11-30'))).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  test('已派单 → 办理中: only the drafter of that department (or the office) accepts', () => {
    const assigned = step(
      step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30')),
      { type: 'assign', department: '县医疗保障局' },
      secretary,
      at('2026-11-30'),
    );
    expect(transition(assigned, { type: 'accept' }, otherDrafter, at('2026-12-01'))).toMatchObject({ ok: false, status: 403 });
    expect(transition(assigned, { type: 'accept' }, confidential, at('2026-12-01'))).toMatchObject({ ok: false, status: 403 });
    expect(transition(assigned, { type: 'accept' }, drafter, at('2026-12-01'))).toMatchObject({ ok: true, to: 'in-progress' });
    // Re-assigning while in progress resets the deadline from the new day.
    const moved = transition(
      step(assigned, { type: 'accept' }, drafter, at('2026-12-01')),
      { type: 'assign', department: '县交通运输局' },
      secretary,
      at('2026-12-02'),
    );
    expect(moved).toMatchObject({ ok: true, to: 'assigned', case: { department: '县交通运输局', deadline: '2026-12-23' } });
  });

  test('办理中 → 答复待审 → 退回 → 答复待审 → 已答复; nobody approves their own answer', () => {
    let c = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    c = step(c, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-11-30'));
    c = step(c, { type: 'accept' }, drafter, at('2026-12-01'));
    expect(transition(c, { type: 'submit-answer', text: '太短' }, drafter, at('2026-12-02'))).toMatchObject({ ok: false, status: 422 });
    expect(
      transition(c, { type: 'submit-answer', text: '经核实,窗口已整改,今后材料齐全当场办理。' }, otherDrafter, at('2026-12-02')),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      transition(c, { type: 'submit-answer', text: '经核实,窗口已整改,今后材料齐全当场办理。' }, secretary, at('2026-12-02')),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    c = step(c, { type: 'submit-answer', text: '经核实,窗口已整改。' }, drafter, at('2026-12-02'));
    expect(c).toMatchObject({ state: 'answer-review', answerBy: 'p-dr' });
    expect(transition(c, { type: 'return', reason: '' }, secretary, at('2026-12-03'))).toMatchObject({ ok: false, status: 422 });
    c = step(c, { type: 'return', reason: '请写明整改措施和时间' }, secretary, at('2026-12-03'));
    expect(c).toMatchObject({ state: 'in-progress', returnReason: '请写明整改措施和时间' });
    c = step(c, { type: 'submit-answer', text: '经核实,窗口已于12月3日整改,今后材料齐全当场办理。' }, drafter, at('2026-12-04'));
    const both: Actor = { person: { id: 'p-dr', roles: ['drafter', 'secretary'], department: '县医疗保障局' } };
    expect(transition(c, { type: 'approve' }, both, at('2026-12-04'))).toMatchObject({ ok: false, status: 403 });
    expect(transition(c, { type: 'approve' }, drafter, at('2026-12-04'))).toMatchObject({ ok: false, status: 403 });
    const r = transition(c, { type: 'approve' }, secretary, at('2026-12-04'));
    expect(r).toMatchObject({ ok: true, from: 'answer-review', to: 'answered' });
  });

  test('已答复 → 已公开 → 已办结, or 已答复 → 已办结; then a rating, once, only by the citizen', () => {
    let c = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    c = step(c, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-11-30'));
    expect(transition(c, { type: 'rate', rating: 'satisfied' }, citizen, at('2026-12-01'))).toMatchObject({ ok: false, status: 409 });
    expect(transition(c, { type: 'close' }, secretary, at('2026-12-01'))).toMatchObject({ ok: false, status: 409 });
    c = step(c, { type: 'submit-answer', text: '经核实,窗口已整改,今后当场办理。' }, drafter, at('2026-12-02'));
    c = step(c, { type: 'approve' }, secretary, at('2026-12-03'));
    expect(transition(c, { type: 'close' }, secretary, at('2026-12-03'))).toMatchObject({ ok: true, to: 'closed' });
    expect(transition(c, { type: 'publish', itemId: 'answer-x' }, drafter, at('2026-12-03'))).toMatchObject({ ok: false, status: 403 });
    c = step(c, { type: 'publish', itemId: 'answer-sjxrszv1hxgx' }, secretary, at('2026-12-03'));
    expect(c).toMatchObject({ state: 'published', publishedItem: 'answer-sjxrszv1hxgx' });
    expect(transition(c, { type: 'rate', rating: 'satisfied' }, secretary, at('2026-12-04'))).toMatchObject({ ok: false, status: 403 });
    c = step(c, { type: 'rate', rating: 'unsatisfied' }, citizen, at('2026-12-04'));
    expect(c.rating).toBe('unsatisfied');
    expect(transition(c, { type: 'rate', rating: 'satisfied' }, citizen, at('2026-12-05'))).toMatchObject({
      ok: false,
      status: 409,
      message: '此件已经评价过,每件只能评价一次',
    });
    c = step(c, { type: 'close' }, secretary, at('2026-12-07'));
    expect(c.state).toBe('closed');
    expect(TRACK_STATUS[c.state]).toBe('closed');
  });

  test('what each person may do next', () => {
    const registered = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    expect(availableActions(fresh, secretary)).toEqual(['register']);
    expect(availableActions(registered, secretary)).toEqual(['assign']);
    const assigned = step(registered, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-11-30'));
    expect(availableActions(assigned, drafter)).toEqual(['accept', 'submit-answer']);
    expect(availableActions(assigned, otherDrafter)).toEqual([]);
    expect(availableActions(assigned, confidential)).toEqual([]);
  });
});

describe('deadlines in working days', () => {
  test('defaults by kind, stated once', () => {
    expect(DEFAULT_DEADLINES).toMatchObject({ complaint: 15, inquiry: 10, 'hearing-opinion': 10 });
  });

  test('across National Day 2026: assigned Wed 30 Sep, the holiday (1–7 Oct) does not count, Sat 10 Oct does', () => {
    // Working days after 30 Sep: 8, 9, 10(Sat, 调休), 12, 13, 14, 15, 16, 19, 20 → the 10th is 20 Oct.
    expect(deadlineFor('inquiry', at('2026-09-30').toISOString())).toBe('2026-10-20');
  });

  test('across the Spring Festival 2026: assigned Fri 13 Feb, 15–23 Feb off, Sat 28 Feb worked', () => {
    // 14(Sat, 调休), 24, 25, 26, 27, 28(Sat, 调休), 2 Mar, 3, 4, 5 → the 10th is 5 Mar.
    expect(deadlineFor('inquiry', at('2026-02-13').toISOString())).toBe('2026-03-05');
  });

  test('the county day counts, not UTC: 07:30 on 1 Dec in the county is still 30 Nov in UTC', () => {
    expect(chinaDate('2026-11-30T23:30:00Z')).toBe('2026-12-01');
    expect(deadlineFor('complaint', '2026-11-30T23:30:00Z')).toBe(deadlineFor('complaint', at('2026-12-01').toISOString()));
  });

  test('on track → 即将到期 → 已超期 as the clock runs; answered in time is not late', () => {
    let c = step(fresh, { type: 'register', number: '2026-询-0001' }, secretary, at('2026-11-30'));
    c = step(c, { type: 'assign', department: '县医疗保障局', workingDays: 5 }, secretary, at('2026-11-30'));
    expect(c.deadline).toBe('2026-12-07');
    expect(dueStatus(c, at('2026-12-01'))).toBe('on-track');
    expect(workingDaysLeft(c, at('2026-12-01'))).toBe(5);
    expect(dueStatus(c, at('2026-12-03'))).toBe('due-soon');
    expect(dueStatus(c, at('2026-12-07', 23))).toBe('due-soon');
    expect(dueStatus(c, at('2026-12-08'))).toBe('overdue');
    expect(inTab(c, 'overdue', at('2026-12-08'))).toBe(true);
    expect(inTab(c, 'in-progress', at('2026-12-08'))).toBe(true);
    const answered = step(
      step(c, { type: 'submit-answer', text: '经核实,已按规定办理完毕。' }, drafter, at('2026-12-04')),
      { type: 'approve' },
      secretary,
      at('2026-12-07'),
    );
    expect(dueStatus(answered, at('2026-12-20'))).toBe('none');
    expect(answeredLate(answered)).toBe(false);
    expect(workingDaysTaken(answered)).toBe(5);
    const late = step(
      step(c, { type: 'submit-answer', text: '经核实,已按规定办理完毕。' }, drafter, at('2026-12-08')),
      { type: 'approve' },
      secretary,
      at('2026-12-08'),
    );
    expect(answeredLate(late)).toBe(true);
    expect(accountabilityGrounds(late, at('2026-12-09'))).toEqual(['超越办理时限(责任追究制度 第六条 5)']);
  });
});

describe('the quarterly report', () => {
  test('quarters in the county calendar', () => {
    expect(quarterOf('2026-12-31T17:00:00Z')).toBe('2027-Q1');
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterRange('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  test('received, on time, late (answered late or open past the deadline), median working days, ratings', () => {
    const base = step(fresh, { type: 'register', number: '2026-投-0001' }, secretary, at('2026-11-30'));
    const a = step(base, { type: 'assign', department: '县医疗保障局', workingDays: 5 }, secretary, at('2026-11-30'));
    const onTime = {
      ...step(
        step(a, { type: 'submit-answer', text: '经核实,已按规定办理完毕。' }, drafter, at('2026-12-01')),
        { type: 'approve' },
        secretary,
        at('2026-12-02'),
      ),
      rating: 'satisfied' as const,
    };
    const late = step(
      step(a, { type: 'submit-answer', text: '经核实,已按规定办理完毕。' }, drafter, at('2026-12-09')),
      { type: 'approve' },
      secretary,
      at('2026-12-10'),
    );
    const openLate = a;
    const otherDept = step(base, { type: 'assign', department: '县交通运输局' }, secretary, at('2026-12-01'));
    const lastQuarter = step(base, { type: 'assign', department: '县医疗保障局' }, secretary, at('2026-09-01'));
    const report = quarterlyReport([onTime, late, openLate, otherDept, lastQuarter, fresh], '2026-Q4', at('2026-12-15'));
    expect(report).toEqual([
      {
        department: '县交通运输局',
        received: 1,
        answered: 0,
        onTime: 0,
        late: 0,
        open: 1,
        medianWorkingDays: null,
        ratings: { satisfied: 0, mostly: 0, unsatisfied: 0 },
      },
      {
        department: '县医疗保障局',
        received: 3,
        answered: 2,
        onTime: 1,
        late: 2,
        open: 1,
        medianWorkingDays: 5, // 2 (30 Nov → 2 Dec) and 8 (→ 10 Dec)
        ratings: { satisfied: 1, mostly: 0, unsatisfied: 0 },
      },
    ]);
  });
});
