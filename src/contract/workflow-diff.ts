/**
 * What changed between two revisions of a draft, field by field, with a line diff for long
 * text: the reviewer of a revised notice sees exactly what differs from the version now on the
 * public screens (the last published revision), not the whole text again. Pure TypeScript, shared
 * by the hub (its API answers the diff) and the office's draft page.
 */

export type LineOp = 'same' | 'add' | 'del';
export interface DiffLine {
  op: LineOp;
  text: string;
}
export interface FieldDiff {
  /** Dotted path of the field, e.g. `notice.periodEnd`. */
  path: string;
  /** zh-CN name of the field, when known. */
  label: string;
  before: string | undefined;
  after: string | undefined;
  /** For text of more than one line: the lines, kept, added and removed. */
  lines?: DiffLine[] | undefined;
}

/** zh-CN names of the fields a clerk writes (the same words as the drafting form). */
export const FIELD_ZH: Record<string, string> = {
  title: '标题',
  summary: '摘要',
  department: '发布部门',
  category: '公开类别',
  channel: '公开范围',
  cadence: '公开时限',
  bodyHtml: '正文',
  publishedAt: '发布日期',
  validFrom: '有效期起',
  validUntil: '有效期止',
  attachments: '附件',
  'notice.type': '告示类型',
  'notice.periodStart': '告示期起',
  'notice.periodEnd': '告示期止',
  'notice.basis.cause': '基本情况:原因',
  'notice.basis.time': '基本情况:时间',
  'notice.basis.place': '基本情况:地点',
  'notice.basis.scope': '基本情况:范围',
  'notice.impact': '事件的影响',
  'notice.measures': '处理措施、方法',
  'notice.annex': '附件说明',
  'hearing.matter': '听证事项',
  'hearing.startsAt': '听证时间',
  'hearing.place': '听证地点',
  'hearing.noticeDate': '公告日期',
  'hearing.howToJoin': '参加办法',
};

/** Fields that are bookkeeping, not content a reviewer judges. */
const IGNORED = new Set(['rev', 'search']);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    // Arrays (attachments, questions) are compared whole, one line per element.
    out.set(prefix, value.map((x) => (typeof x === 'object' && x !== null ? describeObject(x) : String(x))).join('\n'));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!prefix && IGNORED.has(k)) continue;
      flatten(v, path, out);
    }
    return;
  }
  out.set(prefix, String(value));
}

function describeObject(o: object): string {
  const r = o as Record<string, unknown>;
  if (typeof r.name === 'string' && typeof r.sha256 === 'string') return `${r.name}(${String(r.sha256).slice(0, 12)})`;
  return JSON.stringify(o);
}

/** Body HTML as the lines a reader sees: one per paragraph, heading or list item, tags removed. */
export function textLines(html: string): string[] {
  return html
    .replace(/<\/(p|h[1-6]|li|tr|div|blockquote)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A line diff by longest common subsequence (drafts are short: a few hundred lines at most). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i]!;
      row[j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, row[j + 1]!);
    }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'del', text: a[i++]! });
  while (j < m) out.push({ op: 'add', text: b[j++]! });
  return out;
}

/** Every field that differs between `before` (e.g. the published revision) and `after` (the draft). */
export function diffContent(before: unknown, after: unknown): FieldDiff[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const out: FieldDiff[] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (x === y) continue;
    const d: FieldDiff = { path, label: FIELD_ZH[path] ?? path, before: x, after: y };
    const lx = path === 'bodyHtml' ? textLines(x ?? '') : (x ?? '').split('\n');
    const ly = path === 'bodyHtml' ? textLines(y ?? '') : (y ?? '').split('\n');
    if (path === 'bodyHtml' || lx.length > 1 || ly.length > 1) d.lines = diffLines(x === undefined ? [] : lx, y === undefined ? [] : ly);
    out.push(d);
  }
  return out;
}
