/** The fast change parser must accept and refuse exactly what the declared schema does. */
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { Change, parseChange } from './feed.ts';

const approval = {
  preReview: { by: '预审小组', at: '2026-11-10T10:00:00+08:00' },
  signOff: { by: '分管副县长', at: '2026-11-11T10:00:00+08:00' },
};
const base = { v: 1, feed: 'f', seq: 1, at: '2026-11-11T12:00:00Z', approval };
const item = {
  id: 'a',
  rev: 1,
  kind: 'disclosure',
  channel: 'public',
  category: 'org-duties',
  cadence: 'long-term',
  title: '标题',
  department: '县政务公开办',
  bodyHtml: '<p>正文</p>',
  publishedAt: '2026-11-11',
};
const notice = {
  ...item,
  kind: 'notice',
  notice: {
    type: 'execution',
    periodStart: '2026-11-11',
    periodEnd: '2026-11-20',
    basis: { cause: '原因', time: '时间', place: '地点', scope: '范围' },
    impact: '影响',
    measures: '措施',
  },
};

const cases: [string, unknown][] = [
  ['a disclosure', { ...base, op: 'upsert', item }],
  ['a notice', { ...base, op: 'upsert', item: notice }],
  ['a notice without its facts', { ...base, op: 'upsert', item: { ...notice, notice: undefined } }],
  ['a withdrawal', { ...base, op: 'withdraw', id: 'a', reason: '撤回原因' }],
  ['a withdrawal without reason', { ...base, op: 'withdraw', id: 'a' }],
  ['an unknown kind', { ...base, op: 'upsert', item: { ...item, kind: 'poster' } }],
  ['an unknown op', { ...base, op: 'delete', id: 'a' }],
  ['no approval', { ...base, approval: undefined, op: 'upsert', item }],
  ['a category outside the catalogue', { ...base, op: 'upsert', item: { ...item, category: 'secret' } }],
  ['not an object', 'upsert'],
  ['null', null],
];

describe('parseChange', () => {
  test.each(cases)('%s: same verdict and output as the Change schema', (_, raw) => {
    const fast = parseChange(raw);
    const slow = v.safeParse(Change, raw);
    expect(fast.success).toBe(slow.success);
    if (fast.success && slow.success) expect(fast.output).toEqual(slow.output);
  });
});
