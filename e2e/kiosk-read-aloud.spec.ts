/**
 * 朗读 (issue #6). Headless Chromium has no voices: the button says so. A
 * device with a Chinese voice is simulated by an init script that gives
 * speechSynthesis one zh-CN voice and records what it is asked to say, firing
 * start and end like a real engine: this tests our code, not the browser's TTS.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { intakeFeedItems } from './support/forms.ts';
import { openDemo, publishDemo } from './support/kiosk.ts';
import { publishContent, QUESTIONNAIRE_ID, questionnaireContent } from './support/questionnaire.ts';

declare global {
  interface Window {
    __spoken: { text: string; lang: string; voice: string; rate: number }[];
    __speakNext: () => void;
  }
}

test('without a Chinese voice the button says so instead of failing silently', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  await page.goto(`${hub.url}/k/item/org-zwgk-office`);
  await expect(page.getByRole('button', { name: '本机没有中文语音,无法朗读' })).toBeVisible();
  await expect(page.getByRole('button', { name: '本机没有中文语音,无法朗读' })).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'No Chinese voice on this device: cannot read aloud' })).toBeVisible();
});

test('with a zh-CN voice the item is read sentence by sentence, the sentence being read is highlighted', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await fakeChineseVoice(page);
  await openDemo(page, hub.url);
  await page.goto(`${hub.url}/k/item/reg-preview`);
  const button = page.getByRole('button', { name: '朗读' });
  await button.click();
  await expect(page.getByRole('button', { name: '停止朗读' })).toHaveAttribute('aria-pressed', 'true');

  const spoken = await page.evaluate(() => window.__spoken);
  expect(spoken[0]!.text).toBe('政务公开预审制度');
  expect(spoken.every((s) => s.lang === 'zh-CN' && s.voice === '测试中文语音' && s.rate < 1)).toBe(true);
  // The body's sentences, each once, in order; no button labels or QR captions.
  const body = spoken.map((s) => s.text);
  expect(body).toContain('第三条 未经预审小组审查通过的政务公开内容不得对外公开。');
  expect(body.join('')).not.toContain('扫码在手机上查看');
  expect(body.join('')).not.toContain('停止朗读');
  expect(new Set(body).size).toBeGreaterThan(5);

  const highlighted = () => page.evaluate(() => String([...(CSS.highlights.get('read-aloud') ?? [])][0] ?? ''));
  await expect.poll(highlighted).toBe(spoken[0]!.text);
  await page.evaluate(() => window.__speakNext());
  await expect.poll(highlighted).toBe(spoken[1]!.text);
  await expect(page.getByTestId('read-aloud')).toHaveAttribute('data-sentence', '1');

  // Stop: silence, no highlight, the button reads 朗读 again.
  await page.getByRole('button', { name: '停止朗读' }).click();
  await expect(button).toBeVisible();
  expect(await highlighted()).toBe('');
  // Leaving the item stops a reading that is going on.
  await button.click();
  await page.getByRole('button', { name: '首页' }).click();
  expect(await highlighted()).toBe('');
});

/** A device with one zh-CN voice: speechSynthesis records what it is asked to say and fires start and end like a real engine. */
async function fakeChineseVoice(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__spoken = [];
    const queue: SpeechSynthesisUtterance[] = [];
    const voice = { name: '测试中文语音', lang: 'zh-CN', default: true, localService: true, voiceURI: 'test-zh' };
    class FakeUtterance extends EventTarget {
      text: string;
      lang = '';
      voice: unknown = null;
      rate = 1;
      onstart: (() => void) | null = null;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text: string) {
        super();
        this.text = text;
      }
    }
    // The test says when the engine moves on, so it can look at each sentence.
    window.__speakNext = () => {
      const u = queue.shift();
      u?.onend?.(null as never);
      queue[0]?.onstart?.(null as never);
    };
    const synth = {
      getVoices: () => [voice],
      speak(u: SpeechSynthesisUtterance) {
        window.__spoken.push({ text: u.text, lang: u.lang, voice: (u.voice as { name: string } | null)?.name ?? '', rate: u.rate });
        queue.push(u);
        if (queue.length === 1) setTimeout(() => u.onstart?.(null as never), 0);
      },
      cancel() {
        queue.length = 0;
      },
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance });
  });
}

