/**
 * The wall board shows a QR code to each open questionnaire (issue 5), and a
 * passer-by answers it on a phone from that QR.
 */
import { boardConfig } from './support/board.ts';
import { expect, test } from './support/fixtures.ts';
import { decodeQrFromPng } from './support/qr.ts';
import { answerDemo, publishContent, QUESTIONNAIRE_ID, questionnaireContent } from './support/questionnaire.ts';

test.use({ viewport: { width: 1920, height: 1080 } });

test("an open questionnaire is on the board with a QR code; a phone answers it from the board's QR", async ({
  page,
  browser,
  feed,
  hub,
}) => {
  await boardConfig(hub);
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/board?config=board`);
  const slide = page.locator('.slide-survey');
  await expect(slide).toBeVisible();
  await expect(slide.getByText('群众评议 · 扫码填写问卷')).toBeVisible();
  const url = `${hub.url}/m/survey/${QUESTIONNAIRE_ID}`;
  // The QR code is drawn a moment after the slide; read it once it is there.
  await expect.poll(async () => decodeQrFromPng(await page.screenshot({ animations: 'disabled' }), 0.5)).toBe(url);

  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const phone = await ctx.newPage();
  await phone.goto(url);
  await answerDemo(phone, { identity: '城镇居民', channels: ['乡镇、部门政务公开栏'], overall: 4, areas: '满意' });
  await expect(phone.getByTestId('delivery-state')).toHaveText('答卷已送达县政务公开办。', { timeout: 20_000 });
  await ctx.close();
});
