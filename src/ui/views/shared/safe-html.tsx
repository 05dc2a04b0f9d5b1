/**
 * Item bodies are HTML from the feed: signed and approved, and still sanitized
 * here (defence in depth). Links are made inert: a public screen must not lead
 * anywhere outside the app; their addresses are shown beside the text.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'b',
  'i',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
  'span',
  'code',
  'pre',
  'del',
  'sup',
  'sub',
];

export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['colspan', 'rowspan'], ALLOW_DATA_ATTR: false });
}

/**
 * Sanitizes and takes the links out: each http(s) link becomes its text and
 * a number [n]; the addresses are returned so the screen can show them as QR
 * codes (a kiosk never opens them) or as text (a phone).
 */
export function sanitizeLinks(html: string): { html: string; links: string[] } {
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS: [...ALLOWED_TAGS, 'a'],
    ALLOWED_ATTR: ['colspan', 'rowspan', 'href'],
    ALLOWED_URI_REGEXP: /^https?:\/\//i,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  const links: string[] = [];
  for (const a of [...fragment.querySelectorAll('a')]) {
    const href = a.getAttribute('href');
    const span = document.createElement('span');
    span.textContent = a.textContent;
    a.replaceWith(span);
    if (href && /^https?:\/\//i.test(href)) {
      let n = links.indexOf(href) + 1;
      if (n === 0) n = links.push(href);
      const sup = document.createElement('sup');
      sup.textContent = `[${n}]`;
      span.after(sup);
    }
  }
  const box = document.createElement('div');
  box.append(fragment);
  return { html: box.innerHTML, links };
}

export function SafeHtml({ html, class: cls }: { html: string; class?: string }) {
  // Sanitized just above with DOMPurify.
  return <div class={cls} dangerouslySetInnerHTML={{ __html: sanitize(html) }} />;
}
