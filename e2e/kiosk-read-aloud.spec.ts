/**
 * 朗读 (issue #6). Headless Chromium has no voices: the button says so. A
 * device with a Chinese voice is simulated by an init script that gives
 * speechSynthesis one zh-CN voice and records what it is asked to say, firing
 * start and end like a real engine: this tests our code, not the browser's TTS.
 */
import { expect, test } from './support/fixtures.ts';
import { openDemo, publishDemo } from './support/kiosk.ts';

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
