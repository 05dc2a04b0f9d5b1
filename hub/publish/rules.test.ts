import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { type Approval, Item, type NoticeType } from '../../src/contract/feed.ts';
import { checkItemRuleProblems, checkItemRules, isPlaceholder, parseTimestamp } from './rules.ts';
import { addCalendarData } from './working-days.ts';

/** The fields every kind of item shares (feed.ts `common`), all required ones filled. */
type Common = Omit<Extract<Item, { kind: 'disclosure' }>, 'kind'>;

const common: Common = {
  id: 'test-item',
  rev: 1,
  channel: 'public',
  category: 'procedures-fees',
  cadence: 'one-off',
  title: '关于调整城区公交线路的告示',
  department: '县交通运输局',
  bodyHtml: '<p>正文</p>',
  publishedAt: '2025-09-22',
  attachments: [],
};

function notice(type: NoticeType, periodStart: string, periodEnd: string): Item {
  return {
    ...common,
    kind: 'notice',
    notice: {
      type,
      periodStart,
      periodEnd,
      basis: {
        cause: '城区主干道改造施工',
        time: '2025 年 10 月至 12 月',
        place: '清原镇中心路',
        scope: '1 路、3 路公交车途经站点',
      },
      impact: '施工期间上述线路绕行,部分站点暂停使用',
      measures: '设置临时站点;高峰期加密班次;咨询电话 53034645',
    },
  };
}

function hearing(startsAt: string, noticeDate: string): Item {
  return {
    ...common,
    kind: 'hearing',
    title: '城区供暖价格调整听证会',
    publishedAt: noticeDate,
    hearing: {
      matter: '城区居民供暖价格调整方案',
      startsAt,
      place: '县政务服务中心三楼会议室',
      noticeDate,
      howToJoin: '持身份证到县发改局报名,名额 20 人',
    },
  };
}

function disclosure(overrides: Partial<Pick<Item, 'channel' | 'category' | 'publishedAt' | 'validFrom' | 'validUntil'>> = {}): Item {
  return { ...common, kind: 'disclosure', title: '不动产登记办事指南', ...overrides };
}

function approval(preReviewAt: string, signOffAt: string): Approval {
  return { preReview: { by: '县政务公开预审小组', at: preReviewAt }, signOff: { by: '张副县长', at: signOffAt } };
}

function withNotice(item: Item, patch: (n: Extract<Item, { kind: 'notice' }>['notice']) => void): Item {
  if (item.kind !== 'notice') throw new Error('not a notice');
  const copy = structuredClone(item);
  patch(copy.notice);
  return copy;
}

describe('test items', () => {
  test('are valid under the feed schema', () => {
    for (const item of [notice('decision', '2025-09-22', '2025-10-23'), hearing('2026-02-26T09:30:00+08:00', '2026-02-12'), disclosure()]) {
      expect(v.safeParse(Item, item).issues).toBeUndefined();
      expect(checkItemRules(item)).toEqual([]);
    }
  });
});

