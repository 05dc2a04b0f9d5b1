/**
 * The forms' own message catalogue, loaded with the form screens so the
 * kiosk's first screen does not carry it. Same rules as `t`.
 */
import { getLocale } from './index.ts';
import { intakeEn } from './intake-en.ts';
import { type IntakeMessageKey, intakeZhCN } from './intake-zh-CN.ts';

export function ti(key: IntakeMessageKey, params?: Record<string, string | number>): string {
  const text = (getLocale() === 'en' ? intakeEn[key] : undefined) ?? intakeZhCN[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}

export type { IntakeMessageKey };
