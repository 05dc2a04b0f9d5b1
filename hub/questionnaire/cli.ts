/**
 * The office's questionnaire command:
 *   npm run questionnaire -- results ID --keys DIR [--out content/questionnaires] [--representative FILE]
 * opens the sealed answers the intake holds for questionnaire ID (the office's
 * inbox, kind `questionnaire`) with the office's 办理密钥 from DIR, counts them
 * and writes the result item (ID-result.md and ID-result.json) for the office
 * to complete and import with `npm run publish -- --as …` for 预审 and 签发. With
 * `--representative FILE`, the 代表评议 the office entered (《政务公开评议制度》第四条(二);
 * src/contract/questionnaire/result.ts RepresentativeEvaluation, JSON) goes into the same result. Environment:
 * DATA_DIR (var/), FEED_DIR (DATA_DIR/feed).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import { chinaDate } from '../../src/contract/china-time.ts';
import { describeIssues } from '../../src/contract/config.ts';
import { RepresentativeEvaluation } from '../../src/contract/questionnaire/result.ts';
import { migrate } from '../db.ts';
import { readOfficeKeys } from '../intake/keys.ts';
import { Inbox } from '../office/inbox.ts';
import { QUESTIONNAIRE_MIGRATIONS, QuestionnaireAdmission } from './admission.ts';
import { answersFromInbox } from './inbox-answers.ts';
import { resultFacts, resultFiles } from './results.ts';

const root = resolve(import.meta.dirname, '../..');
const dataDir = resolve(process.env.DATA_DIR ?? `${root}/var`);
const feedDir = resolve(process.env.FEED_DIR ?? `${dataDir}/feed`);
const [command, id, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : undefined;
};
const outDir = resolve(flag('--out') ?? `${root}/content/questionnaires`);
const keysDir = flag('--keys');

if (command !== 'results' || !id || !keysDir) {
  console.error('用法:npm run questionnaire -- results 问卷编号 --keys 本办私钥目录 [--out 目录] [--representative 代表评议.json]');
  console.error('答卷在触摸屏和手机上已加密,只有本办的办理密钥能打开(hub 上没有私钥)。');
  process.exit(2);
}
const keys = (await readOfficeKeys(resolve(keysDir))).filter((k) => k.role === 'content');
if (keys.length === 0) {
  console.error(`${keysDir} 中没有办理密钥(content),无法打开答卷`);
  process.exit(1);
}
const inbox = new Inbox(join(dataDir, 'hub.sqlite'));
const db = inbox.store.db;
migrate(db, QUESTIONNAIRE_MIGRATIONS);
const admission = new QuestionnaireAdmission(db, feedDir);
const item = await admission.questionnaire(id);
if (!item) {
  console.error(`feed 中没有问卷 ${id}(${feedDir})`);
  inbox.close();
  process.exit(1);
}
let representative: RepresentativeEvaluation | undefined;
const repFile = flag('--representative');
if (repFile) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(resolve(repFile), 'utf8'));
  } catch (e) {
    console.error(`代表评议文件 ${repFile} 无法读取或不是 JSON:${(e as Error).message}`);
    inbox.close();
    process.exit(1);
  }
  const r = v.safeParse(RepresentativeEvaluation, raw);
  if (!r.success) {
    console.error(`代表评议文件 ${repFile} 有误:\n  ${describeIssues(r.issues).join('\n  ')}`);
    inbox.close();
    process.exit(1);
  }
  representative = r.output;
}
const opened = await answersFromInbox(inbox, id, keys);
const counted = resultFacts(item, opened.answers);
const excluded = counted.excluded;
const facts = representative ? { ...counted.facts, representative } : counted.facts;
const refusals = admission.refusals(id);
const refused = Object.values(refusals).reduce((a, b) => a + b, 0);
const files = resultFiles(item, facts, { published: chinaDate(), refused });
await mkdir(outDir, { recursive: true });
const md = join(outDir, `${files.id}.md`);
// The office's text and approval are never overwritten; the figures are.
if (!existsSync(md)) await writeFile(md, files.markdown);
else if (!(await readFile(md, 'utf8')).includes(`result: ${files.id}.json`)) console.warn(`注意:${md} 已存在且未引用 ${files.id}.json`);
await writeFile(join(outDir, `${files.id}.json`), files.json);
console.log(`问卷 ${id}:收到 ${opened.received} 份,计入 ${facts.n} 份,未计入 ${excluded.length + opened.unopened.length} 份`);
if (refused > 0)
  console.log(
    `另有 ${refused} 份在提交时被拒收(${Object.entries(refusals)
      .map(([reason, n]) => `${REFUSAL_ZH[reason] ?? reason} ${n}`)
      .join(',')}),不在以上数字中`,
  );
for (const u of opened.unopened) console.log(`  未能打开 ${u.trackingCode}:${u.reason}`);
if (chinaDate() <= item.questionnaire.closesOn) console.warn(`注意:问卷 ${item.questionnaire.closesOn} 才截止,以上是截至今天的数字`);
for (const e of excluded) console.log(`  未计入第 ${e.index + 1} 份:${e.reasons.join(';')}`);
if (facts.units) console.log(`按被评议单位分别统计:${facts.units.map((u) => `${u.name} ${u.n} 份`).join(',')}`);
console.log(
  `已写入 ${md} 和 ${files.id}.json。请补写通报意见和整改安排,用 npm run publish -- --as 起草人编号 导入工作台,预审、签发后公开。`,
);
inbox.close();

/** Why answers were refused at the hub (hub/questionnaire/admission.ts), as the office reads it. */
const REFUSAL_ZH: Record<string, string> = {
  'already-answered': '同一手机重复提交',
  'address-limit': '同一网络超过限额',
  'rate-limited': '同一触摸屏过于频繁',
  'not-open': '问卷尚未开始',
  closed: '问卷已截止',
  'bad-time': '设备时钟错误',
};
