/**
 * Publishing rules the schema cannot express: the time limits and required
 * elements of the county regulations (清原满族自治县政务公开 … 制度), checked
 * before an item is signed into the feed. Every problem is a plain-Chinese
 * sentence that names the regulation and article, for the clerk who has to fix it.
 *
 * Dates are 'YYYY-MM-DD' calendar dates in China; timestamps are ISO 8601 with
 * an offset and are compared as instants, or reduced to their calendar date in
 * China time (+08:00, no daylight saving) where a rule speaks of a day.
 */

import * as v from 'valibot';
import { categoryById } from '../../src/contract/catalogue.ts';
import { CHINA_OFFSET_MS, chinaDate } from '../../src/contract/china-time.ts';
import {
  type Approval,
  HearingFacts,
  type HearingItem,
  type Item,
  NoticeFacts,
  type NoticeItem,
  type NoticeType,
} from '../../src/contract/feed.ts';
import { calendarCoverage, countWorkingDays, dayBefore, hasHolidayData, isValidDate, workingDaysBefore } from './working-days.ts';

const 工作制度 = '《政务公开工作制度》';
const 公开制度 = '《政务公开制度》';
const 预审制度 = '《政务公开预审制度》';
const 听证制度 = '《政务公开听证制度》';
const 告示制度 = '《政务公开告示制度》';
const 责任追究制度 = '《政务公开责任追究制度》';

/** 告示制度 第六条: minimum 告示时限 in working days; emergency notices are 实时告示, no minimum. */
export const NOTICE_MIN_WORKING_DAYS: Readonly<Record<NoticeType, number | null>> = {
  decision: 20,
  execution: 7,
  emergency: null,
};

const NOTICE_TYPE_ZH: Readonly<Record<NoticeType, string>> = {
  decision: '决策类',
  execution: '执行类',
  emergency: '应急类',
};

/** 听证制度 第九条: 在召开听证会的 5 个工作日前 … 应通知相关人员参与. */
export const HEARING_NOTICE_WORKING_DAYS = 5;

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)| ?([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 timestamp in any form valibot's
 * `isoTimestamp` accepts (Z, ±hh, ±hhmm, ±hh:mm, 'T' or space). A timestamp
 * without an offset is taken as China time, never as the host's local time.
 * Null if malformed.
 */
export function parseTimestamp(ts: string): number | null {
  const m = TIMESTAMP_RE.exec(ts);
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isValidDate(date)) return null;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || min > 59 || s > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = new Date(0);
  t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  t.setUTCHours(h, min, s, ms);
  let offsetMs = CHINA_OFFSET_MS;
  if (m[8]) offsetMs = 0;
  else if (m[9]) offsetMs = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0)) * 60_000;
  return t.getTime() - offsetMs;
}

/** Text that says nothing: "无", "待定", "略", "——", "N/A" and the like. */
const PLACEHOLDERS = new Set([
  '无',
  '暂无',
  '没有',
  '空',
  '待定',
  '暂定',
  '未定',
  '另定',
  '待补',
  '待补充',
  '待填',
  '待填写',
  '待完善',
  '待核实',
  '略',
  '从略',
  '省略',
  '同上',
  '不详',
  '未知',
  '见附件',
  '详见附件',
  '另行通知',
  '另行公布',
  '测试',
  'na',
  'tbd',
  'tba',
  'todo',
  'none',
  'null',
  'nil',
  'test',
]);

/** Whether a required text is blank or only a placeholder. */
export function isPlaceholder(text: string): boolean {
  const core = text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  return core === '' || PLACEHOLDERS.has(core) || /^[x×]+$/.test(core);
}

