/**
 * From counted answers to a result item (评议结果) in content/, ready for the
 * office to write its findings, get pre-review and sign-off, and publish
 * (《政务公开评议制度》第六条: 评议结果向各单位通报).
 */
import { chinaDate } from '../../src/contract/china-time.ts';
import type { Approval, QuestionnaireItem } from '../../src/contract/feed.ts';
import { aggregate, type Tally } from '../../src/contract/questionnaire/aggregate.ts';
import type { ResultFacts } from '../../src/contract/questionnaire/result.ts';

export function resultFacts(
  item: QuestionnaireItem,
  answers: readonly unknown[],
  /** The day (China) the answers were counted: before the questionnaire closes, the result is interim (阶段性结果). */
  countedOn = chinaDate(),
): { facts: ResultFacts; excluded: Tally['excluded'] } {
  const t = aggregate(item.form, answers);
  return {
    facts: {
      questionnaire: item.id,
      rev: item.rev,
      opensOn: item.questionnaire.opensOn,
      closesOn: item.questionnaire.closesOn,
      ...(countedOn <= item.questionnaire.closesOn ? { interimThrough: countedOn } : {}),
      n: t.n,
      questions: t.questions,
      ...(t.units ? { units: t.units } : {}),
    },
    excluded: t.excluded,
  };
}

const yamlString = (s: string) => JSON.stringify(s);
const zhDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The Markdown and JSON files of the result item; without `approval` the publisher refuses it until the office fills it in. */
export function resultFiles(
  item: QuestionnaireItem,
  facts: ResultFacts,
  o: { published: string; approval?: Approval; id?: string; refused?: number },
): { id: string; markdown: string; json: string } {
  const id = o.id ?? `${item.id}-result`.slice(0, 80);
  const overall = facts.questions.find((q) => q.type === 'rating' && q.mean !== null);
  const summary = `${facts.interimThrough ? `阶段性结果(统计至 ${zhDate(facts.interimThrough)},评议尚未结束):` : ''}共收回有效问卷 ${facts.n} 份${overall?.type === 'rating' ? `,${overall.title.replace(/^您对/, '')}平均 ${overall.mean} 分(满分 ${overall.max} 分)` : ''}。`;
  const approval = o.approval
    ? `approval:
  preReview: { by: ${yamlString(o.approval.preReview.by)}, at: ${o.approval.preReview.at} }
  signOff: { by: ${yamlString(o.approval.signOff.by)}, at: ${o.approval.signOff.at} }`
    : `# 预审、签发后填写以下审批记录,未填写不能发布(《政务公开预审制度》第三条):
# approval:
#   preReview: { by: 县政务公开预审小组(组长:常务副县长), at: ${o.published}T10:00:00+08:00 }
#   signOff: { by: 县政务公开领导小组组长(县长), at: ${o.published}T15:00:00+08:00 }`;
  const markdown = `---
id: ${id}
kind: result
channel: ${item.channel}
category: ${item.category}
cadence: one-off
title: ${yamlString(`${item.title.replace(/问卷$/, '')}${facts.interimThrough ? '阶段性结果' : '结果'}`)}
department: ${yamlString(item.department)}
published: ${o.published}
summary: ${yamlString(summary)}
result: ${id}.json
${approval}
---
县政务公开领导小组于${zhDate(item.questionnaire.opensOn)}至${zhDate(item.questionnaire.closesOn)}开展问卷评议,共收回有效问卷${facts.n}份${o.refused ? `(另有${o.refused}份因同一手机重复提交、同一网络超过限额等原因在提交时未予受理,不计入)` : ''}。各项评议结果见下列图表。

(请在此写明对各单位的通报意见,以及对群众意见和建议的整改安排:具备整改条件的立即整改,不具备整改条件的作出解释。——《政务公开评议制度》第六条、第七条)
`;
  return { id, markdown, json: `${JSON.stringify(facts, null, 2)}\n` };
}
