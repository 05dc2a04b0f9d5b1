/**
 * What a clerk reads when a content file is wrong: valibot's schema issues and
 * YAML syntax errors in plain Chinese, naming the field in Chinese (with its
 * key, so it can be found in the file) and, where one applies, the article.
 * Every message here is listed in docs/content.md.
 */
import type * as v from 'valibot';
import { getDotPath } from 'valibot';
import { CADENCE_ZH, CATEGORIES } from '../../src/contract/catalogue.ts';

const 告示制度 = '《政务公开告示制度》';
const 听证制度 = '《政务公开听证制度》';

/** Chinese names of the front-matter fields, with the article that asks for each where there is one. */
export const FIELD_ZH: Readonly<Record<string, { zh: string; article?: string }>> = {
  id: { zh: '编号' },
  approval: { zh: '审批记录 approval', article: '《政务公开预审制度》第三条' },
  withdrawn: { zh: '撤回 withdrawn', article: '《政务公开预审制度》第三条' },
  kind: { zh: '类型' },
  channel: { zh: '公开渠道' },
  category: { zh: '公开类别', article: '《政务公开工作制度》二' },
  cadence: { zh: '公开频次', article: '《政务公开制度》一' },
  title: { zh: '标题' },
  summary: { zh: '摘要' },
  department: { zh: '发布单位' },
  publishedAt: { zh: '发布日期 published' },
  validFrom: { zh: '有效期起始日期' },
  validUntil: { zh: '有效期截止日期' },
  'notice.type': { zh: '告示类别(决策类/执行类/应急类)', article: `${告示制度}第五条` },
  'notice.periodStart': { zh: '告示期开始日期', article: `${告示制度}第六条` },
  'notice.periodEnd': { zh: '告示期结束日期', article: `${告示制度}第六条` },
  'notice.basis': { zh: '基本情况', article: `${告示制度}第八条(一)` },
  'notice.basis.cause': { zh: '基本情况·事件发生的原因', article: `${告示制度}第八条(一)` },
  'notice.basis.time': { zh: '基本情况·时间', article: `${告示制度}第八条(一)` },
  'notice.basis.place': { zh: '基本情况·地点', article: `${告示制度}第八条(一)` },
  'notice.basis.scope': { zh: '基本情况·范围', article: `${告示制度}第八条(一)` },
  'notice.impact': { zh: '事件的影响', article: `${告示制度}第八条(二)` },
  'notice.measures': { zh: '拟采用的处理措施、方法', article: `${告示制度}第八条(三)` },
  'notice.annex': { zh: '附件说明', article: `${告示制度}第八条(四)` },
  notice: { zh: '告示要素 notice', article: `${告示制度}第八条` },
  hearing: { zh: '听证要素 hearing', article: `${听证制度}第九条` },
  'hearing.matter': { zh: '听证事项', article: `${听证制度}第九条` },
  'hearing.startsAt': { zh: '听证会时间', article: `${听证制度}第九条` },
  'hearing.place': { zh: '听证会地点', article: `${听证制度}第九条` },
  'hearing.noticeDate': { zh: '听证通知日期', article: `${听证制度}第九条` },
  'hearing.howToJoin': { zh: '参加办法', article: `${听证制度}第九条` },
  'hearing.record': { zh: '听证纪要 record', article: `${听证制度}第十一条` },
  'hearing.record.heldAt': { zh: '听证会实际召开时间', article: `${听证制度}第十条` },
  'hearing.record.chair': { zh: '主持人', article: `${听证制度}第十条` },
  'hearing.record.recorder': { zh: '书记员', article: `${听证制度}第七条` },
  'hearing.record.minutes': { zh: '听证会议纪要', article: `${听证制度}第十一条` },
  'hearing.record.outcome.text': { zh: '办理结果', article: `${听证制度}第十三条` },
  'hearing.record.outcome.item': { zh: '办理结果公告的编号', article: `${听证制度}第十三条` },
  questionnaire: { zh: '问卷 questionnaire', article: '《政务公开评议制度》第四条' },
  'questionnaire.opensOn': { zh: '评议开始日期' },
  'questionnaire.closesOn': { zh: '评议截止日期' },
  'preReview.by': { zh: '预审人', article: '《政务公开预审制度》第三条' },
  'preReview.at': { zh: '预审时间', article: '《政务公开预审制度》第三条' },
  'signOff.by': { zh: '签发人', article: '《政务公开制度》四' },
  'signOff.at': { zh: '签发时间', article: '《政务公开制度》四' },
  preReview: { zh: '预审 preReview', article: '《政务公开预审制度》第三条' },
  signOff: { zh: '签发 signOff', article: '《政务公开制度》四' },
};