/** The required elements of 告示制度 第八条 and where each is listed. */
const NOTICE_ELEMENTS: ReadonlyArray<{ label: string; clause: string; get: (n: NoticeItem['notice']) => string }> = [
  { label: '基本情况·事件发生的原因', clause: '(一)', get: (n) => n.basis.cause },
  { label: '基本情况·时间', clause: '(一)', get: (n) => n.basis.time },
  { label: '基本情况·地点', clause: '(一)', get: (n) => n.basis.place },
  { label: '基本情况·范围', clause: '(一)', get: (n) => n.basis.scope },
  { label: '事件的影响', clause: '(二)', get: (n) => n.impact },
  { label: '拟采用的处理措施、方法', clause: '(三)', get: (n) => n.measures },
];

/** How to bring the working-day calendar up to date (docs/content.md「工作日历」). */
export const CALENDAR_UPDATE_HOW =
  '请更新工作日历数据:在 hub 目录运行 npm update chinese-days(国务院公布次年放假安排后);等不及时,可按 docs/content.md 在 content/_calendar.json 中填写该年的放假和调休日期';

/**
 * A time limit counted in working days cannot be checked across a year the
 * calendar does not know (its 法定节假日 and 调休 are missing): refused, never
 * silently counted as Monday–Friday (issue 16).
 */
function calendarGap(what: string, from: string, to: string, article: string): string | undefined {
  const missing: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!hasHolidayData(`${y}-06-01`)) missing.push(y);
  if (missing.length === 0) return undefined;
  const { firstYear, lastYear } = calendarCoverage();
  return `${what}(${from} 至 ${to})涉及 ${missing.join('、')} 年,工作日历只有 ${firstYear}–${lastYear} 年的法定节假日数据,无法按工作日核算时限(${article})。${CALENDAR_UPDATE_HOW}`;
}

/** The day the item goes out: its `published` date, or the day of publishing if that is later. */
function publishDay(item: Item, publishDate?: string, firstPublished?: string): string {
  // A revision is measured from the day the item first went out: correcting a notice mid-period is not backdating.
  if (firstPublished && isValidDate(firstPublished)) return firstPublished;
  return publishDate && isValidDate(publishDate) && publishDate > item.publishedAt ? publishDate : item.publishedAt;
}

function checkNotice(item: NoticeItem, problems: string[], publishDate?: string, firstPublished?: string): void {
  const n = item.notice;
  const typeZh = NOTICE_TYPE_ZH[n.type];
  const startOk = checkDate('告示期开始日期', n.periodStart, problems);
  const endOk = checkDate('告示期结束日期', n.periodEnd, problems);
  if (startOk && endOk) {
    if (n.periodEnd < n.periodStart) {
      problems.push(`告示期结束日期 ${n.periodEnd} 早于开始日期 ${n.periodStart},告示时限不成立(${告示制度}第六条)`);
    } else {
      const min = NOTICE_MIN_WORKING_DAYS[n.type];
      const published = publishDay(item, publishDate, firstPublished);
      const gap = min === null ? undefined : calendarGap('告示期', n.periodStart, n.periodEnd, `${告示制度}第六条`);
      if (isValidDate(published) && n.periodStart < published) {
        // 告示制度 第六条: the 告示时限 runs from the day the public can see the notice, never before.
        problems.push(
          `告示期开始日期 ${n.periodStart} 早于发布日期 ${published}:告示期应从告示发布之日起计算,不得倒签(${告示制度}第六条、第八条)`,
        );
      } else if (gap) {
        problems.push(gap);
      } else {
        const days = countWorkingDays(n.periodStart, n.periodEnd);
        if (min !== null && days < min) {
          problems.push(
            `${typeZh}告示的公示期为 ${days} 个工作日,少于${告示制度}第六条规定的 ${min} 个工作日(${n.periodStart} 至 ${n.periodEnd})`,
          );
        }
      }
    }
  }
  for (const { label, clause, get } of NOTICE_ELEMENTS) {
    const value = get(n);
    if (value.trim() === '') {
      problems.push(`告示要素「${label}」为空,不符合${告示制度}第八条${clause}的要求`);
    } else if (isPlaceholder(value)) {
      problems.push(`告示要素「${label}」只填写了「${value.trim()}」,没有实际内容,不符合${告示制度}第八条${clause}的要求`);
    }
  }
}

