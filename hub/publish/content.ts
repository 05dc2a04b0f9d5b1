/**
 * Reads content/: one Markdown file per item, YAML front matter for the facts
 * (docs/content.md). Every problem is reported with its file name; nothing is
 * guessed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import matter from 'gray-matter';
import { Marked } from 'marked';
import * as v from 'valibot';
import { type Approval, Approval as ApprovalSchema, type Attachment, type Item, Item as ItemSchema } from '../../src/contract/feed.ts';
import { sha256Hex } from '../../src/contract/signing.ts';
import { resolveAliases } from './aliases.ts';
import { describeContentIssues, yamlProblem } from './messages.ts';
import { searchKeys } from './pinyin.ts';
import { checkedForm, checkedResult, questionnaireRules, readJsonField, resultLinks } from './questionnaire.ts';
import { checkItemRules, checkPartialRules } from './rules.ts';
import { sanitizeBody } from './sanitize-body.ts';
import { addCalendarData } from './working-days.ts';

export interface SourceItem {
  file: string;
  /** The item without its revision (the feed decides that). */
  item: Item;
  approval: Approval;
  withdrawal?: { reason: string; approval: Approval };
  /** Attachment bytes to copy into the feed, by href. */
  files: Map<string, Uint8Array>;
}

export interface ContentProblem {
  file: string;
  problems: string[];
}

const ATTACHMENT_EXT: Record<string, { ext: string; type: Attachment['type'] }> = {
  '.pdf': { ext: 'pdf', type: 'application/pdf' },
  '.png': { ext: 'png', type: 'image/png' },
  '.jpg': { ext: 'jpg', type: 'image/jpeg' },
  '.jpeg': { ext: 'jpg', type: 'image/jpeg' },
  '.webp': { ext: 'webp', type: 'image/webp' },
};

const markdown = new Marked({ gfm: true });

const DATE_KEYS = new Set(['published', 'validFrom', 'validUntil', 'periodStart', 'periodEnd', 'noticeDate', 'opensOn', 'closesOn']);

/** YAML turns bare dates into Date objects; the contract wants ISO strings. */
export function normalise(value: unknown, key = ''): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    // Date fields stay dates (YAML reads a bare date as midnight UTC); timestamps keep their instant.
    return DATE_KEYS.has(key) ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((x) => normalise(x));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, normalise(x, k)]));
  return value;
}

const CalendarOverride = v.object({
  years: v.array(v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100))),
  holidays: v.record(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)), v.string()),
  workdays: v.record(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)), v.string()),
});

/**
 * content/_calendar.json: a year's 放假和调休 typed in from the State Council's
 * notice before chinese-days ships it (docs/content.md「工作日历」). Problems in it, if any.
 */
async function readCalendarOverride(dir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(dir, '_calendar.json'), 'utf8');
  } catch {
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return [`工作日历补充文件不是有效的 JSON:${(e as Error).message}`];
  }
  const parsed = v.safeParse(CalendarOverride, json);
  if (!parsed.success)
    return [
      '工作日历补充文件格式不对:应为 { "years": [2027], "holidays": { "2027-01-01": "元旦" }, "workdays": { "2027-02-07": "春节调休" } }',
    ];
  addCalendarData(parsed.output);
  return [];
}

export async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('_') && entry.name !== 'README.md')
      out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/**
 * A file without any approval record is a draft (草稿): not yet pre-reviewed, so
 * it is not published (预审制度 第三条), but it never blocks the other files —
 * an emergency notice must go out while a questionnaire result is still being
 * drafted. Drafts come back with what they would still need, as a notice.
 */