/** The choices for each enum a clerk writes, Chinese first (hub/publish/aliases.ts accepts either). */
const CHOICES: Readonly<Record<string, string>> = {
  kind: 'disclosure(公开)、notice(告示)、hearing(听证)、questionnaire(问卷)、result(评议结果)、answer(答复)、bulletin(简报)',
  channel: '对外(public)、对内(internal)',
  cadence: Object.entries(CADENCE_ZH)
    .map(([id, zh]) => `${zh.replace('公开', '')}(${id})`)
    .join('、'),
  'notice.type': '决策类(decision)、执行类(execution)、应急类(emergency)',
  category: CATEGORIES.map((c) => `${c.zh}(${c.id},${c.channel === 'public' ? '对外' : '对内'})`).join('、'),
};

function label(path: string): string {
  const f = FIELD_ZH[path];
  return f ? `「${f.zh}」(${path})` : `「${path}」`;
}

/** One schema issue in plain Chinese; `prefix` is where the checked object sits (e.g. 'approval'). */
export function describeIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  const path = getDotPath(issue) ?? '';
  const full = prefix && path ? `${prefix}.${path}` : prefix || path;
  const f = FIELD_ZH[path];
  const article = f?.article ? `(${f.article})` : '';
  const where = label(path || prefix);
  if (issue.input === undefined && (issue.kind === 'schema' || issue.type === 'variant'))
    return `缺少${where}${article}${full !== path ? `(在 ${full})` : ''}`;
  if (issue.type === 'picklist' || (issue.type === 'variant' && path === 'kind') || issue.type === 'literal') {
    const choices = CHOICES[path];
    return `${where}填写的「${String(issue.input)}」不是可用的值${choices ? `,可用:${choices}` : ''}${article}`;
  }
  // Our own messages (feed.ts) are Chinese already; valibot's defaults are not.
  const own = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : `格式不对(${String(issue.expected ?? issue.type)})`;
  return `${where}${own}${article}`;
}

export function describeContentIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): string[] {
  return issues.map((i) => describeIssue(i, prefix));
}

const YAML_REASONS: ReadonlyArray<[RegExp, string]> = [
  [/bad indentation/, '缩进不对(同一层的字段要对齐,子项比上一层多缩进两个空格,不能用 Tab)'],
  [/duplicated mapping key/, '同一个字段写了两次'],
  [/tab characters must not be used|tab/i, '不能用 Tab 缩进,请改用空格'],
  [/end of the stream or a document separator/, '这一行的格式不对(多了内容,或缺少冒号后的空格)'],
  [/can not read a block mapping entry|multiline key/, '字段格式不对(应为「字段: 值」,冒号后有一个空格)'],
  [/unexpected end of the stream within a (single|double) quoted scalar/, '引号没有配对'],
  [/missed comma|flow collection/, '方括号或花括号里的列表格式不对'],
  [/incomplete explicit mapping pair|a mapping key/, '字段格式不对(应为「字段: 值」)'],
];

/** A YAML syntax error from gray-matter/js-yaml, in Chinese with the line number in the file. */
export function yamlProblem(e: unknown): string | undefined {
  const err = e as { name?: string; reason?: string; mark?: { line?: number; column?: number } };
  if (err?.name !== 'YAMLException') return undefined;
  const reason = YAML_REASONS.find(([re]) => re.test(err.reason ?? ''))?.[1] ?? `YAML 格式错误(${err.reason ?? ''})`;
  // js-yaml counts lines from 0 within the front matter; the file's first line is the opening ---.
  const line = err.mark?.line !== undefined ? err.mark.line + 2 : undefined;
  const col = err.mark?.column !== undefined ? err.mark.column + 1 : undefined;
  return `文件开头的字段(front matter)${line ? `第 ${line} 行${col ? `第 ${col} 列` : ''}` : ''}:${reason}。请对照 docs/content.md 的完整示例修改`;
}
