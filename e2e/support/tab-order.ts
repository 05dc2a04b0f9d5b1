/**
 * What a keyboard user notices on a screen (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7,
 * 1.4.11): Tab reaches every control in reading order, round and round with
 * no trap, Shift+Tab goes back the same way, and the focused control is
 * visibly marked by a ring of ≥ 3:1 against what is around it.
 *
 *   await expectKeyboardScreen(page, 'home');
 *   await tabTo(page, /办事指南/); await page.keyboard.press('Enter');
 */
import { expect, type Page } from '@playwright/test';
import { colourTools } from './kiosk.ts';

declare global {
  interface Window {
    __tab?: { controls: Element[]; rest: { outline: string; shadow: string; border: string; background: string }[] };
  }
}

export interface Stop {
  /** Index among the screen's controls (document order), -1 for anything else (e.g. <body>). */
  index: number;
  what: string;
  /** How the focused control differs from its look at rest; empty when it does not. */
  change: string;
  /** Contrast of the focus ring against what is around it (0 without a ring). */
  ring: number;
  /** Contrast of the focused control's own text against its background (0 without text). */
  text: number;
}

export interface TabReport {
  /** Every control a person can see on the screen, in document order (radio groups once). */
  controls: string[];
  /** What Tab went through, once round. */
  forward: Stop[];
  /** What Shift+Tab went through from the end, once round. */
  backward: Stop[];
}

/**
 * Marks the screen's controls: every visible button, link, field, list box,
 * summary or element with tabindex ≥ 0 that is not disabled; while a modal
 * dialog is open, only those in it. Radio buttons of one group count once
 * (Tab stops at the group; the arrow keys move in it).
 */
