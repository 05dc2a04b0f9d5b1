/**
 * Realistic generated items for benchmarks: Chinese titles of about 20
 * characters, bodies of 600–1000 characters of HTML, the public categories of
 * the catalogue, a mix of kinds, pinyin search keys as the publisher computes
 * them. Seeded, so every run publishes the same feed.
 */

import { searchKeys } from '../../hub/publish/pinyin.ts';
import { CADENCES, CATEGORIES } from '../../src/contract/catalogue.ts';
import type { Item } from '../../src/contract/feed.ts';

/** mulberry32: small, fast, good enough to vary test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The default test config shows the public channel only; internal items would never be stored there.
const PUBLIC_CATEGORIES = CATEGORIES.filter((c) => c.channel === 'public').map((c) => c.id);

const DEPARTMENTS = [
  '县政务服务中心',
  '县自然资源局',
  '县住房和城乡建设局',
  '县人力资源和社会保障局',
  '县卫生健康局',
  '县医疗保障局',
  '县民政局',
  '县农业农村局',
  '县市场监督管理局',
  '县教育局',
  '县财政局',
  '县林业和草原局',
  '县交通运输局',
  '县政务公开办',
];
const TOWNS = [
  '清原镇',
  '红透山镇',
  '草市镇',
  '英额门镇',
  '南口前镇',
  '湾甸子镇',
  '大孤家镇',
  '南山城镇',
  '夏家堡镇',
  '枸乃甸乡',
  '敖家堡乡',
];
const PERIODS = ['2026年第一季度', '2026年第二季度', '2026年第三季度', '2026年度', '2025年度', '2027年', '2026年上半年'];
const TOPICS = [
  '不动产登记收费标准',
  '城乡居民医疗保险缴费',
  '农村宅基地审批办理',
  '困难群众救助资金发放',
  '耕地地力保护补贴',
  '林木采伐许可办理',
  '营业执照办理流程',
  '公益性岗位招聘',
  '义务教育招生工作',
  '农村危房改造补助',
  '最低生活保障对象',
  '高龄津贴发放',
  '政务服务事项清单',
  '行政事业性收费目录',
  '重点项目建设进展',
  '道路维修施工',
];
const SUFFIXES = ['公示', '公告', '通知', '情况通报', '办事指南', '实施方案', '结果公示'];
const SENTENCES = [
  '根据《清原满族自治县政务公开工作制度》有关规定，现将有关情况公开如下。',
  '申请人应携带本人居民身份证、户口簿原件及复印件，到县政务服务中心一楼综合受理窗口办理。',
  '办理时限为自受理之日起五个工作日，材料齐全、符合法定形式的当场受理。',
  '收费标准按照省物价局、省财政厅核定的标准执行，不得擅自提高标准或扩大收费范围。',
  '对公示内容有异议的，请于公示期内以书面形式向县政务公开办反映，并提供联系方式。',
  '各乡镇人民政府要高度重视，明确专人负责，确保各项政策措施落实到位。',
  '资金通过“一卡通”直接发放到户，任何单位和个人不得截留、挤占、挪用。',
  '经乡镇初审、县级部门复核，符合条件的共计一百二十七户，现予公示。',
  '本次施工期间，过往车辆请减速慢行，按交通标志绕行，给您带来不便敬请谅解。',
  '咨询电话：024-53034645（工作日8:30—17:00），也可拨打12345政务服务便民热线。',
  '群众可通过来信、来访、投诉箱和举报电话等方式进行监督，县政务公开办将依法依规处理。',
  '本办法自发布之日起施行，由县人力资源和社会保障局负责解释。',
  '对弄虚作假骗取补助资金的，一经查实，收回已发放资金，并依法追究相关人员责任。',
  '请符合条件的群众在规定时间内携带相关材料到所在村（社区）申报，逾期不予受理。',
  '县直各部门要按季度公开经常性工作，一次性工作随时公开，热点问题及时公开。',
  '评审委员会由县直相关部门、人大代表、政协委员和群众代表共九人组成。',
  '缴费标准为每人每年三百八十元，可通过银行网点、手机银行或村级代办点缴纳。',
  '项目总投资一千二百万元，计划于年底前完成主体工程，目前已完成投资的百分之六十五。',
];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const int = (rnd: () => number, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));

function isoDay(base: number, offsetDays: number): string {
  return new Date(base + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** 600–1000 characters of the HTML the publisher produces from Markdown. */
function body(rnd: () => number, town: string): string {
  const target = int(rnd, 600, 1000);
  let html = '';
  let section = 0;
  while (html.length < target) {
    const r = rnd();
    if (r < 0.12) html += `<h2>${['一', '二', '三', '四', '五', '六'][section++ % 6]}、${pick(rnd, TOPICS)}</h2>`;
    else if (r < 0.22)
      html += `<ul><li>${town}${pick(rnd, ['便民服务中心', '综合文化站', '卫生院'])}</li><li>${pick(rnd, SENTENCES)}</li></ul>`;
    else html += `<p>${pick(rnd, SENTENCES)}${pick(rnd, SENTENCES)}</p>`;
  }
  return html.slice(0, target);
}

/** `count` items with ids `bench-00001`…, the same on every run for the same seed. */
export function generateItems(count: number, seed = 20261120): Item[] {
  const rnd = seededRandom(seed);
  const base = Date.parse('2025-01-01T00:00:00Z');
  const items: Item[] = [];
  for (let i = 1; i <= count; i++) {
    const department = pick(rnd, DEPARTMENTS);
    const town = pick(rnd, TOWNS);
    const topic = pick(rnd, TOPICS);
    const title = `${pick(rnd, PERIODS)}${topic}${pick(rnd, SUFFIXES)}`;
    const day = int(rnd, 0, 700);
    const publishedAt = isoDay(base, day);
    const html = body(rnd, town);
    const common = {
      id: `bench-${String(i).padStart(5, '0')}`,
      rev: 1,
      channel: 'public' as const,
      category: pick(rnd, PUBLIC_CATEGORIES),
      cadence: pick(rnd, CADENCES),
      title,
      summary: `${town}${topic}的有关情况。${pick(rnd, SENTENCES)}`,
      department,
      bodyHtml: html,
      publishedAt,
      attachments: [],
      search: searchKeys(`${title} ${department}`),
    };
    const r = rnd();
    if (r < 0.15) {
      const type = pick(rnd, ['decision', 'execution', 'emergency'] as const);
      items.push({
        ...common,
        kind: 'notice',
        notice: {
          type,
          periodStart: publishedAt,
          periodEnd: isoDay(base, day + (type === 'decision' ? 28 : type === 'execution' ? 10 : 3)),
          basis: {
            cause: `为做好${topic}工作，${pick(rnd, SENTENCES)}`,
            time: `${publishedAt}起`,
            place: `${town}全域`,
            scope: `${town}辖区内居民和相关单位`,
          },
          impact: pick(rnd, SENTENCES),
          measures: `${pick(rnd, SENTENCES)}${pick(rnd, SENTENCES)}`,
        },
      });
    } else if (r < 0.2) {
      items.push({
        ...common,
        kind: 'hearing',
        hearing: {
          matter: `关于${topic}的听证`,
          startsAt: `${isoDay(base, day + 7)}T09:00:00+08:00`,
          place: `${town}人民政府三楼会议室`,
          noticeDate: publishedAt,
          howToJoin: `有意参加者请于听证会前三个工作日到${department}报名，${pick(rnd, SENTENCES)}`,
        },
      });
    } else if (r < 0.3) items.push({ ...common, kind: 'bulletin' });
    else items.push({ ...common, kind: 'disclosure' });
  }
  return items;
}