export async function readContent(
  dir: string,
  /** For items already in the feed: the `published` date of their first revision (rules.ts `checkItemRules`). */
  firstPublished: ReadonlyMap<string, string> = new Map(),
): Promise<{ items: SourceItem[]; problems: ContentProblem[]; drafts: ContentProblem[]; warnings: ContentProblem[] }> {
  const items: SourceItem[] = [];
  const problems: ContentProblem[] = [];
  const drafts: ContentProblem[] = [];
  /** Published anyway, but the clerk is told: what was taken out of a body (scripts, frames…). */
  const warnings: ContentProblem[] = [];
  const calendar = await readCalendarOverride(dir);
  if (calendar.length > 0) problems.push({ file: '_calendar.json', problems: calendar });
  const seen = new Map<string, string>();
  for (const path of await listMarkdown(dir)) {
    const file = relative(dir, path);
    const errors: string[] = [];
    let draft = false;
    try {
      const text = await readFile(path, 'utf8');
      const parsed = matter(text);
      const fm = resolveAliases(normalise(parsed.data) as Record<string, unknown>);
      const id = (fm.id as string | undefined) ?? basename(path, '.md');
      if (seen.has(id)) errors.push(`编号 ${id} 与 ${seen.get(id)} 重复`);
      seen.set(id, file);

      const approval = v.safeParse(ApprovalSchema, fm.approval);
      if (fm.approval === undefined && fm.withdrawn === undefined) {
        draft = true;
        errors.push('草稿:尚无审批记录 approval(预审 preReview 和签发 signOff),本次不发布,其他文件照常发布(预审制度 第三条)');
      } else if (fm.approval === undefined)
        errors.push('缺少审批记录 approval(预审 preReview 和签发 signOff),未经预审的内容不得公开(预审制度 第三条)');
      else if (!approval.success) errors.push(...describeContentIssues(approval.issues, 'approval'));

      const files = new Map<string, Uint8Array>();
      const attachments: Attachment[] = [];
      for (const a of (fm.attachments as { file?: string; name?: string }[] | undefined) ?? []) {
        const kind = a.file ? ATTACHMENT_EXT[extname(a.file).toLowerCase()] : undefined;
        if (!a.file || !kind) {
          errors.push(`附件 ${a.file ?? '(未写 file)'}:只接受 PDF、PNG、JPEG、WebP`);
          continue;
        }
        const bytes = new Uint8Array(await readFile(join(dir, a.file)));
        const sha256 = await sha256Hex(bytes);
        const href = `files/${sha256}.${kind.ext}`;
        files.set(href, bytes);
        attachments.push({ name: a.name ?? basename(a.file), href, type: kind.type, sha256, bytes: bytes.byteLength });
      }

      // A questionnaire's form and a result's figures may live in a JSON file beside this one.
      const form = checkedForm(await readJsonField(fm.form, path, dir, 'form'), fm.kind);
      const result = checkedResult(await readJsonField(fm.result, path, dir, 'result'), fm.kind);
      errors.push(...form.problems, ...result.problems);

      // Scripts, event handlers, script URLs and frames never reach the signature (docs/content.md).
      const body = sanitizeBody(await markdown.parse(parsed.content), parsed.content);
      const bodyLine = text.slice(0, Math.max(0, text.indexOf(parsed.content))).split('\n').length - 1;
      if (body.removed.length > 0)
        warnings.push({
          file,
          problems: body.removed.map((r) => (r.line ? `第 ${r.line + bodyLine} 行:${r.what}` : r.what)),
        });
      const title = String(fm.title ?? '');
      const candidate = {
        id,
        rev: 1,
        kind: fm.kind,
        channel: fm.channel ?? 'public',
        category: fm.category,
        cadence: fm.cadence,
        title,
        ...(fm.summary ? { summary: String(fm.summary) } : {}),
        department: fm.department,
        bodyHtml: body.html,
        publishedAt: fm.published,
        ...(fm.validFrom ? { validFrom: fm.validFrom } : {}),
        ...(fm.validUntil ? { validUntil: fm.validUntil } : {}),
        attachments,
        search: searchKeys(`${title} ${fm.department ?? ''}`),
        ...(fm.notice ? { notice: fm.notice } : {}),
        ...(fm.hearing ? { hearing: fm.hearing } : {}),
        ...(fm.questionnaire ? { questionnaire: fm.questionnaire } : {}),
        ...(form.form ? { form: form.form } : {}),
        ...(result.result ? { result: result.result } : {}),
      };
      const item = v.safeParse(ItemSchema, candidate);
      // The form's and the result's problems were listed above, in detail.
      if (!item.success)
        errors.push(
          ...describeContentIssues(item.issues.filter((i) => !/^(form|result)\b/.test(v.getDotPath(i) ?? ''))),
          // All problems of a file at once: the rules that can still be checked.
          ...checkPartialRules(candidate, undefined, firstPublished.get(id)),
        );
      else
        errors.push(
          ...checkItemRules(item.output, approval.success ? approval.output : undefined, undefined, firstPublished.get(item.output.id)),
          ...questionnaireRules(item.output),
        );

      let withdrawal: SourceItem['withdrawal'];
      if (fm.withdrawn !== undefined) {
        const w = fm.withdrawn as { reason?: string; preReview?: unknown; signOff?: unknown };
        const wa = v.safeParse(ApprovalSchema, { preReview: w.preReview, signOff: w.signOff });
        if (!w.reason) errors.push('withdrawn.reason:撤回须写明原因');
        if (!wa.success) errors.push(...describeContentIssues(wa.issues, 'withdrawn').map((p) => `${p}(撤回也须预审和签发)`));
        else if (w.reason) withdrawal = { reason: w.reason, approval: wa.output };
      }
      if (errors.length === 0 && item.success && approval.success)
        items.push({ file, item: item.output, approval: approval.output, files, ...(withdrawal ? { withdrawal } : {}) });
    } catch (e) {
      errors.push(yamlProblem(e) ?? `无法读取:${(e as Error).message}`);
    }
    if (errors.length > 0) (draft ? drafts : problems).push({ file, problems: errors });
  }
  problems.push(...resultLinks(items));
  return { items, problems, drafts, warnings };
}