async function markControls(page: Page): Promise<string[]> {
  // Nothing focused, and whatever that put away (the on-screen keyboard) gone.
  // (In a modal dialog the focus stays: it is already where a keyboard user is.)
  await page.evaluate(() => {
    if (!document.querySelector('[aria-modal="true"]')) (document.activeElement as HTMLElement | null)?.blur();
  });
  await page.waitForFunction(() => !document.documentElement.classList.contains('keyboard-open'));
  return page.evaluate(() => {
    const modal = [...document.querySelectorAll('[aria-modal="true"]')].at(-1);
    const scope = modal ?? document.body;
    const all = [
      ...scope.querySelectorAll<HTMLElement>(
        'button, a[href], input, select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]',
      ),
    ];
    const groups = new Set<string>();
    const controls = all.filter((el) => {
      const s = getComputedStyle(el);
      // checkVisibility: not inside a closed <details> or anything else not rendered.
      if (!el.checkVisibility({ visibilityProperty: true }) || s.visibility === 'hidden' || el.closest('[inert], [aria-hidden="true"]'))
        return false;
      if ((el as HTMLButtonElement).disabled) return false;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (groups.has(el.name)) return false;
        groups.add(el.name);
      }
      return true;
    });
    // The look at rest of a control that has the focus now (in a dialog): taken with the focus away for a moment.
    const had = document.activeElement as HTMLElement | null;
    had?.blur();
    const rest = controls.map((el) => {
      const s = getComputedStyle(el);
      const label = el.closest('label');
      const l = label ? getComputedStyle(label) : undefined;
      return {
        outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${l?.outlineStyle ?? ''} ${l?.outlineWidth ?? ''}`,
        shadow: s.boxShadow,
        border: s.borderTopColor,
        background: s.backgroundColor,
      };
    });
    had?.focus();
    window.__tab = { controls, rest };
    return controls.map((el) => nameOf(el));
    function nameOf(el: Element): string {
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      const kind =
        el instanceof HTMLInputElement ? `input[${el.type}${el.type === 'radio' ? ` ${el.name}` : ''}]` : el.tagName.toLowerCase();
      return `${kind}${el.id ? `#${el.id}` : ''} "${name || (el as HTMLInputElement).labels?.[0]?.textContent?.trim().slice(0, 30) || ''}"`;
    }
  });
}

/** The focused element, measured: which control, whether it looks focused, the ring's contrast. */
async function focused(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const { controls, rest } = window.__tab!;
    const c = window.__colour!;
    let el = document.activeElement;
    // Radio buttons: the group is the stop.
    const index = (() => {
      const i = controls.indexOf(el as Element);
      if (i >= 0 || !(el instanceof HTMLInputElement) || el.type !== 'radio') return i;
      return controls.findIndex((x) => x instanceof HTMLInputElement && x.type === 'radio' && x.name === (el as HTMLInputElement).name);
    })();
    const what = el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"` : 'nothing';
    if (!el || index < 0) return { index, what, change: '', ring: 0, text: 0 };
    const before = rest[index]!;
    // A radio button or checkbox shows its ring on the choice (label) around it.
    const label = el.closest('label');
    const s = getComputedStyle(el);
    const l = label ? getComputedStyle(label) : undefined;
    const now = {
      outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${l?.outlineStyle ?? ''} ${l?.outlineWidth ?? ''}`,
      shadow: s.boxShadow,
      border: s.borderTopColor,
      background: s.backgroundColor,
    };
    const change = (Object.keys(now) as (keyof typeof now)[])
      .filter((k) => now[k] !== before[k])
      .map((k) => `${k}: ${now[k]}`)
      .join('; ');
    // The ring: an outline on the control or on its label, drawn outside (against the parent) or inside (against the control).
    const ringed = [el, label].find(
      (x): x is Element => !!x && getComputedStyle(x).outlineStyle !== 'none' && Number.parseFloat(getComputedStyle(x).outlineWidth) >= 2,
    );
    let ring = 0;
    if (ringed) {
      const r = getComputedStyle(ringed);
      const inside = Number.parseFloat(r.outlineOffset) < 0;
      const around = inside ? c.seen(ringed) : c.seen(ringed.parentElement ?? ringed);
      ring = c.ratio(c.seen(inside ? ringed : (ringed.parentElement ?? ringed), r.outlineColor), around);
    }
    const hasText = (el.textContent ?? '').trim().length > 0 && !(el instanceof HTMLSelectElement);
    const text = hasText ? c.ratio(c.seen(el, s.color), c.seen(el)) : 0;
    el = null;
    return { index, what, change, ring, text };
  });
}

/**
 * Tabs once round the screen forward and once backward and reports what it
 * met. Starts from nothing focused; a cycle ends when the first control is
 * reached again (at most `controls + 5` presses: the page's end and the
 * browser's own stop are allowed for).
 */
export async function tabOrder(page: Page): Promise<TabReport> {
  await colourTools(page);
  const controls = await markControls(page);
  const round = async (key: 'Tab' | 'Shift+Tab'): Promise<Stop[]> => {
    const stops: Stop[] = [];
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press(key);
      const stop = await focused(page);
      if (stops.length > 0 && stop.index >= 0 && stop.index === stops.find((s) => s.index >= 0)?.index) break;
      stops.push(stop);
    }
    return stops;
  };
  const forward = await round('Tab');
  const backward = await round('Shift+Tab');
  return { controls, forward, backward };
}

/**
 * Every control on the screen is reached by Tab in document (reading) order
 * and by Shift+Tab in the reverse order, Tab comes round to the start (no
 * trap), and each control, when focused, shows a ring that differs from its
 * look at rest with ≥ 3:1 against what is around it, and keeps its text at
 * `textMin`. Returns the report for more checks.
 */
export async function expectKeyboardScreen(page: Page, screen: string, o: { textMin?: number } = {}): Promise<TabReport> {
  const report = await tabOrder(page);
  const { controls, forward, backward } = report;
  expect(controls.length, `${screen}: controls on screen`).toBeGreaterThan(0);
  // One round may start anywhere (where the focus last was): seen from the first control on.
  const fromFirst = (xs: number[]) => {
    const at = Math.max(0, xs.indexOf(0));
    return [...xs.slice(at), ...xs.slice(0, at)];
  };
  const reached = fromFirst(forward.filter((s) => s.index >= 0).map((s) => s.index));
  const missed = controls.filter((_, i) => !reached.includes(i));
  expect(missed, `${screen}: controls Tab never reaches`).toEqual([]);
  // Reading order: each stop comes after the one before (no positive tabindex, no jumps), once each; and round again (no trap).
  expect(reached, `${screen}: Tab order`).toEqual(controls.map((_, i) => i));
  // Shift+Tab goes back through the same controls in reverse.
  const back = fromFirst(
    backward
      .filter((s) => s.index >= 0)
      .map((s) => s.index)
      .reverse(),
  );
  expect(back, `${screen}: Shift+Tab order, reversed`).toEqual(reached);
  const unseen = forward
    .filter((s) => s.index >= 0 && (!s.change || s.ring < 3))
    .map((s) => `${controls[s.index]} (${s.change || 'no change'}, ring ${s.ring.toFixed(2)}:1)`);
  expect(unseen, `${screen}: focus not visible (a ring ≥ 3:1 that differs from the look at rest)`).toEqual([]);
  if (o.textMin) {
    const min = o.textMin;
    const dim = forward.filter((s) => s.index >= 0 && s.text > 0 && s.text < min).map((s) => `${controls[s.index]} ${s.text.toFixed(2)}:1`);
    expect(dim, `${screen}: text of the focused control under ${min}:1`).toEqual([]);
  }
  return report;
}

/** What a person reads as the focused control's name: its aria-label, its text, its label (icons left out). */
async function focusedName(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return [];
    const text = (e: Element | null | undefined) => {
      if (!e) return '';
      const copy = e.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    const labelledBy = el.getAttribute('aria-labelledby');
    return [
      el.getAttribute('aria-label') ?? '',
      text(el),
      text((el as HTMLInputElement).labels?.[0] ?? el.closest('label')),
      labelledBy
        ? labelledBy
            .split(' ')
            .map((id) => text(document.getElementById(id)))
            .join(' ')
        : '',
    ].filter(Boolean);
  });
}

const matches = (names: string[], name: string | RegExp) => names.some((n) => (typeof name === 'string' ? n.includes(name) : name.test(n)));

/** Presses Tab (or Shift+Tab) until the focused control's name matches `name`: the keyboard only. */
export async function tabTo(page: Page, name: string | RegExp, o: { max?: number; back?: boolean; timeout?: number } = {}): Promise<void> {
  const max = o.max ?? 80;
  // A screen still drawing (content from IndexedDB, on a busy machine) may not have the control yet:
  // go round again until it is there, for up to `timeout` ms of real time.
  const until = Date.now() + (o.timeout ?? 20_000);
  do {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
      if (matches(await focusedName(page), name)) return;
    }
    await page.waitForTimeout(200);
  } while (Date.now() < until);
  throw new Error(`Tab never reached "${name}" in ${max} presses, going round until ${o.timeout ?? 20_000} ms had passed`);
}

/** In a radio group that has the focus, presses ArrowDown until the choice `name` is focused (and so chosen). */
export async function arrowTo(page: Page, name: string | RegExp, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (matches(await focusedName(page), name)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the arrow keys never reached "${name}"`);
}

/** In a focused list box (<select>), presses ArrowDown until the option `text` is selected. */
export async function selectByKeys(page: Page, text: string, max = 40): Promise<void> {
  // The options may still be loading (a kiosk's departments follow its synced head): try again until they are there.
  const until = Date.now() + 20_000;
  do {
    for (let i = 0; i < max; i++) {
      const now = await page.evaluate(() => {
        const s = document.activeElement as HTMLSelectElement;
        return s.selectedOptions[0]?.text ?? '';
      });
      if (now === text) return;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Home');
    await page.waitForTimeout(200);
  } while (Date.now() < until);
  throw new Error(`the arrow keys never selected "${text}"`);
}

/** The focused element's tag and text (for where focus lands after a change of screen). */
export async function focusedElement(page: Page): Promise<{ tag: string; text: string; inMain: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim(), inMain: !!el?.closest('main') };
  });
}