const highlighted = (page: Page) => page.evaluate(() => String([...(CSS.highlights.get('read-aloud') ?? [])][0] ?? ''));

test('朗读 on the complaint form reads its questions, hints and choices, the sentence being read highlighted', async ({
  page,
  feed,
  hub,
}) => {
  await feed.publish(intakeFeedItems());
  await fakeChineseVoice(page);
  await page.goto(`${hub.url}/k/complaint?config=default`);
  await expect(page.getByRole('heading', { name: '我要投诉' })).toBeVisible();
  await page.getByRole('button', { name: '朗读' }).click();
  await expect(page.getByRole('button', { name: '停止朗读' })).toHaveAttribute('aria-pressed', 'true');
  const spoken = (await page.evaluate(() => window.__spoken)).map((s) => s.text);
  expect(spoken[0]).toBe('县政务公开办受理对各乡镇、县直各部门及其工作人员的投诉(《政务公开投诉制度》第二条)。');
  // Each question with its hint, the choices, in the order on screen; not the buttons, not the list of departments.
  for (const question of ['投诉事项属于哪一类', '被投诉的单位', '事情经过', '发生时间', '是否留下姓名', '实名投诉'])
    expect(
      spoken.some((t) => t.startsWith(question)),
      question,
    ).toBe(true);
  expect(spoken.join('')).toContain('按《政务公开投诉制度》第三条,选最接近的一项');
  expect(spoken.indexOf('投诉事项属于哪一类 必填') < spoken.findIndex((t) => t.startsWith('事情经过'))).toBe(true);
  for (const not of ['下一步:核对', '在手机上继续', '县医疗保障局', '请选择']) expect(spoken.join(''), not).not.toContain(not);
  await expect.poll(() => highlighted(page)).toBe(spoken[0]);
  await page.evaluate(() => window.__speakNext());
  await expect.poll(() => highlighted(page)).toBe(spoken[1]);
  // 停止朗读 ends the reading and the highlight.
  await page.getByRole('button', { name: '停止朗读' }).click();
  expect(await highlighted(page)).toBe('');
});

test('朗读 on a questionnaire question reads that question and its choices only', async ({ page, feed, hub }) => {
  await publishContent(await questionnaireContent(), feed);
  await fakeChineseVoice(page);
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}?config=default`);
  await page.getByRole('button', { name: '开始填写' }).click();
  const identity = page.getByRole('group', { name: /您的身份/ });
  await identity.getByRole('button', { name: '朗读' }).click();
  await expect(identity.getByRole('button', { name: '停止朗读' })).toHaveAttribute('aria-pressed', 'true');
  const spoken = (await page.evaluate(() => window.__spoken)).map((s) => s.text);
  expect(spoken[0]).toBe('您的身份');
  expect(spoken).toContain('城镇居民');
  expect(spoken).toContain('农村居民');
  expect(spoken.join('')).not.toContain('您常住的乡镇');
  await expect.poll(() => highlighted(page)).toBe('您的身份');
  // Another question's 朗读 takes over: the first button goes back to 朗读, the new question is read.
  const township = page.getByRole('group', { name: /您常住的乡镇/ });
  await township.getByRole('button', { name: '朗读' }).click();
  await expect(identity.getByRole('button', { name: '朗读' })).toBeVisible();
  await expect.poll(() => highlighted(page)).toBe('您常住的乡镇');
});

test('without a Chinese voice, the form and the questionnaire say so on the 朗读 button', async ({ page, feed, hub }) => {
  await feed.publish(intakeFeedItems());
  await publishContent(await questionnaireContent(), feed);
  await page.goto(`${hub.url}/k/complaint?config=default`);
  await expect(page.getByRole('button', { name: '本机没有中文语音,无法朗读' })).toHaveAttribute('aria-disabled', 'true');
  await page.goto(`${hub.url}/k/survey/${QUESTIONNAIRE_ID}`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await expect(page.getByRole('group', { name: /您的身份/ }).getByRole('button', { name: '本机没有中文语音,无法朗读' })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
});
