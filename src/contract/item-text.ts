/**
 * The searchable text of an item, the same on the hub (for the input
 * vocabulary) and on the kiosk (for search): title, summary, department, the
 * facts of a notice or hearing, and the body without its markup.
 */
import type { Item } from './feed.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Body HTML → plain text: tags become spaces (so words never join across cells), entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The facts of a notice or hearing, as the screen shows them. */
export function factsText(item: Item): string {
  if (item.kind === 'notice') {
    const n = item.notice;
    return [n.basis.cause, n.basis.time, n.basis.place, n.basis.scope, n.impact, n.measures, n.annex ?? ''].join(' ');
  }
  if (item.kind === 'hearing') return [item.hearing.matter, item.hearing.place, item.hearing.howToJoin].join(' ');
  return '';
}

/** Everything but the title: what a body match is found in. */
export function itemBodyText(item: Item): string {
  return [item.summary ?? '', item.department, factsText(item), htmlToText(item.bodyHtml)].filter(Boolean).join(' ');
}