/**
 * 听证制度 第九条: "在召开听证会的5个工作日前,应通知相关人员参与". Read as: at
 * least 5 working days must lie between the notice and the hearing, counting
 * the day of the notice and not counting the day of the hearing, i.e.
 * countWorkingDays(noticeDate, dayBefore(hearingDate)) ≥ 5. A hearing on
 * Monday 2025-11-17 may thus be announced on Monday 2025-11-10 at the latest.
 * The hearing's day is the calendar date of `startsAt` in China time, so
 * "2026-02-25T18:00:00Z" is a hearing on 2026-02-26.
 */
function checkHearing(item: HearingItem, problems: string[], publishDate?: string, firstPublished?: string): void {
  const h = item.hearing;
  const noticeOk = checkDate('听证通知日期', h.noticeDate, problems);
  const startsAt = parseTimestamp(h.startsAt);
  if (startsAt === null) {
    problems.push(`听证会时间「${h.startsAt}」不是有效的时间(应如 2026-11-20T09:00:00+08:00)(${听证制度}第九条)`);
    return;
  }
  if (h.record) {
    const held = parseTimestamp(h.record.heldAt);
    if (held !== null && held < startsAt - 12 * 3_600_000)
      problems.push(
        `听证纪要的召开时间 ${h.record.heldAt} 早于通知的听证会时间 ${h.startsAt}:纪要应在听证会召开后发布(${听证制度}第十条、第十一条)`,
      );
    if (h.record.outcome?.item === item.id)
      problems.push(`办理结果应链接到公布结果的另一条公开内容,不能链接听证会本身(${听证制度}第十三条)`);
  }
  if (!noticeOk) return;
  const hearingDate = chinaDate(startsAt);
  const published = publishDay(item, publishDate, firstPublished);
  if (isValidDate(published) && h.noticeDate < published) {
    // The notice is this item: it cannot have been given before the item goes out.
    problems.push(
      `听证通知日期 ${h.noticeDate} 早于发布日期 ${published}:通知以发布之日为准,不得倒签(${听证制度}第九条:听证会 5 个工作日前通知)`,
    );
    return;
  }
  const gap = calendarGap('听证通知期', h.noticeDate, hearingDate, `${听证制度}第九条`);
  if (gap) {
    problems.push(gap);
    return;
  }
  const days = countWorkingDays(h.noticeDate, dayBefore(hearingDate));
  if (days < HEARING_NOTICE_WORKING_DAYS) {
    const latest = workingDaysBefore(hearingDate, HEARING_NOTICE_WORKING_DAYS);
    const lead = h.noticeDate >= hearingDate ? `不早于听证会日期 ${hearingDate}` : `距听证会(${hearingDate})仅 ${days} 个工作日`;
    problems.push(
      `听证通知日期 ${h.noticeDate} ${lead},少于${听证制度}第九条规定的 ${HEARING_NOTICE_WORKING_DAYS} 个工作日(最迟应于 ${latest} 通知)`,
    );
  }
}

function checkDate(what: string, date: string, problems: string[]): boolean {
  if (isValidDate(date)) return true;
  problems.push(`${what}「${date}」不是有效日期(应为 YYYY-MM-DD)`);
  return false;
}

/**
 * 预审制度 第三条 (未经预审小组审查通过的政务公开内容不得对外公开) and
 * 政务公开制度 四 (每期政务公开内容都必须交分管领导审核签字): the sign-off must
 * exist by the end of the publication day (China time), and the pre-review must
 * come before the sign-off.
 */
