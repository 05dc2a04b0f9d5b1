/** Message catalogues; every visible string goes through `t`. */
import { en } from './en.ts';
import { type MessageKey, zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

let locale: Locale = 'zh-CN';
export function setLocale(l: Locale): void {
  locale = l;
  document.documentElement.lang = l;
}
export function getLocale(): Locale {
  return locale;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[locale][key] ?? zhCN[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}

export type { MessageKey };
