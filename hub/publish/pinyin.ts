/**
 * Pinyin search keys, computed at publish time so the kiosk bundle never
 * carries a pinyin dictionary (pinyin-pro is ~140 KB gzipped).
 */
import { pinyin } from 'pinyin-pro';

export function searchKeys(text: string): { pinyin: string; initials: string } {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { pinyin: syllables.join(' '), initials: syllables.map((s) => s[0]).join('') };
}
