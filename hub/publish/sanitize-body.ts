/**
 * The publisher cleans every body before it is signed (issue 10, item 6): scripts,
 * event handlers, `javascript:` and other script URLs, frames, plug-ins, forms and
 * everything outside the small set of tags a kiosk shows are taken out, and the clerk
 * is told what was removed, with the line of the Markdown file it came from. Devices
 * sanitize again (src/ui/views/shared/safe-html.tsx: defence in depth); this makes sure the
 * office never signs a script in the first place.
 *
 * A small tokenizer, not a DOM: what it cannot read as a tag is escaped as text.
 */

/** What a kiosk shows (the same set as src/ui/views/shared/safe-html.tsx), plus links. */
const KEEP = new Set([
  'p',
  'br',
  'h1',
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
  'a',
]);

/** Removed with everything inside them, and reported. */
const DROP_WITH_CONTENT: Record<string, string> = {
  script: '脚本 <script>',
  style: '样式表 <style>',
  iframe: '内嵌网页 <iframe>',
  frame: '框架 <frame>',
  frameset: '框架 <frameset>',
  object: '插件 <object>',
  embed: '插件 <embed>',
  applet: '插件 <applet>',
  noscript: '<noscript>',
  template: '<template>',
  svg: '矢量图代码 <svg>',
  math: '公式代码 <math>',
  textarea: '表单 <textarea>',
  select: '表单 <select>',
  title: '<title>',
  xmp: '<xmp>',
  noembed: '<noembed>',
};

/** Removed (their text kept) and reported: they act, rather than show. */
const REPORT_TAG: Record<string, string> = {
  form: '表单 <form>',
  input: '表单 <input>',
  button: '按钮 <button>',
  meta: '<meta>',
  base: '<base>',
  link: '<link>',
  img: '图片 <img>(图片请作为附件上传)',
  video: '视频 <video>',
  audio: '音频 <audio>',
  source: '<source>',
  body: '<body>',
  html: '<html>',
  head: '<head>',
};

export interface Removal {
  /** What was taken out, in Chinese for the clerk. */
  what: string;
  /** The Markdown line it came from (1-based), when it could be found. */
  line?: number;
}

const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const escapeText = (s: string) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** An attribute value as a browser would read it: entities decoded, control characters and spaces gone. */
function decoded(value: string): string {
  return (
    value
      .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
      .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&colon;/gi, ':')
      .replace(/&tab;|&newline;/gi, '')
      .split('')
      // Browsers skip spaces and control characters inside a URL's scheme ("java\tscript:").
      .filter((c) => c.charCodeAt(0) > 0x20 && !/\s/.test(c))
      .join('')
      .toLowerCase()
  );
}

/** Cleans `html` (the Markdown rendered); `source` is the Markdown, to say on which line each removal was. */
export function sanitizeBody(html: string, source: string): { html: string; removed: Removal[] } {
  const removed: Removal[] = [];
  const lines = lineFinder(source);
  const report = (what: string, needle: string) => removed.push({ what, ...optionalLine(lines(needle)) });
  let out = '';
  let last = 0;
  let dropping: string | undefined;
  for (const m of html.matchAll(TAG)) {
    const [whole, slash, rawName, attrs = ''] = m;
    const at = m.index;
    if (!dropping) out += escapeText(html.slice(last, at));
    last = at + whole.length;
    if (!rawName) continue; // a comment: it can hide markup from a reader, and shows nothing
    const name = rawName.toLowerCase();
    if (dropping) {
      if (slash && name === dropping) dropping = undefined;
      continue;
    }
    const drop = DROP_WITH_CONTENT[name];
    if (drop) {
      if (!slash) {
        report(`删除了${drop}`, `<${rawName}`);
        if (!/\/>$/.test(whole)) dropping = name;
      }
      continue;
    }
    const keep = KEEP.has(name);
    if (!keep && !slash && REPORT_TAG[name]) report(`删除了${REPORT_TAG[name]}`, `<${rawName}`);
    if (slash) {
      if (keep) out += `</${name}>`;
      continue;
    }
    let kept = '';
    for (const a of attrs.matchAll(ATTR)) {
      const attr = a[1]!.toLowerCase();
      const value = a[2] ?? a[3] ?? a[4] ?? '';
      const url = decoded(value);
      if (attr.startsWith('on')) report(`删除了事件属性 ${attr}(会执行脚本)`, a[1]!);
      else if (/(^|[^a-z])(javascript|vbscript):|^data:/.test(url)) {
        const scheme = `${url.match(/javascript|vbscript|data/)![0]}:`;
        report(`删除了 ${attr} 中的脚本地址 ${scheme}`, scheme);
      } else if (keep && (attr === 'colspan' || attr === 'rowspan') && /^\d{1,3}$/.test(value)) kept += ` ${attr}="${value}"`;
      else if (keep && attr === 'href' && name === 'a' && /^https?:\/\//.test(url)) kept += ` href="${escapeAttr(value)}"`;
    }
    if (!keep) continue;
    out += `<${name}${kept}>`;
  }
  if (!dropping) out += escapeText(html.slice(last));
  return { html: out, removed };
}

function optionalLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** Finds, in order, the line of each next occurrence of a needle in the Markdown source (case-insensitive). */
function lineFinder(source: string): (needle: string) => number | undefined {
  const lower = source.toLowerCase();
  const from = new Map<string, number>();
  return (needle) => {
    const n = needle.toLowerCase();
    const i = lower.indexOf(n, from.get(n) ?? 0);
    if (i < 0) return undefined;
    from.set(n, i + n.length);
    let line = 1;
    for (let k = 0; k < i; k++) if (source.charCodeAt(k) === 10) line++;
    return line;
  };
}
