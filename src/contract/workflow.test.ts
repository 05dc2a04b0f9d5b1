// The publishing workflow, transition by transition: what each person may do at each step, and what the draft becomes.
import { describe, expect, test } from 'vitest';
import {
  availableActions,
  DELIBERATION_ASPECTS,
  type DeliberationAspect,
  feedApproval,
  newDraft,
  periodOf,
  signPeriod,
  transition,
  type WorkflowAction,
  type WorkflowActor,
  type WorkflowItem,
  waitsFor,
} from './workflow.ts';
import { diffContent, diffLines, textLines } from './workflow-diff.ts';

const drafter: WorkflowActor = { person: { id: 'p-dr', name: '王起草', roles: ['drafter'], department: '县交通运输局' } };
const otherDeptDrafter: WorkflowActor = { person: { id: 'p-dr2', name: '李起草', roles: ['drafter'], department: '县医疗保障局' } };
const prereviewer: WorkflowActor = { person: { id: 'p-pre', name: '赵预审', roles: ['prereview'] } };
const deliberator: WorkflowActor = { person: { id: 'p-del', name: '钱审议', roles: ['deliberation'] } };
const signer: WorkflowActor = { person: { id: 'p-sign', name: '孙领导', roles: ['signoff', 'deliberation'] } };
/** A department head who drafts and also sits on the pre-review group (预审制度 第二条: 各部门主要负责人为成员). */
const drafterAndReviewer: WorkflowActor = {
  person: { id: 'p-dr', name: '王起草', roles: ['drafter', 'prereview', 'signoff', 'deliberation'], department: '县交通运输局' },
};
const system: WorkflowActor = { system: true };

const h = (c: string) => c.repeat(64);
const now = new Date('2026-12-07T02:00:00Z');
const fresh = newDraft({ itemId: 'notice-road-2026', department: '县交通运输局', period: '2026-12', hash: h('a'), author: 'p-dr' });
const allOk = Object.fromEntries(DELIBERATION_ASPECTS.map((k) => [k, { ok: true, note: '经审议,符合要求' }])) as Record<
  DeliberationAspect,
  { ok: boolean; note: string }
>;

function step(w: WorkflowItem, a: WorkflowAction, who: WorkflowActor): WorkflowItem {
  const r = transition(w, a, who, now);
  if (!r.ok) throw new Error(r.message);
  return r.item;
}
const submitted = step(fresh, { type: 'submit' }, drafter);
const prereviewed = step(submitted, { type: 'prereview-pass', hash: h('a') }, prereviewer);
const deliberated = step(prereviewed, { type: 'deliberate', hash: h('a'), aspects: allOk }, deliberator);
const signed = step(deliberated, { type: 'sign', hash: h('a') }, signer);
const published = step(signed, { type: 'publish' }, system);

