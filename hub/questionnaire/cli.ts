/**
 * The office's questionnaire command:
 *   npm run questionnaire -- results ID [--out content/questionnaires]
 * counts the answers the hub holds for questionnaire ID and writes the result
 * item (ID-result.md and ID-result.json) for the office to complete, approve
 * and publish with `npm run publish`. Environment: DATA_DIR (var/), FEED_DIR
 * (DATA_DIR/feed).
 *
 * TODO(intake): with the sealed outbox, read the opened answers from the
 * office's inbox (kind `questionnaire`, subject ID) instead of the interim table.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chinaDate } from '../../src/contract/validity.ts';
import { openDb } from '../db.ts';
import { QUESTIONNAIRE_MIGRATIONS, QuestionnaireAdmission } from './admission.ts';
import { INTERIM_MIGRATIONS, readInterimAnswers } from './interim-intake.ts';
import { resultFacts, resultFiles } from './results.ts';

const root = resolve(import.meta.dirname, '../..');
const dataDir = resolve(process.env.DATA_DIR ?? `${root}/var`);
const feedDir = resolve(process.env.FEED_DIR ?? `${dataDir}/feed`);
const [command, id, ...rest] = process.argv.slice(2);
const outAt = rest.indexOf('--out');
const outDir = resolve(outAt >= 0 && rest[outAt + 1] ? rest[outAt + 1]! : `${root}/content/questionnaires`);

if (command !== 'results' || !id) {
  console.error('用法:npm run questionnaire -- results 问卷编号 [--out 目录]');
  process.exit(2);
}
const db = openDb(join(dataDir, 'hub.sqlite'), [...QUESTIONNAIRE_MIGRATIONS, ...INTERIM_MIGRATIONS]);
const item = await new QuestionnaireAdmission(db, feedDir).questionnaire(id);
if (!item) {
  console.error(`feed 中没有问卷 ${id}(${feedDir})`);
  process.exit(1);
}
const rows = readInterimAnswers(db, id);
const { facts, excluded } = resultFacts(
  item,
  rows.map((r) => r.answers),
);
const files = resultFiles(item, facts, { published: chinaDate() });
await mkdir(outDir, { recursive: true });
const md = join(outDir, `${files.id}.md`);
// The office's text and approval are never overwritten; the figures are.
if (!existsSync(md)) await writeFile(md, files.markdown);
else if (!(await readFile(md, 'utf8')).includes(`result: ${files.id}.json`)) console.warn(`注意:${md} 已存在且未引用 ${files.id}.json`);
await writeFile(join(outDir, `${files.id}.json`), files.json);
console.log(`问卷 ${id}:收到 ${rows.length} 份,计入 ${facts.n} 份,未计入 ${excluded.length} 份`);
if (chinaDate() <= item.questionnaire.closesOn) console.warn(`注意:问卷 ${item.questionnaire.closesOn} 才截止,以上是截至今天的数字`);
for (const e of excluded) console.log(`  未计入第 ${e.index + 1} 份:${e.reasons.join(';')}`);
console.log(`已写入 ${md} 和 ${files.id}.json。请补写通报意见和整改安排,预审、签发后填写 approval,再运行 npm run publish。`);
db.close();
