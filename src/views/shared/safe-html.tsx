/**
 * Item bodies are HTML from the feed: signed and approved, and still sanitized
 * here (defence in depth). Links are made inert: a public screen must not lead
 * anywhere outside the app.
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

export function SafeHtml({ html, class: cls }: { html: string; class?: string }) {
  // Sanitized just above with DOMPurify.
  return <div class={cls} dangerouslySetInnerHTML={{ __html: sanitize(html) }} />;
}
