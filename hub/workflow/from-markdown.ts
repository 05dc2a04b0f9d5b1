/**
 * One door (issue 11): a Markdown file of content/ (docs/content.md) read as a draft of the
 * workflow, so bulk imports enter 预审 and 签发 like anything typed in the workspace. Its
 * front matter has the form's fields already; an `approval` written in it is ignored (approvals
 * are people's own signatures now), and so are file-based attachments, which the clerk uploads in
 * the workspace. A questionnaire's form and a result's counts come inline or from their JSON files.
 */
import matter from 'gray-matter';
import * as v from 'valibot';
import { DraftContent } from '../../src/contract/workflow-content.ts';
import { resolveAliases } from '../publish/aliases.ts';
import { normalise } from '../publish/content.ts';

export type MarkdownDraft =
  | { ok: true; itemId: string; department?: string | undefined; content: DraftContent; notes: string[] }
  | { ok: false; message: string };

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * `json`: the JSON files the front matter names (`form: x.form.json`, `result: x.result.json`),
 * read by whoever had the folder (the CLI); a file name not given here is reported, not guessed.
 */
export function draftFromMarkdown(name: string, text: string, json: { form?: unknown; result?: unknown } = {}): MarkdownDraft {
  let fm: Record<string, unknown>;
  let body: string;
  try {
    const parsed = matter(text);
    fm = resolveAliases(normalise(parsed.data) as Record<string, unknown>);
    body = parsed.content.trim();
  } catch (e) {
    return { ok: false, message: `文件开头的信息(front matter)无法读取:${(e as Error).message.split('\n')[0]}` };
  }
  const itemId = String(fm.id ?? name.replace(/\.md$/i, ''));
  if (!ID.test(itemId)) return { ok: false, message: `编号 ${itemId} 只能用小写字母、数字和连字符,最长 80 位` };
  const notes: string[] = [];
  if (fm.approval !== undefined) notes.push('文件中的审批记录 approval 不再采用:请在工作台预审、签发');
  if (fm.attachments !== undefined) notes.push('附件请在工作台的稿件中上传');
  const inline = (field: 'form' | 'result') => {
    const value = fm[field];
    if (typeof value !== 'string') return value === undefined ? {} : { [field]: value };
    if (json[field] !== undefined) return { [field]: json[field] };
    notes.push(`${field === 'form' ? '问卷表单' : '评议结果'}文件 ${value} 未随文件导入`);
    return {};
  };
  const { approval: _a, attachments: _f, form: _q, result: _r, id: _i, department, published, ...rest } = fm;
  const parsed = v.safeParse(DraftContent, {
    ...rest,
    ...(published !== undefined ? { publishedAt: published } : {}),
    ...inline('form'),
    ...inline('result'),
    body,
  });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, message: `${path ? `${path}:` : ''}${issue?.message ?? '格式有误'}` };
  }
  return { ok: true, itemId, department: typeof department === 'string' ? department : undefined, content: parsed.output, notes };
}