function checkApproval(item: Item, approval: Approval, problems: string[]): void {
  const pre = parseTimestamp(approval.preReview.at);
  const sign = parseTimestamp(approval.signOff.at);
  if (pre === null) problems.push(`预审时间「${approval.preReview.at}」不是有效的时间(${预审制度}第三条)`);
  if (sign === null) problems.push(`签发时间「${approval.signOff.at}」不是有效的时间(${公开制度}四)`);
  if (sign !== null && isValidDate(item.publishedAt)) {
    const signDate = chinaDate(sign);
    if (signDate > item.publishedAt) {
      problems.push(
        `签发时间 ${approval.signOff.at}(北京时间 ${signDate})晚于发布日期 ${item.publishedAt}:公开内容须先经分管领导审核签字(${公开制度}四)`,
      );
    }
  }
  if (pre !== null && sign !== null && pre > sign) {
    problems.push(
      `预审时间 ${approval.preReview.at} 晚于签发时间 ${approval.signOff.at}:未经预审小组审查通过的内容不得签发公开(${预审制度}第三条)`,
    );
  }
}

/** 内外有别 (工作制度 一): each catalogue category belongs to one channel (工作制度 二). */
function checkChannel(item: Item, problems: string[]): void {
  const category = categoryById(item.category);
  if (!category) {
    problems.push(`类别「${item.category}」不在公开目录中(${工作制度}二)`);
    return;
  }
  if (category.channel === item.channel) return;
  if (category.channel === 'internal') {
    problems.push(
      `类别「${category.zh}」属对内公开内容(${工作制度}二(二)${category.article.slice(-1)}),不得在对外公开渠道发布(内外有别,${工作制度}一)` +
        (category.id === 'personnel'
          ? `。干部任前公示、竞聘上岗、公务员招考录用、荣誉称号评审须向社会公示(${告示制度}第四条(二)),请用类别 appointment-notice(干部任前公示与人事招考)`
          : ''),
    );
  } else {
    problems.push(
      `类别「${category.zh}」属对外公开内容(${工作制度}二(一)${category.article.slice(-1)}),应在对外公开渠道发布,不得放在对内公开渠道(内外有别,${工作制度}一)`,
    );
  }
}

/**
 * Validity window. The regulations set no article for it directly; an item
 * shown outside its own window is "超越公开时限" (责任追究制度 第六条 第 5 项).
 */
function checkValidity(item: Item, problems: string[]): void {
  const published = checkDate('发布日期', item.publishedAt, problems);
  const from = item.validFrom === undefined || checkDate('有效期起始日期', item.validFrom, problems);
  const until = item.validUntil === undefined || checkDate('有效期截止日期', item.validUntil, problems);
  if (item.validFrom !== undefined && item.validUntil !== undefined && from && until && item.validUntil < item.validFrom) {
    problems.push(
      `有效期截止日期 ${item.validUntil} 早于起始日期 ${item.validFrom},公开时限不成立(${责任追究制度}第六条第 5 项:不得超越公开时限)`,
    );
  }
  if (item.validUntil !== undefined && published && until && item.validUntil < item.publishedAt) {
    problems.push(`发布日期 ${item.publishedAt} 晚于有效期截止日期 ${item.validUntil},发布时已超越公开时限(${责任追究制度}第六条第 5 项)`);
  }
}

/**
 * Problems with an item under the county regulations, in plain Chinese; empty
 * when it may be published. The approval record lives on the change, not on the
 * item: pass it to have the approval-time rules checked as well. `publishDate`
 * ('YYYY-MM-DD', China) is the day it is being published: periods and notice
 * dates are measured from it (or from `published` if later), never before.
 * `firstPublished` is the `published` date of the item's first revision in the
 * feed, when this is a later revision: then everything is measured from that.
 */
export function checkItemRules(item: Item, approval?: Approval, publishDate?: string, firstPublished?: string): string[] {
  const problems: string[] = [];
  checkChannel(item, problems);
  checkValidity(item, problems);
  if (item.kind === 'notice') checkNotice(item, problems, publishDate, firstPublished);
  else if (item.kind === 'hearing') checkHearing(item, problems, publishDate, firstPublished);
  if (approval) checkApproval(item, approval, problems);
  return problems;
}

