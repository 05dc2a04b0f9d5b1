/**
 * The wall board's own strings, zh-CN first and en complete. They live in the
 * board's lazy chunk, not in src/ui/i18n/, so the kiosk's first screen does not
 * carry them (scripts/size-budget.ts); `bt` follows the app's locale like `t`.
 */
import { chinaClock, chinaFields } from '../../../contract/china-time.ts';
import { getLocale } from '../../i18n/index.ts';

const zhCN = {
  boardLabel: '政务公开栏',
  emergency: '应急告示',
  emergencyHint: '请立即阅读并按告示要求做好准备',
  notice_decision: '决策类告示',
  notice_execution: '执行类告示',
  hearing: '听证会通知',
  new: '新公开',
  answer: '投诉咨询答复',
  survey: '群众评议 · 扫码填写问卷',
  catalogue: '公开目录',
  remaining: '公示期剩余 {n} 个工作日',
  lastDay: '今天是公示期最后一天',
  noWorkingDaysLeft: '公示期余下的都不是工作日',
  period: '公示期 {from} 至 {to}',
  cause: '原因',
  time: '时间',
  place: '地点',
  scope: '范围',
  impact: '影响',
  measures: '措施与群众配合事项',
  hearingTime: '时间',
  hearingPlace: '地点',
  hearingMatter: '听证事项',
  hearingJoin: '如何参加',
  hearingIn: '{n} 天后召开',
  hearingToday: '今天召开',
  publishedOn: '{date} 公开',
  scan: '扫码在手机上查看全文',
  page: '第 {n}/{of} 页',
  slide: '{n}/{of}',
  complaintHotline: '投诉举报电话',
  complaintWays: '可口头或书面投诉;重大事项请署名书面投诉,投诉人身份予以保密',
  complaintOffice: '县政务公开办受理 · 投诉箱设在各乡镇、县直各部门',
  emptyTitle: '本公开栏正在取得公开内容',
  emptyNone: '目前没有正在公示的内容',
  emptyHint: '如有疑问,请拨打投诉举报电话',
  quietHint: '公开栏休息中 · 应急告示照常显示',
  weekday: '星期{d}',
  weekdays: '一二三四五六日',
  date: '{y}年{m}月{d}日',
  skipped: '公开栏第 {n} 条《{title}》({id} 第 {rev} 版)无法显示,已跳过:{error}',
} as const;

type BoardMessage = keyof typeof zhCN;

const en: Record<BoardMessage, string> = {
  boardLabel: 'Open-affairs board',
  emergency: 'Emergency notice',
  emergencyHint: 'Please read now and prepare as the notice asks',
  notice_decision: 'Decision notice',
  notice_execution: 'Execution notice',
  hearing: 'Public hearing',
  new: 'New',
  answer: 'Answer to a complaint or inquiry',
  survey: 'Public evaluation · scan to answer',
  catalogue: 'Disclosure catalogue',
  remaining: '{n} working days left in the notice period',
  lastDay: 'Today is the last day of the notice period',
  noWorkingDaysLeft: 'No working days left in the notice period',
  period: 'Notice period {from} to {to}',
  cause: 'Cause',
  time: 'Time',
  place: 'Place',
  scope: 'Scope',
  impact: 'Impact',
  measures: 'Measures and what to do',
  hearingTime: 'Time',
  hearingPlace: 'Place',
  hearingMatter: 'Matter',
  hearingJoin: 'How to take part',
  hearingIn: 'in {n} days',
  hearingToday: 'today',
  publishedOn: 'published {date}',
  scan: 'Scan to read it all on your phone',
  page: 'page {n}/{of}',
  slide: '{n}/{of}',
  complaintHotline: 'Complaints hotline',
  complaintWays: 'Complain in person or in writing; major matters in a signed letter; your identity is kept confidential',
  complaintOffice: 'Handled by the open-affairs office · complaint boxes at every township and department',
  emptyTitle: 'This board is fetching the disclosures',
  emptyNone: 'Nothing is on public notice at the moment',
  emptyHint: 'Questions? Call the complaints hotline',
  quietHint: 'The board is resting · emergency notices still show',
  weekday: '{d}',
  weekdays: 'MonTueWedThuFriSatSun',
  date: '{y}-{m}-{d}',
  skipped: 'Board slide {n} "{title}" ({id} rev {rev}) could not be shown and was skipped: {error}',
};

export function bt(key: BoardMessage, params?: Record<string, string | number>): string {
  const text = getLocale() === 'en' ? en[key] : zhCN[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}

/** "11月28日 星期六" / "2026-11-28 Sat" for the header, in China time. */
export function boardDate(now: Date): string {
  const c = chinaFields(now);
  const wd = (c.getUTCDay() + 6) % 7;
  const en = getLocale() === 'en';
  const day = en ? bt('weekdays').slice(wd * 3, wd * 3 + 3) : bt('weekday', { d: bt('weekdays')[wd]! });
  const date = en
    ? c.toISOString().slice(0, 10)
    : bt('date', { y: c.getUTCFullYear(), m: c.getUTCMonth() + 1, d: c.getUTCDate() }).replace(/^\d+年/, '');
  return `${date} ${day}`;
}

export function boardClock(now: Date): string {
  return chinaClock(now);
}
