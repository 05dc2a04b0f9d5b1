/**
 * Questionnaires and results in content/ (docs/questionnaire.md): the form or
 * the counted result is written in the front matter, or in a JSON file beside
 * the Markdown file named there. Every refusal names the place and the reason.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as v from 'valibot';
import { describeIssues } from '../../src/contract/config.ts';
import type { Item } from '../../src/contract/feed.ts';
import { checkForm } from '../../src/contract/questionnaire/check.ts';
import type { SurveyForm } from '../../src/contract/questionnaire/form.ts';
import { checkResult, ResultFacts } from '../../src/contract/questionnaire/result.ts';

export type JsonField = { ok: true; value: unknown; from?: string } | { ok: false; problem: string };

/** `form: evaluation.form.json` (beside the .md file) or the object itself. */
export async function readJsonField(value: unknown, mdPath: string, contentDir: string, field: string): Promise<JsonField> {
  if (typeof value !== 'string') return { ok: true, value };
  if (!value.endsWith('.json')) return { ok: false, problem: `${field}:应写 JSON 文件名(如 ${field}: xxx.${field}.json)或直接写内容` };
  const path = resolve(dirname(mdPath), value);
  const rel = relative(contentDir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return { ok: false, problem: `${field}:文件 ${value} 不在 content/ 目录内` };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { ok: false, problem: `${field}:找不到文件 ${rel}` };
  }
  try {
    return { ok: true, value: JSON.parse(text), from: rel };
  } catch (e) {
    return { ok: false, problem: `${field}:文件 ${rel} 不是合法的 JSON(${(e as Error).message})` };
  }
}

/**
 * The whole form checked (the feed contract checks only its outline): the
 * problems, each prefixed with where the form is written, or the form as it
 * is signed (only the properties devices use).
 */
export function checkedForm(form: JsonField, kind: unknown): { problems: string[]; form?: SurveyForm } {
  if (kind !== 'questionnaire') return { problems: [] };
  if (!form.ok) return { problems: [form.problem] };
  if (form.value === undefined)
    return { problems: ['缺少问卷表单 form(写在本文件中,或写同目录下 JSON 文件的文件名,见 docs/questionnaire.md)'] };
  const r = checkForm(form.value);
  return r.ok ? { problems: [], form: r.form } : { problems: r.problems.map((p) => `form${form.from ? `(${form.from})` : ''} ${p}`) };
}

/** The whole result checked: its shape, then whether its numbers add up. */
export function checkedResult(result: JsonField, kind: unknown): { problems: string[]; result?: ResultFacts } {
  if (kind !== 'result') return { problems: [] };
  if (!result.ok) return { problems: [result.problem] };
  if (result.value === undefined)
    return { problems: ['缺少评议结果 result(由 npm run questionnaire -- results 生成,见 docs/questionnaire.md)'] };
  const r = v.safeParse(ResultFacts, result.value);
  if (!r.success) return { problems: describeIssues(r.issues).map((p) => `result${result.from ? `(${result.from})` : ''} ${p}`) };
  const problems = checkResult(r.output);
  return problems.length ? { problems } : { problems: [], result: r.output };
}

/** Rules for a valid questionnaire item. */
export function questionnaireRules(item: Item): string[] {
  if (item.kind === 'questionnaire' && item.questionnaire.closesOn < item.publishedAt)
    return [`问卷截止日期 ${item.questionnaire.closesOn} 早于发布日期 ${item.publishedAt},发布后无法填写`];
  return [];
}

/** A result must belong to a questionnaire in the same content, over the same period. */
export function resultLinks(items: { file: string; item: Item }[]): { file: string; problems: string[] }[] {
  const out: { file: string; problems: string[] }[] = [];
  for (const { file, item } of items) {
    if (item.kind !== 'result') continue;
    const q = items.find((x) => x.item.id === item.result.questionnaire)?.item;
    if (q?.kind !== 'questionnaire') out.push({ file, problems: [`评议结果所属的问卷 ${item.result.questionnaire} 不在 content/ 中`] });
    else if (q.questionnaire.opensOn !== item.result.opensOn || q.questionnaire.closesOn !== item.result.closesOn)
      out.push({
        file,
        problems: [
          `评议结果的评议期 ${item.result.opensOn} 至 ${item.result.closesOn} 与问卷 ${q.id} 的 ${q.questionnaire.opensOn} 至 ${q.questionnaire.closesOn} 不符`,
        ],
      });
  }
  return out;
}
