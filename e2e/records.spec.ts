/**
 * Issue 16: the records the county's rules ask for, as a citizen meets them.
 * A 决策类 notice takes opinions through its period (告示制度 第七条) and they
 * reach the office sealed, like hearing opinions; a held hearing shows its
 * record — chair, recorder, minutes — and the outcome linked to it (听证制度
 * 第七条、第十一条、第十三条). Production build, service worker live, real hub.
 */
import type { Item } from '../src/contract/feed.ts';
import { disclosure, today } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { confirmAndSend, openInbox } from './support/forms.ts';

const decisionNotice: Item = {
  ...disclosure('notice-bus-plan', {
    title: '关于城区公交线路优化调整方案征求意见的告示',
    department: '县交通运输局',
    category: 'other-public',
  }),
  kind: 'notice',
  notice: {
    type: 'decision',
    periodStart: today(),
    periodEnd: today(40),
    basis: { cause: '新建小区入住,线路覆盖不足', time: '征求意见期间', place: '县城区', scope: '1路、2路沿线居民' },
    impact: '部分站点调整',
    measures: '请沿线居民在告示期内提出意见',
  },
} as Item;

const heldAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
const heldHearing: Item = {
  ...disclosure('hearing-heating', { title: '城区居民供暖价格调整听证会', department: '县发展和改革局', category: 'other-public' }),
  kind: 'hearing',
  hearing: {
    matter: '城区居民供暖价格调整方案',
    startsAt: heldAt,
    place: '县政务服务中心三楼会议室',
    noticeDate: today(-12),
    howToJoin: '持身份证到县发改局报名',
    record: {
      heldAt,
      chair: '县发改局副局长 王某某',
      recorder: '县发改局 李某某',
      minutes: '到会听证代表 18 人。\n多数代表同意分两档调整,建议对低保户减免。',
      agreed: true,
      outcome: { text: '按第二档方案执行,低保户减免 30%。', item: 'heating-price-result' },
    },
  },
} as Item;

const outcome = disclosure('heating-price-result', {
  title: '关于城区居民供暖价格调整结果的公告',
  department: '县发展和改革局',
  category: 'other-public',
});

test.beforeEach(async ({ feed }) => {
  await feed.publish([decisionNotice, heldHearing, outcome]);
});

test('我要提意见 on a decision notice reaches the office sealed, like a hearing opinion', async ({ page, hub }) => {
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /关于城区公交线路优化调整方案征求意见的告示/ }).click();
  await page.getByRole('button', { name: '我要提意见' }).click();
  await expect(page.getByRole('heading', { name: '我要提意见' })).toBeVisible();
  await expect(page.getByText(/决策类告示在告示期内征求群众意见/)).toContainText('告示制度》第七条');
  await page.getByLabel('您的意见和建议').fill('建议在新建小区门口增设2路站点');
  const code = await confirmAndSend(page);
  await expect(page.getByTestId('delivery-state')).toContainText('已送达');
  const opened = (await openInbox(hub)).find((o) => o.submission.trackingCode === code)!;
  expect(opened.submission.kind).toBe('notice-opinion');
  expect(opened.submission.subject).toBe('notice-bus-plan');
  expect(opened.content).toMatchObject({
    kind: 'notice-opinion',
    opinion: '建议在新建小区门口增设2路站点',
    notice: { id: 'notice-bus-plan' },
  });
});

test('a held hearing shows its record and links its outcome, on the kiosk and on a phone', async ({ page, hub, browser }) => {
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '正在公示的告示' })).toBeVisible();
  await page.goto(`${hub.url}/k/item/hearing-heating`);
  const record = page.getByTestId('hearing-record');
  await expect(record.getByRole('heading', { name: '听证纪要' })).toBeVisible();
  await expect(record).toContainText('县发改局 李某某');
  await expect(record).toContainText('多数代表同意分两档调整');
  await expect(record).toContainText('按第二档方案执行,低保户减免 30%。');
  // The hearing is over: no more opinions on it.
  await expect(page.getByRole('button', { name: '对听证事项提意见' })).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/kiosk-hearing-record.png' });
  await record.getByRole('button', { name: '查看结果公告' }).click();
  await expect(page.getByRole('heading', { name: '关于城区居民供暖价格调整结果的公告' })).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const p = await phone.newPage();
  await p.goto(`${hub.url}/m/item/hearing-heating`);
  await expect(p.getByTestId('hearing-record')).toContainText('县发改局副局长 王某某');
  await p.screenshot({ path: 'docs/screenshots/phone-hearing-record.png', fullPage: true });
  await p.goto(`${hub.url}/m/item/notice-bus-plan`);
  await expect(p.getByRole('button', { name: '我要提意见' })).toBeVisible();
  await phone.close();
});