describe('告示时限 (告示制度 第六条)', () => {
  test('a decision notice of exactly 20 working days across National Day 2025 passes', () => {
    // 09-22 … 10-23: 24 weekdays, but 10-01..08 are off and 09-28 / 10-11 are worked: 20 working days.
    expect(checkItemRules(notice('decision', '2025-09-22', '2025-10-23'))).toEqual([]);
  });

  test('a decision notice of 19 working days fails', () => {
    expect(checkItemRules(notice('decision', '2025-09-22', '2025-10-22'))).toEqual([
      '决策类告示的公示期为 19 个工作日,少于《政务公开告示制度》第六条规定的 20 个工作日(2025-09-22 至 2025-10-22)',
    ]);
  });

  test('20 weekdays that contain the National Day holiday are not 20 working days', () => {
    const problems = checkItemRules(notice('decision', '2025-09-22', '2025-10-17'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('公示期为 16 个工作日');
  });

  test('an execution notice needs 7 working days: 7 passes, 6 fails (National Day 2026)', () => {
    // 09-28..30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    expect(checkItemRules(notice('execution', '2026-09-28', '2026-10-12'))).toEqual([]);
    expect(checkItemRules(notice('execution', '2026-09-28', '2026-10-11'))).toEqual([
      '执行类告示的公示期为 6 个工作日,少于《政务公开告示制度》第六条规定的 7 个工作日(2026-09-28 至 2026-10-11)',
    ]);
  });

  test('an emergency notice has no minimum: one day passes, even a holiday', () => {
    expect(checkItemRules(notice('emergency', '2025-11-12', '2025-11-12'))).toEqual([]);
    expect(checkItemRules(notice('emergency', '2026-10-01', '2026-10-01'))).toEqual([]);
  });

  test('the period may not end before it starts, whatever the type', () => {
    for (const type of ['decision', 'execution', 'emergency'] as const) {
      const problems = checkItemRules(notice(type, '2025-11-12', '2025-11-11'));
      expect(problems).toEqual(['告示期结束日期 2025-11-11 早于开始日期 2025-11-12,告示时限不成立(《政务公开告示制度》第六条)']);
    }
  });

  test('a period reaching beyond the holiday data is refused, with how to update the calendar (issue 16)', () => {
    // 2026-12-07 → 2027-01-01 counted 20 working days (1 January as a working day): it must not pass silently.
    const problems = checkItemRules(notice('decision', '2026-12-07', '2027-01-01'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('涉及 2027 年');
    expect(problems[0]).toContain('《政务公开告示制度》第六条');
    expect(problems[0]).toContain('npm update chinese-days');
    expect(problems[0]).toContain('content/_calendar.json');
    // An emergency notice counts no working days: no calendar needed.
    expect(checkItemRules(notice('emergency', '2026-12-30', '2027-01-02'))).toEqual([]);
  });

  test('the calendar override makes a new year known (content/_calendar.json)', () => {
    addCalendarData({ years: [2031], holidays: { '2031-01-01': "New Year's Day,元旦,1" }, workdays: {} });
    // 2031 is now known (2031-01-01 a holiday); 2030 still is not.
    expect(checkItemRules(notice('decision', '2031-01-02', '2031-01-29'))).toEqual([]);
    expect(checkItemRules(notice('decision', '2030-12-23', '2031-01-03'))[0]).toContain('涉及 2030 年');
  });

  test('a backdated period is refused: the period runs from the publish time (issue 16)', () => {
    const item = { ...notice('decision', '2026-11-20', '2026-12-31'), publishedAt: '2026-12-05' };
    expect(checkItemRules(item)).toEqual([
      '告示期开始日期 2026-11-20 早于发布日期 2026-12-05:告示期应从告示发布之日起计算,不得倒签(《政务公开告示制度》第六条、第八条)',
    ]);
    // The same file published later than its `published` date: measured from the day it goes out.
    const later = { ...notice('decision', '2026-11-20', '2026-12-31'), publishedAt: '2026-11-20' };
    expect(checkItemRules(later)).toEqual([]);
    expect(checkItemRules(later, undefined, '2026-12-05')[0]).toContain('早于发布日期 2026-12-05');
  });

  test('a hearing notice dated before publishing is refused (听证制度 第九条)', () => {
    const item = { ...hearing('2026-12-08T09:00:00+08:00', '2026-11-27'), publishedAt: '2026-12-05' };
    const problems = checkItemRules(item);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('听证通知日期 2026-11-27 早于发布日期 2026-12-05');
    expect(problems[0]).toContain('《政务公开听证制度》第九条');
    expect(checkItemRules(hearing('2026-12-08T09:00:00+08:00', '2026-11-27'), undefined, '2026-12-05')[0]).toContain('不得倒签');
  });

  test('an impossible date is reported, not thrown', () => {
    expect(checkItemRules(notice('decision', '2025-09-22', '2025-02-30'))).toEqual([
      '告示期结束日期「2025-02-30」不是有效日期(应为 YYYY-MM-DD)',
    ]);
  });
});

describe('告示要素 (告示制度 第八条)', () => {
  test('blank and placeholder elements are refused, each with its clause', () => {
    const item = withNotice(notice('decision', '2025-09-22', '2025-10-23'), (n) => {
      n.basis.cause = '   ';
      n.basis.place = '无';
      n.impact = '待定。';
      n.measures = ' 略 ';
    });
    expect(checkItemRules(item)).toEqual([
      '告示要素「基本情况·事件发生的原因」为空,不符合《政务公开告示制度》第八条(一)的要求',
      '告示要素「基本情况·地点」只填写了「无」,没有实际内容,不符合《政务公开告示制度》第八条(一)的要求',
      '告示要素「事件的影响」只填写了「待定。」,没有实际内容,不符合《政务公开告示制度》第八条(二)的要求',
      '告示要素「拟采用的处理措施、方法」只填写了「略」,没有实际内容,不符合《政务公开告示制度》第八条(三)的要求',
    ]);
  });

  test('isPlaceholder', () => {
    for (const p of ['无', ' 暂无 ', '待定', '略', '——', '…', 'N/A', 'TBD', '×××', '同上。', '详见附件'])
      expect(isPlaceholder(p), p).toBe(true);
    for (const t of ['无偿提供临时停车场', '略有调整,详见正文', '2025 年 10 月', '全县']) expect(isPlaceholder(t), t).toBe(false);
  });
});

describe('听证通知 (听证制度 第九条)', () => {
  // Hearing on Thu 2026-02-26. Working days before it: 02-25, 02-24, (02-15..23 off), 02-14 (make-up Sat), 02-13, 02-12.
  test('announced 5 working days ahead across Spring Festival 2026 passes', () => {
    expect(checkItemRules(hearing('2026-02-26T09:30:00+08:00', '2026-02-12'))).toEqual([]);
  });

  test('announced 4 working days ahead fails, although 9 weekdays lie between', () => {
    expect(checkItemRules(hearing('2026-02-26T09:30:00+08:00', '2026-02-13'))).toEqual([
      '听证通知日期 2026-02-13 距听证会(2026-02-26)仅 4 个工作日,少于《政务公开听证制度》第九条规定的 5 个工作日(最迟应于 2026-02-12 通知)',
    ]);
  });

  test('the hearing day is the date of startsAt in China time', () => {
    // 2026-02-25T18:00Z is 02:00 on 02-26 in China: still a hearing on the 26th.
    expect(checkItemRules(hearing('2026-02-25T18:00:00Z', '2026-02-12'))).toEqual([]);
    // A hearing on the 25th needs notice by the 11th.
    const problems = checkItemRules(hearing('2026-02-25T09:00:00+08:00', '2026-02-12'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('仅 4 个工作日');
    expect(problems[0]).toContain('最迟应于 2026-02-11 通知');
  });

  test('an ordinary week: Monday hearing, notice the Monday before passes, Tuesday fails', () => {
    expect(checkItemRules(hearing('2025-11-17T14:00:00+08:00', '2025-11-10'))).toEqual([]);
    expect(checkItemRules(hearing('2025-11-17T14:00:00+08:00', '2025-11-11'))).toHaveLength(1);
    // A Sunday notice counts from the next working day on.
    expect(checkItemRules(hearing('2025-11-17T14:00:00+08:00', '2025-11-09'))).toEqual([]);
  });

  test('a notice on or after the hearing day fails', () => {
    expect(checkItemRules(hearing('2025-11-17T14:00:00+08:00', '2025-11-17'))).toEqual([
      '听证通知日期 2025-11-17 不早于听证会日期 2025-11-17,少于《政务公开听证制度》第九条规定的 5 个工作日(最迟应于 2025-11-10 通知)',
    ]);
  });
});

describe('内外有别 (工作制度 一、二)', () => {
  test('an internal category on the public channel is refused', () => {
    expect(checkItemRules(disclosure({ category: 'finance', channel: 'public' }))).toEqual([
      '类别「财务制度及收支」属对内公开内容(《政务公开工作制度》二(二)2),不得在对外公开渠道发布(内外有别,《政务公开工作制度》一)',
    ]);
    expect(checkItemRules(disclosure({ category: 'finance', channel: 'internal' }))).toEqual([]);
  });

  test('a public category on the internal channel is refused', () => {
    expect(checkItemRules(disclosure({ category: 'procedures-fees', channel: 'internal' }))).toEqual([
      '类别「办事指南与收费标准」属对外公开内容(《政务公开工作制度》二(一)2),应在对外公开渠道发布,不得放在对内公开渠道(内外有别,《政务公开工作制度》一)',
    ]);
    expect(checkItemRules(disclosure({ category: 'procedures-fees', channel: 'public' }))).toEqual([]);
  });

  test('the same holds for every kind of item', () => {
    const item: Item = { ...notice('execution', '2026-09-28', '2026-10-12'), category: 'personnel', channel: 'public' };
    expect(checkItemRules(item)).toHaveLength(1);
  });
});

describe('预审与签发 (预审制度 第三条, 政务公开制度 四)', () => {
  const item = disclosure({ publishedAt: '2026-03-02' });

  test('signed off by the end of the publication day (China time) passes', () => {
    expect(checkItemRules(item, approval('2026-03-01T15:00:00+08:00', '2026-03-02T23:30:00+08:00'))).toEqual([]);
    expect(checkItemRules(item, approval('2026-03-01T15:00:00+08:00', '2026-03-02T15:59:59Z'))).toEqual([]);
  });

  test('signed off after the publication day fails', () => {
    expect(checkItemRules(item, approval('2026-03-01T15:00:00+08:00', '2026-03-03T00:10:00+08:00'))).toEqual([
      '签发时间 2026-03-03T00:10:00+08:00(北京时间 2026-03-03)晚于发布日期 2026-03-02:公开内容须先经分管领导审核签字(《政务公开制度》四)',
    ]);
    // 16:30Z is 00:30 the next day in China, though still 03-02 in UTC.
    const problems = checkItemRules(item, approval('2026-03-01T15:00:00+08:00', '2026-03-02T16:30:00Z'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('北京时间 2026-03-03');
  });

  test('pre-review after sign-off fails', () => {
    expect(checkItemRules(item, approval('2026-03-02T10:00:00+08:00', '2026-03-02T09:00:00+08:00'))).toEqual([
      '预审时间 2026-03-02T10:00:00+08:00 晚于签发时间 2026-03-02T09:00:00+08:00:未经预审小组审查通过的内容不得签发公开(《政务公开预审制度》第三条)',
    ]);
    // Same instant in different offsets is not "after".
    expect(checkItemRules(item, approval('2026-03-02T01:00:00Z', '2026-03-02T09:00:00+08:00'))).toEqual([]);
  });

  test('without an approval record the approval rules are not checked', () => {
    expect(checkItemRules(item)).toEqual([]);
  });
});

describe('有效期', () => {
  test('validUntil before validFrom fails', () => {
    const problems = checkItemRules(disclosure({ publishedAt: '2026-03-01', validFrom: '2026-03-10', validUntil: '2026-03-09' }));
    expect(problems).toEqual([
      '有效期截止日期 2026-03-09 早于起始日期 2026-03-10,公开时限不成立(《政务公开责任追究制度》第六条第 5 项:不得超越公开时限)',
    ]);
  });

  test('published after validUntil fails; on the last day passes', () => {
    expect(checkItemRules(disclosure({ publishedAt: '2026-03-02', validUntil: '2026-03-01' }))).toEqual([
      '发布日期 2026-03-02 晚于有效期截止日期 2026-03-01,发布时已超越公开时限(《政务公开责任追究制度》第六条第 5 项)',
    ]);
    expect(checkItemRules(disclosure({ publishedAt: '2026-03-01', validFrom: '2026-03-01', validUntil: '2026-03-01' }))).toEqual([]);
  });
});

describe('timestamps', () => {
  test('every offset form valibot accepts; none means China time', () => {
    const instant = Date.UTC(2026, 1, 26, 1, 30);
    for (const ts of [
      '2026-02-26T09:30:00+08:00',
      '2026-02-26T09:30:00+0800',
      '2026-02-26 09:30:00 +08',
      '2026-02-26T01:30:00Z',
      '2026-02-26T01:30:00.000000000Z',
      '2026-02-25T20:30:00-05:00',
      '2026-02-26T09:30:00',
    ]) {
      expect(parseTimestamp(ts), ts).toBe(instant);
    }
    expect(parseTimestamp('2026-02-30T09:30:00Z')).toBeNull();
    expect(parseTimestamp('2026-02-26')).toBeNull();
  });
});

describe('听证纪要 and 办理结果 (听证制度 第七条、第十一条、第十三条)', () => {
  const withRecord = (heldAt: string, outcomeItem?: string): Item => {
    const h = hearing('2026-02-26T09:30:00+08:00', '2026-02-12');
    if (h.kind !== 'hearing') throw new Error('not a hearing');
    return {
      ...h,
      publishedAt: '2026-03-02',
      hearing: {
        ...h.hearing,
        record: {
          heldAt,
          chair: '县发改局 王某',
          recorder: '县发改局 李某',
          minutes: '到会代表 18 人。多数代表同意分档调价。',
          agreed: true,
          ...(outcomeItem ? { outcome: { text: '按第二档方案执行', item: outcomeItem } } : {}),
        },
      },
    };
  };
  test('a record after the hearing, linked to its outcome notice, is accepted', () => {
    // Published as a later revision: measured from the hearing's first publication (2026-02-12).
    expect(checkItemRules(withRecord('2026-02-26T09:30:00+08:00', 'heating-price-result'), undefined, undefined, '2026-02-12')).toEqual([]);
    // Without knowing the first publication, the notice date before 2026-03-02 would look backdated.
    expect(checkItemRules(withRecord('2026-02-26T09:30:00+08:00', 'heating-price-result'))[0]).toContain('不得倒签');
  });
  test('a record dated before the hearing, or an outcome linking the hearing itself, is refused', () => {
    expect(checkItemRules(withRecord('2026-02-20T09:30:00+08:00'), undefined, undefined, '2026-02-12')[0]).toContain(
      '早于通知的听证会时间',
    );
    expect(checkItemRules(withRecord('2026-02-26T09:30:00+08:00', 'test-item'), undefined, undefined, '2026-02-12')[0]).toContain(
      '第十三条',
    );
  });
  test('the feed contract keeps the record', () => {
    expect(v.parse(Item, withRecord('2026-02-26T09:30:00+08:00', 'x-result'))).toMatchObject({
      hearing: { record: { recorder: '县发改局 李某', outcome: { item: 'x-result' } } },
    });
  });
});

describe('rule problems as data (for a form beside its fields)', () => {
  test('each problem names its field and article', () => {
    const item = { ...notice('decision', '2026-11-20', '2026-12-31'), publishedAt: '2026-12-05' };
    expect(checkItemRuleProblems(item)).toEqual([
      {
        field: 'notice.periodStart',
        article: '《政务公开告示制度》第六条',
        message:
          '告示期开始日期 2026-11-20 早于发布日期 2026-12-05:告示期应从告示发布之日起计算,不得倒签(《政务公开告示制度》第六条、第八条)',
      },
    ]);
    expect(checkItemRuleProblems(hearing('2026-02-26T09:30:00+08:00', '2026-02-13'))[0]).toMatchObject({
      field: 'hearing.noticeDate',
      article: '《政务公开听证制度》第九条',
    });
  });
});
