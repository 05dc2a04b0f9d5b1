/**
 * 《政务公开评议制度》: each township and department is evaluated (第二条) by questionnaire and by a
 * panel of representatives (第四条), and told its own result (第六条). A result item with per-unit
 * counts and the office's 代表评议 is drawn on the kiosk and on a phone.
 */
import type { Item } from '../src/contract/feed.ts';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';

const result = (): Item =>
  disclosure('township-eval-2026-result', {
    kind: 'result',
    category: 'other-public',
    cadence: 'one-off',
    title: '关于2026年度乡镇政务公开评议结果的通报',
    department: '县政务公开办',
    bodyHtml: '<p>现将各乡镇、部门的评议结果通报如下,请各单位对照整改。</p>',
    result: {
      questionnaire: 'township-eval-2026',
      rev: 1,
      opensOn: '2026-11-01',
      closesOn: '2026-11-30',
      n: 3,
      questions: [{ name: 'overall', title: '总体满意程度', n: 3, type: 'rating', min: 1, max: 5, counts: [0, 1, 1, 0, 1], mean: 3.33 }],
      units: [
        {
          name: '草市镇人民政府',
          n: 2,
          questions: [{ name: 'overall', title: '总体满意程度', n: 2, type: 'rating', min: 1, max: 5, counts: [0, 0, 1, 0, 1], mean: 4 }],
        },
        {
          name: '南口前镇人民政府',
          n: 1,
          questions: [{ name: 'overall', title: '总体满意程度', n: 1, type: 'rating', min: 1, max: 5, counts: [0, 1, 0, 0, 0], mean: 2 }],
        },
      ],
      representative: {
        panel: '特邀监督员 3 人、人大代表 2 人、政协委员 2 人、群众代表 4 人',
        heldOn: '2026-12-03',
        units: [
          { name: '草市镇人民政府', grade: '满意', note: '公开及时,内容具体' },
          { name: '南口前镇人民政府', grade: '基本满意', note: '低保名单公示期偏短' },
        ],
      },
    },
  } as Partial<Item>);

test('a result by unit and the representatives’ evaluation show on the kiosk and on a phone', async ({ page, browser, feed, hub }) => {
  await feed.publish([result()]);
  await page.goto(`${hub.url}/k/item/township-eval-2026-result`);
  const units = page.getByTestId('result-units');
  await expect(units.getByRole('row', { name: /草市镇人民政府/ })).toContainText('2');
  await expect(units.getByRole('row', { name: /草市镇人民政府/ })).toContainText('4');
  await expect(units.getByRole('row', { name: /南口前镇人民政府/ })).toContainText('2');
  const rep = page.getByTestId('result-representative');
  await expect(rep).toContainText('特邀监督员 3 人、人大代表 2 人、政协委员 2 人、群众代表 4 人');
  await expect(rep.getByRole('row', { name: /南口前镇人民政府/ })).toContainText('基本满意');
  await expect(rep.getByRole('row', { name: /南口前镇人民政府/ })).toContainText('低保名单公示期偏短');
  await units.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/kiosk-result-by-unit.png' });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
  const p = await phone.newPage();
  await p.goto(`${hub.url}/m/item/township-eval-2026-result`);
  await expect(p.getByTestId('result-representative').getByRole('row', { name: /草市镇人民政府/ })).toContainText('满意');
  await p.getByTestId('result-units').scrollIntoViewIfNeeded();
  await p.screenshot({ path: 'docs/screenshots/phone-result-by-unit.png' });
  await phone.close();
});
