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
  // A constructed stylesheet, not a <style> tag: the app's Content-Security-Policy allows no inline styles.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('* { content-visibility: visible !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
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

declare global {
  interface Window {
    /** Colour arithmetic in the page (WCAG 2 relative luminance), installed by colourTools(). */
    __colour?: {
      /** The colour seen at `el`: its background (or `fg`, text drawn on it) over every layer below, opacity included. */
      seen(el: Element, fg?: string): [number, number, number];
      ratio(a: number[], b: number[]): number;
      rgb(c: number[]): string;
    };
  }
}

/**
 * Installs window.__colour: what colour a person actually sees at an element,
 * composited from the page down through every ancestor's background and
 * opacity (a faded disabled button counts as faded), and the contrast ratio.
 */
export async function colourTools(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__colour) return;
    type C = [number, number, number, number];
    const parse = (c: string): C => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (c: C, below: number[]): [number, number, number] =>
      [0, 1, 2].map((i) => c[i]! * c[3] + below[i]! * (1 - c[3])) as [number, number, number];
    const mix = (a: number[], b: number[], o: number): [number, number, number] =>
      [0, 1, 2].map((i) => a[i]! * o + b[i]! * (1 - o)) as [number, number, number];
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    window.__colour = {
      seen(el, fg) {
        const chain: Element[] = [];
        for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
        // Each ancestor paints its background, then its subtree is blended with what is below by its opacity.
        const paint = (i: number, below: [number, number, number]): [number, number, number] => {
          if (i === chain.length) return fg ? over(parse(fg), below) : below;
          const s = getComputedStyle(chain[i]!);
          return mix(paint(i + 1, over(parse(s.backgroundColor), below)), below, Number(s.opacity));
        };
        return paint(0, [255, 255, 255]);
      },
      ratio(a, b) {
        const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (l1! + 0.05) / (l2! + 0.05);
      },
      rgb: (c) => `rgb(${c.map(Math.round).join(',')})`,
    };
  });
}

/**
 * Every visible text's contrast against the colour behind it, computed from
 * the styles (WCAG 2 relative luminance, opacity included); returns those
 * under `min`. Whatever state the screen is in is measured: disabled and
 * pressed buttons, error messages, the focused control.
 */
export async function lowContrast(page: Page, min: number): Promise<string[]> {
  await layOutEverything(page);
  await colourTools(page);
  return page.evaluate((min) => {
    const { seen, ratio, rgb } = window.__colour!;
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const done = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || done.has(el) || !n.textContent?.trim()) continue;
      done.add(el);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || el.closest('[aria-hidden="true"], svg')) continue;
      const bg = seen(el);
      const fg = seen(el, style.color);
      const r = ratio(fg, bg);
      if (r < min) bad.push(`${r.toFixed(2)}:1 "${n.textContent.trim().slice(0, 20)}" (${rgb(fg)} on ${rgb(bg)})`);
    }
    return bad;
  }, min);
}

/**
 * Non-text contrast (WCAG 1.4.11): the edge of every visible text field and
 * list box against the colour around it; returns those under `min`.
 */
export async function lowFieldEdges(page: Page, min: number): Promise<string[]> {
  await layOutEverything(page);
  await colourTools(page);
  return page.evaluate((min) => {
    const { seen, ratio, rgb } = window.__colour!;
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('input:not([type="radio"]):not([type="checkbox"]), textarea, select')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const around = el.parentElement ? seen(el.parentElement) : [255, 255, 255];
      const s = getComputedStyle(el);
      const edge = Number.parseFloat(s.borderTopWidth) > 0 ? seen(el, s.borderTopColor) : seen(el);
      const r = ratio(edge, around);
      if (r < min) bad.push(`${r.toFixed(2)}:1 edge of ${el.tagName.toLowerCase()}#${el.id} (${rgb(edge)} on ${rgb(around)})`);
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
      // A tap on an input's label works the input (a radio's whole card): the target is the larger of the two.
      const labels = el instanceof HTMLInputElement ? [...(el.labels ?? [])] : [];
      const box = [el, ...labels].map((e) => e.getBoundingClientRect()).reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
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