describe('transitions, one by one', () => {
  test('草稿: the department’s drafter saves revisions; each changed content is a new revision', () => {
    expect(fresh).toMatchObject({ state: 'draft', revision: 1, authors: ['p-dr'] });
    const r = transition(fresh, { type: 'edit', hash: h('b') }, drafter, now);
    expect(r).toMatchObject({ ok: true, from: 'draft', to: 'draft', item: { revision: 2, hash: h('b') } });
    expect(transition(fresh, { type: 'edit', hash: h('a') }, drafter, now)).toMatchObject({ ok: true, item: { revision: 1 } });
    expect(transition(fresh, { type: 'edit', hash: h('b') }, otherDeptDrafter, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '只有县交通运输局的起草人员可以修改此稿',
    });
    expect(transition(fresh, { type: 'edit', hash: 'nope' }, drafter, now)).toMatchObject({ ok: false, status: 422 });
  });

  test('草稿 → 待预审: only the department’s drafter submits', () => {
    expect(transition(fresh, { type: 'submit' }, drafter, now)).toMatchObject({ ok: true, from: 'draft', to: 'prereview' });
    expect(transition(fresh, { type: 'submit' }, otherDeptDrafter, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(fresh, { type: 'submit' }, prereviewer, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(submitted, { type: 'submit' }, drafter, now)).toMatchObject({
      ok: false,
      status: 409,
      message: '此稿当前为「待预审」,不能提交预审',
    });
    expect(transition(submitted, { type: 'edit', hash: h('c') }, drafter, now)).toMatchObject({ ok: false, status: 409 });
  });

  test('待预审 → 待审议: a member of the pre-review group passes exactly the revision they saw', () => {
    const r = transition(submitted, { type: 'prereview-pass', hash: h('a') }, prereviewer, now);
    expect(r).toMatchObject({
      ok: true,
      from: 'prereview',
      to: 'deliberation',
      item: { preReview: { by: 'p-pre', name: '赵预审', at: now.toISOString(), revision: 1, hash: h('a') } },
    });
    expect(transition(submitted, { type: 'prereview-pass', hash: h('b') }, prereviewer, now)).toMatchObject({
      ok: false,
      status: 409,
      message: '稿件已有新的修改,请刷新后按最新稿审核',
    });
    expect(transition(submitted, { type: 'prereview-pass', hash: h('a') }, drafter, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(submitted, { type: 'prereview-pass', hash: h('a') }, signer, now)).toMatchObject({ ok: false, status: 403 });
  });

  test('nobody passes their own draft, whatever roles they hold', () => {
    const own = step(fresh, { type: 'submit' }, drafterAndReviewer);
    expect(transition(own, { type: 'prereview-pass', hash: h('a') }, drafterAndReviewer, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '不能预审自己起草的稿件,请由预审小组其他成员审查',
    });
    expect(transition(own, { type: 'return', reason: '自己退回自己' }, drafterAndReviewer, now)).toMatchObject({ ok: false, status: 403 });
    const atDeliberation = step(own, { type: 'prereview-pass', hash: h('a') }, prereviewer);
    expect(transition(atDeliberation, { type: 'deliberate', hash: h('a'), aspects: allOk }, drafterAndReviewer, now)).toMatchObject({
      ok: false,
      status: 403,
    });
    const atSignoff = step(atDeliberation, { type: 'deliberate', hash: h('a'), aspects: allOk }, deliberator);
    expect(transition(atSignoff, { type: 'sign', hash: h('a') }, drafterAndReviewer, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '不能签发自己起草的稿件',
    });
    // Someone who changed a revision is an author too.
    const edited = step(
      { ...fresh, state: 'returned' },
      { type: 'edit', hash: h('e') },
      { person: { id: 'p-dr3', name: '周起草', roles: ['drafter', 'prereview'], department: '县交通运输局' } },
    );
    expect(edited.authors).toEqual(['p-dr', 'p-dr3']);
  });

  test('待审议 → 待签发: the deliberation group records all four aspects of 审议制度 二, each with a note', () => {
    const r = transition(prereviewed, { type: 'deliberate', hash: h('a'), aspects: allOk, summary: '同意公开' }, deliberator, now);
    expect(r).toMatchObject({
      ok: true,
      from: 'deliberation',
      to: 'signoff',
      item: { deliberation: { by: 'p-del', summary: '同意公开' } },
    });
    if (r.ok) expect(Object.keys(r.item.deliberation?.aspects ?? {})).toEqual(['process', 'decision', 'result', 'focus']);
    const missing = { ...allOk, focus: { ok: true, note: ' ' } };
    expect(transition(prereviewed, { type: 'deliberate', hash: h('a'), aspects: missing }, deliberator, now)).toMatchObject({
      ok: false,
      status: 422,
      message: '请就「是否突出重点」写明审议意见(《政务公开工作审议制度》二)',
    });
    expect(transition(prereviewed, { type: 'deliberate', hash: h('a'), aspects: allOk }, prereviewer, now)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  test('审议 finding an aspect wanting sends the draft back with the group’s note, and keeps the record', () => {
    const aspects = { ...allOk, result: { ok: false, note: '补偿标准未注明依据' } };
    const r = transition(prereviewed, { type: 'deliberate', hash: h('a'), aspects }, deliberator, now);
    expect(r).toMatchObject({
      ok: true,
      to: 'returned',
      item: {
        deliberation: { aspects: { result: { ok: false, note: '补偿标准未注明依据' } } },
        returned: { step: 'deliberation', reason: '公开结果是否合法、真实、可信:补偿标准未注明依据' },
        preReview: undefined,
      },
    });
  });

  test('待签发 → 已签发: the leader signs; not the person who pre-reviewed it', () => {
    expect(transition(deliberated, { type: 'sign', hash: h('a') }, signer, now)).toMatchObject({
      ok: true,
      from: 'signoff',
      to: 'signed',
      item: { signOff: { by: 'p-sign', name: '孙领导', hash: h('a') } },
    });
    const leaderWhoPrereviewed: WorkflowActor = { person: { id: 'p-pre', name: '赵预审', roles: ['prereview', 'signoff'] } };
    expect(transition(deliberated, { type: 'sign', hash: h('a') }, leaderWhoPrereviewed, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '预审与签发须由两个不同的人进行,您已预审此稿',
    });
    expect(transition(deliberated, { type: 'sign', hash: h('a') }, drafter, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(prereviewed, { type: 'sign', hash: h('a') }, signer, now)).toMatchObject({ ok: false, status: 409 });
  });

  test('退回修改 from 预审, 审议 or 签发, with a reason; approvals already given are cleared; resubmitting starts over', () => {
    for (const [w, who, stepName] of [
      [submitted, prereviewer, 'prereview'],
      [prereviewed, deliberator, 'deliberation'],
      [deliberated, signer, 'signoff'],
    ] as const) {
      const r = transition(w, { type: 'return', reason: '告示期不足,请延长' }, who, now);
      expect(r).toMatchObject({
        ok: true,
        to: 'returned',
        item: {
          returned: { step: stepName, reason: '告示期不足,请延长', by: who.person.id },
          preReview: undefined,
          deliberation: undefined,
        },
      });
      expect(transition(w, { type: 'return', reason: '不行' }, who, now)).toMatchObject({ ok: false, status: 422 });
    }
    expect(transition(submitted, { type: 'return', reason: '告示期不足,请延长' }, signer, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '只有预审小组成员可以退回待预审的稿件',
    });
    const back = step(deliberated, { type: 'return', reason: '告示期不足,请延长' }, signer);
    const fixed = step(back, { type: 'edit', hash: h('b') }, drafter);
    expect(fixed).toMatchObject({ state: 'returned', revision: 2, hash: h('b') });
    const again = step(fixed, { type: 'submit' }, drafter);
    expect(again.state).toBe('prereview');
    // The second 预审 clears the return; the old reason stays in the audit log, not on the draft.
    expect(step(again, { type: 'prereview-pass', hash: h('b') }, prereviewer).returned).toBeUndefined();
  });

  test('已签发 → 已发布: only the hub publishes, once signed', () => {
    expect(transition(signed, { type: 'publish' }, system, now)).toMatchObject({
      ok: true,
      from: 'signed',
      to: 'published',
      item: { published: { revision: 1, hash: h('a'), at: now.toISOString() } },
    });
    expect(transition(signed, { type: 'publish' }, signer, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(deliberated, { type: 'publish' }, system, now)).toMatchObject({ ok: false, status: 409 });
  });

  test('已发布 → 已撤回: a leader withdraws with a reason', () => {
    expect(transition(published, { type: 'withdraw', reason: '施工计划调整,另行告示' }, signer, now)).toMatchObject({
      ok: true,
      from: 'published',
      to: 'withdrawn',
      item: { withdrawn: { by: 'p-sign', reason: '施工计划调整,另行告示' } },
    });
    expect(transition(published, { type: 'withdraw', reason: '' }, signer, now)).toMatchObject({ ok: false, status: 422 });
    expect(transition(published, { type: 'withdraw', reason: '施工计划调整' }, drafter, now)).toMatchObject({
      ok: false,
      status: 403,
      message: '只有分管领导可以撤回已发布的内容',
    });
    expect(transition(deliberated, { type: 'withdraw', reason: '施工计划调整' }, signer, now)).toMatchObject({ ok: false, status: 409 });
  });

  test('已发布 → 草稿 (修订): a new revision goes through every step again; the published one stays recorded', () => {
    const r = transition(published, { type: 'revise', hash: h('c') }, drafter, now);
    expect(r).toMatchObject({
      ok: true,
      from: 'published',
      to: 'draft',
      item: { revision: 2, hash: h('c'), preReview: undefined, signOff: undefined, published: { revision: 1, hash: h('a') } },
    });
    expect(transition(published, { type: 'revise', hash: h('a') }, drafter, now)).toMatchObject({ ok: false, status: 422 });
    expect(transition(submitted, { type: 'revise', hash: h('c') }, drafter, now)).toMatchObject({ ok: false, status: 409 });
  });
});

describe('who sees what', () => {
  test('the buttons each person gets at each step', () => {
    expect(availableActions(fresh, drafter)).toEqual(['edit', 'submit']);
    expect(availableActions(fresh, prereviewer)).toEqual([]);
    expect(availableActions(submitted, prereviewer)).toEqual(['prereview-pass', 'return']);
    expect(availableActions(prereviewed, deliberator)).toEqual(['return', 'deliberate']);
    expect(availableActions(deliberated, signer)).toEqual(['return', 'sign']);
    expect(availableActions(published, signer)).toEqual(['withdraw']);
    expect(availableActions(published, drafter)).toEqual(['revise']);
  });

  test('待我处理: a draft waits for its role’s queue, never for its own author', () => {
    expect(waitsFor(fresh, drafter.person)).toBe(true);
    expect(waitsFor(fresh, otherDeptDrafter.person)).toBe(false);
    expect(waitsFor(submitted, prereviewer.person)).toBe(true);
    expect(waitsFor(submitted, drafterAndReviewer.person)).toBe(false);
    expect(waitsFor(deliberated, signer.person)).toBe(true);
    expect(waitsFor(published, signer.person)).toBe(false);
  });

  test('the feed’s approval record names the people who acted, only when both cover the current revision', () => {
    expect(feedApproval(signed)).toEqual({
      preReview: { by: '赵预审', at: now.toISOString() },
      signOff: { by: '孙领导', at: now.toISOString() },
    });
    expect(feedApproval(deliberated)).toBeNull();
    expect(feedApproval({ ...signed, hash: h('d') })).toBeNull();
  });
});

describe('按期签发: a whole period at once', () => {
  const second = { ...deliberated, itemId: 'notice-water-2026', hash: h('b') };
  const otherPeriod = { ...deliberated, itemId: 'notice-old', period: '2026-11' };
  const items = [deliberated, second, otherPeriod];

  test('signs every chosen draft of the period, each against the hash the leader saw', () => {
    const r = signPeriod(items, '2026-12', { 'notice-road-2026': h('a'), 'notice-water-2026': h('b') }, signer, now);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.items.map((x) => [x.item.itemId, x.to, x.item.signOff?.hash])).toEqual([
        ['notice-road-2026', 'signed', h('a')],
        ['notice-water-2026', 'signed', h('b')],
      ]);
  });

  test('all or nothing: one stale, foreign or unready draft refuses the whole batch, naming it', () => {
    expect(signPeriod(items, '2026-12', { 'notice-road-2026': h('a'), 'notice-water-2026': h('a') }, signer, now)).toMatchObject({
      ok: false,
      status: 409,
      itemId: 'notice-water-2026',
    });
    expect(signPeriod(items, '2026-12', { 'notice-old': h('a') }, signer, now)).toMatchObject({
      ok: false,
      message: '稿件 notice-old 不属于2026年12月期',
    });
    expect(signPeriod(items, '2026-12', {}, signer, now)).toMatchObject({ ok: false, status: 422 });
    expect(signPeriod(items, '2026-12', { 'notice-road-2026': h('a') }, deliberator, now)).toMatchObject({ ok: false, status: 403 });
    expect(signPeriod(items, '12月', { 'notice-road-2026': h('a') }, signer, now)).toMatchObject({ ok: false, status: 422 });
  });

  test('a period is the month in the county’s time (UTC+8)', () => {
    expect(periodOf('2026-11-30T17:00:00Z')).toBe('2026-12');
    expect(periodOf('2026-11-30T15:00:00Z')).toBe('2026-11');
  });
});

describe('revisions diffed against the published one', () => {
  test('changed fields by their Chinese names, body text line by line; bookkeeping ignored', () => {
    const before = {
      rev: 1,
      title: '关于G202线道路施工的告示',
      bodyHtml: '<p>施工期间请绕行。</p><p>联系电话 53034645</p>',
      notice: { type: 'execution', periodEnd: '2026-12-20' },
      search: { pinyin: 'a', initials: 'a' },
    };
    const after = {
      rev: 2,
      title: '关于G202线道路施工的告示',
      bodyHtml: '<p>施工期间请绕行。</p><p>夜间禁止通行。</p><p>联系电话 53034645</p>',
      notice: { type: 'execution', periodEnd: '2026-12-31' },
      search: { pinyin: 'b', initials: 'b' },
    };
    const d = diffContent(before, after);
    expect(d.map((x) => x.label)).toEqual(['正文', '告示期止']);
    expect(d[0]?.lines).toEqual([
      { op: 'same', text: '施工期间请绕行。' },
      { op: 'add', text: '夜间禁止通行。' },
      { op: 'same', text: '联系电话 53034645' },
    ]);
    expect(d[1]).toMatchObject({ before: '2026-12-20', after: '2026-12-31' });
    expect(diffContent(before, before)).toEqual([]);
  });

  test('line diff and text lines', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
    expect(textLines('<h3>标题</h3><p>一&amp;二<br>三</p>')).toEqual(['标题', '一&二', '三']);
  });
});
