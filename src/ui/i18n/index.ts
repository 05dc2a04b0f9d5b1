/**
 * Message catalogues; every visible string goes through `t`. Chinese is in
 * the first bundle; English loads when a device or a person switches to it.
 */
import { type MessageKey, zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
const catalogues: Partial<Record<Locale, Record<MessageKey, string>>> = { 'zh-CN': zhCN };

/** Loads a locale's catalogue (once); call before setLocale. */
export async function loadLocale(l: Locale): Promise<void> {
  if (l === 'en' && !catalogues.en) catalogues.en = (await import('./en.ts')).en;
}

export function hasLocale(l: Locale): boolean {
  return catalogues[l] !== undefined;
}

let locale: Locale = 'zh-CN';
export function setLocale(l: Locale): void {
  locale = catalogues[l] ? l : 'zh-CN';
  document.documentElement.lang = locale;
}
export function getLocale(): Locale {
  return locale;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[locale]?.[key] ?? zhCN[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}

export type { MessageKey };