/**
 * The rule checks that can still be made on a file whose schema check failed,
 * so a clerk sees every problem of a file at once (issue 16): the channel, and
 * the notice's or hearing's time limits when those parts are complete.
 */
export function checkPartialRules(candidate: Record<string, unknown>, publishDate?: string, firstPublished?: string): string[] {
  const problems: string[] = [];
  const publishedAt = typeof candidate.publishedAt === 'string' ? candidate.publishedAt : '';
  if (typeof candidate.category === 'string' && (candidate.channel === 'public' || candidate.channel === 'internal'))
    checkChannel({ category: candidate.category, channel: candidate.channel } as Item, problems);
  if (!isValidDate(publishedAt)) return problems;
  const notice = v.safeParse(NoticeFacts, candidate.notice);
  if (candidate.kind === 'notice' && notice.success)
    checkNotice({ kind: 'notice', publishedAt, notice: notice.output } as NoticeItem, problems, publishDate, firstPublished);
  const hearing = v.safeParse(HearingFacts, candidate.hearing);
  if (candidate.kind === 'hearing' && hearing.success)
    checkHearing(
      { kind: 'hearing', id: String(candidate.id ?? ''), publishedAt, hearing: hearing.output } as HearingItem,
      problems,
      publishDate,
      firstPublished,
    );
  return problems;
}

/** A rule problem as data, for a form that shows it beside its field (issue 11's browser workflow). */
export interface RuleProblem {
  /** The front-matter path it concerns, e.g. 'notice.periodStart'; undefined when it is about the whole item. */
  field?: string;
  /** The plain-Chinese sentence (the CLI prints just this). */
  message: string;
  /** The regulation and article it cites, e.g. '《政务公开告示制度》第六条'. */
  article?: string;
}

const FIELD_OF: ReadonlyArray<[RegExp, string]> = [
  [/^告示期开始日期/, 'notice.periodStart'],
  [/^告示期(结束日期|\uFF08)|^(决策类|执行类)告示的公示期/, 'notice.periodEnd'],
  [/^告示要素「基本情况·事件发生的原因」/, 'notice.basis.cause'],
  [/^告示要素「基本情况·时间」/, 'notice.basis.time'],
  [/^告示要素「基本情况·地点」/, 'notice.basis.place'],
  [/^告示要素「基本情况·范围」/, 'notice.basis.scope'],
  [/^告示要素「事件的影响」/, 'notice.impact'],
  [/^告示要素「拟采用的处理措施、方法」/, 'notice.measures'],
  [/^听证通知/, 'hearing.noticeDate'],
  [/^听证会时间/, 'hearing.startsAt'],
  [/^听证纪要/, 'hearing.record.heldAt'],
  [/^办理结果/, 'hearing.record.outcome.item'],
  [/^签发时间/, 'approval.signOff.at'],
  [/^预审时间/, 'approval.preReview.at'],
  [/^类别/, 'category'],
  [/^有效期/, 'validUntil'],
  [/^发布日期/, 'publishedAt'],
];

/** One message as data: the field it concerns and the first article it cites. */
export function ruleProblem(message: string): RuleProblem {
  const field = FIELD_OF.find(([re]) => re.test(message))?.[1];
  const article =
    /《[^》]+》(第[一二三四五六七八九十]+条(\([一二三四五六七八九十]+\))?|[一二三四五六七八九十]+(\([一二三四五六七八九十]+\)\d?)?)?/.exec(
      message,
    )?.[0];
  return { message, ...(field ? { field } : {}), ...(article ? { article } : {}) };
}

/** checkItemRules, each problem as `{ field, message, article }` (same arguments). */
export function checkItemRuleProblems(item: Item, approval?: Approval, publishDate?: string, firstPublished?: string): RuleProblem[] {
  return checkItemRules(item, approval, publishDate, firstPublished).map(ruleProblem);
}
