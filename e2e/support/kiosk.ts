/** Helpers for the kiosk accessibility specs: the demo county's content, screens, and measurements. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { publish } from '../../hub/publish/index.ts';
import type { TestFeed } from './feed.ts';
import { ROOT } from './hub.ts';

/** The demo's notices and hearings run in late 2026: the kiosk is looked at on a day inside their period. */
export const DEMO_NOW = new Date('2026-11-28T10:00:00+08:00');

export async function publishDemo(feed: TestFeed): Promise<void> {
  const r = await publish({ contentDir: `${ROOT}/content`, feedDir: feed.dir, key: feed.key, feedId: 'test-county' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
}

/** Opens the kiosk on the demo content, with the clock fixed to DEMO_NOW. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.clock.setFixedTime(DEMO_NOW);
  await page.goto(`${url}/?config=default`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
}

/**
 * Off-screen parts of long pages skip layout (content-visibility: auto, for
 * speed); for measuring every element they are laid out like the rest.
 */
export async function layOutEverything(page: Page): Promise<void> {
  await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
}

/** axe-core with the WCAG 2.x A and AA rules; returns the violations, described for a failure message. */
export async function axeViolations(page: Page): Promise<string[]> {
  await layOutEverything(page);
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return r.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(' | ')}`,
  );
}

/**
 * Every visible text's contrast against the colour behind it, computed from
 * the styles (WCAG 2 relative luminance); returns those under `min`.
 */
export async function lowContrast(page: Page, min: number): Promise<string[]> {
  await layOutEverything(page);
  return page.evaluate((min) => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      // Layers from the element down to the page, composited (semi-transparent overlays included).
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let out = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse())
        out = [r! * a! + out[0]! * (1 - a!), g! * a! + out[1]! * (1 - a!), b! * a! + out[2]! * (1 - a!)];
      return out;
    };
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || el.closest('[aria-hidden="true"], svg')) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const fgMixed = [0, 1, 2].map((i) => fg[i]! * fg[3] + bg[i]! * (1 - fg[3]));
      const [l1, l2] = [lum(fgMixed), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      if (ratio < min)
        bad.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 20)}" (${style.color} on rgb(${bg.map(Math.round).join(',')}))`);
    }
    return bad;
  }, min);
}

/** Visible controls smaller than `min` × `min` CSS pixels. */
export async function smallTargets(page: Page, min: number): Promise<string[]> {
  await layOutEverything(page);
  return page.evaluate((min) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [role="button"]')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (box.width < min - 0.5 || box.height < min - 0.5)
        out.push(
          `${Math.round(box.width)}×${Math.round(box.height)} ${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}"`,
        );
    }
    return out;
  }, min);
}

/** Elements with text whose line height is under `min` × their font size. */
export async function tightLines(page: Page, min: number): Promise<string[]> {
  await layOutEverything(page);
  return page.evaluate((min) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim() || el.closest('[aria-hidden="true"]')) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      const size = Number.parseFloat(s.fontSize);
      const lh = s.lineHeight === 'normal' ? size * 1.2 : Number.parseFloat(s.lineHeight);
      if (lh / size < min - 0.001) out.push(`${(lh / size).toFixed(2)} "${n.textContent.trim().slice(0, 20)}"`);
    }
    return out;
  }, min);
}
