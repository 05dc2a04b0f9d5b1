/**
 * The disclosure catalogue (公开目录) of 清原满族自治县政务公开工作制度 二:
 * (一) 对外公开内容 on the `public` channel, (二) 对内公开内容 on the `internal`
 * channel (内外有别, ibid. 一).
 */
export type Channel = 'public' | 'internal';

export interface Category {
  id: string;
  channel: Channel;
  /** Article reference, e.g. "二(一)2". */
  article: string;
  zh: string;
  en: string;
}

export const CATEGORIES = [
  { id: 'org-duties', channel: 'public', article: '二(一)1', zh: '机构职能与规章制度', en: 'Duties, organisation and rules' },
  { id: 'procedures-fees', channel: 'public', article: '二(一)2', zh: '办事指南与收费标准', en: 'Procedures, results and fees' },
  { id: 'population-plan', channel: 'public', article: '二(一)3', zh: '人口计划及执行情况', en: 'Population plan' },
  { id: 'complaint-channels', channel: 'public', article: '二(一)4', zh: '投诉途径和处理办法', en: 'How to complain' },
  { id: 'other-public', channel: 'public', article: '二(一)5', zh: '其他公开事项', en: 'Other public matters' },
  /**
   * 告示制度 第四条(二): 干部提拔任用、竞聘上岗、公务员招考录用、荣誉称号评审 must be
   * 公示 to the public. Public, unlike `personnel` (the internal record of 工作制度 二(二)1).
   */
  {
    id: 'appointment-notice',
    channel: 'public',
    article: '二(一)5',
    zh: '干部任前公示与人事招考',
    en: 'Public notice of appointments and recruitment',
  },
  { id: 'personnel', channel: 'internal', article: '二(二)1', zh: '干部任用与奖惩', en: 'Appointments and awards' },
  { id: 'finance', channel: 'internal', article: '二(二)2', zh: '财务制度及收支', en: 'Finances' },
  { id: 'major-projects', channel: 'internal', article: '二(二)3', zh: '重大工程与招投标', en: 'Major projects and tenders' },
  { id: 'procurement', channel: 'internal', article: '二(二)4', zh: '大宗物品采购和分配', en: 'Bulk procurement' },
  { id: 'assets', channel: 'internal', article: '二(二)5', zh: '固定资产处置', en: 'Disposal of fixed assets' },
  { id: 'major-decisions', channel: 'internal', article: '二(二)6', zh: '重大管理事项决策', en: 'Major management decisions' },
  { id: 'pay-welfare', channel: 'internal', article: '二(二)7', zh: '工资福利与社会保障', en: 'Pay, welfare and social security' },
  { id: 'integrity', channel: 'internal', article: '二(二)8', zh: '廉洁自律与廉政勤政', en: 'Integrity of leaders' },
  { id: 'other-internal', channel: 'internal', article: '二(二)9', zh: '其他内部公开事项', en: 'Other internal matters' },
] as const satisfies readonly Category[];

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]];

export function categoryById(id: string): Category | undefined {
  return CATEGORIES.find((c) => c.id === id);
}

/**
 * Cadence of disclosure (政务公开制度 一): 长期性内容固定公开, 经常性内容按季公开,
 * 一次性工作随时公开, 热点问题及时公开.
 */
export const CADENCES = ['long-term', 'quarterly', 'one-off', 'hot'] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_ZH: Record<Cadence, string> = {
  'long-term': '长期公开',
  quarterly: '按季公开',
  'one-off': '随时公开',
  hot: '热点公开',
};
