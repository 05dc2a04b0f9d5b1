/** Dates and sizes the way a county office writes them. */
import { chinaClock, chinaDate } from '../../../contract/china-time.ts';
import { getLocale } from '../../i18n/index.ts';

export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return getLocale() === 'en' ? iso.slice(0, 10) : `${y}年${m}月${d}日`;
}

/** A timestamp in China time, e.g. 2026年11月28日 15:30. */
export function formatDateTime(iso: string): string {
  return `${formatDate(chinaDate(iso))} ${chinaClock(iso)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
