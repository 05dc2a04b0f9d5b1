/**
 * What a citizen chose for themselves on this screen: language, text size,
 * age-friendly mode (适老模式). Kept in memory only and reset with the session:
 * the next person starts from the device's defaults.
 */
import { useEffect, useState } from 'preact/hooks';
import { onSessionReset } from '../../device/session.ts';
import { getLocale, hasLocale, type Locale, loadLocale, setLocale } from '../i18n/index.ts';

/**
 * Text size steps for body text: 26 px (19.5 pt), 32 px (24 pt), 40 px (30 pt),
 * 52 px (39 pt, twice the default: WCAG 1.4.4 without page zoom, which a
 * public screen locks).
 */
export const TEXT_SIZES = [0, 1, 2, 3] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export interface Prefs {
  locale: Locale;
  size: TextSize;
  /** 适老模式: larger text and targets, high contrast (≥ 7:1), looser lines. */
  elder: boolean;
}

let defaults: Prefs = { locale: 'zh-CN', size: 0, elder: false };
let current: Prefs = defaults;
const listeners = new Set<(p: Prefs) => void>();

function apply(p: Prefs): void {
  const root = document.documentElement;
  root.dataset.size = String(p.size);
  root.classList.toggle('elder', p.elder);
  if (getLocale() !== p.locale) setLocale(p.locale);
}

export function prefs(): Prefs {
  return current;
}

export function setPrefs(patch: Partial<Prefs>): void {
  const { locale } = patch;
  // A language is switched to once its catalogue is here (English loads on first use).
  if (locale && !hasLocale(locale)) {
    void loadLocale(locale).then(() => setPrefs(patch));
    return;
  }
  const next = { ...current, ...patch };
  // Turning age-friendly mode on also steps the text up once; the person can still choose.
  if (patch.elder && !current.elder && next.size === 0 && patch.size === undefined) next.size = 1;
  current = next;
  apply(current);
  for (const fn of listeners) fn(current);
}

export function subscribePrefs(fn: (p: Prefs) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function usePrefs(): Prefs {
  const [p, setP] = useState(current);
  useEffect(() => subscribePrefs(setP), []);
  return p;
}

/** Only the language needs every screen drawn again; text size and 适老模式 are CSS on <html>. */
export function useLocale(): Locale {
  const [l, setL] = useState(current.locale);
  useEffect(() => subscribePrefs((p) => setL(p.locale)), []);
  return l;
}

/** Called once at boot with the device's configured language. */
export async function initPrefs(locale: Locale): Promise<void> {
  await loadLocale(locale);
  defaults = { locale, size: 0, elder: false };
  current = defaults;
  apply(current);
}

onSessionReset(() => setPrefs(defaults));
