/**
 * `npm run publish -- --as <人员编号>`: bulk import of Markdown content (docs/content.md) into the
 * publishing workflow. There is one door into the feed (issue 11): each file becomes a draft of
 * the person named by `--as` (a drafter of the file's department) and is submitted to 预审; it
 * reaches kiosks and boards only after 预审, 审议 and 签发 in the workspace (/office/).
 * The CLI goes through the same route and the same checks as the workspace's import, as that
 * person, with a session opened for this run and closed after it.
 *
 *   npm run publish -- --as p-1a2b3c4d5e [--content content/items] [--data var]
 *
 * The demo (`npm start`) still publishes content/ at start, approved by its demo people.
 */

import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { installAccess } from './access.ts';
import { openDb } from './db.ts';
import { installPeople } from './people/plugin.ts';
import { listMarkdown } from './publish/content.ts';
import { workflowPlugin } from './workflow/plugin.ts';

const root = resolve(import.meta.dirname, '..');
const USAGE = '用法:npm run publish -- --as 人员编号 [--content 内容目录] [--data 数据目录]\n(人员编号见 npm run office -- user list)';

const { values } = parseArgs({
  options: {
    as: { type: 'string' },
    content: { type: 'string', default: `${root}/content/items` },
    data: { type: 'string', default: process.env.DATA_DIR ?? `${root}/var` },
    feed: { type: 'string' },
  },
});
if (!values.as) {
  console.error(`命令行不再直接发布:内容须经工作台预审、审议、签发。请指明以哪位起草人的名义导入。\n${USAGE}`);
  process.exit(2);
}
const dataDir = resolve(values.data);
const contentDir = resolve(values.content);

const app = Fastify({ logger: false });
app.decorate('db', openDb(join(dataDir, 'hub.sqlite'), []));
installAccess(app);
await installPeople(app);
await app.register(workflowPlugin, { db: app.db, dataDir, feed: { dir: resolve(values.feed ?? `${dataDir}/feed`) } });
app.addHook('onClose', async () => app.db.close());
await app.ready();

const person = app.people.get(values.as);
if (!person || person.disabledAt) {
  console.error(`没有人员 ${values.as},或已停用。\n${USAGE}`);
  await app.close();
  process.exit(1);
}
let paths: string[];
try {
  paths = await listMarkdown(contentDir);
} catch {
  console.error(`找不到内容目录 ${contentDir}`);
  await app.close();
  process.exit(1);
}
// A questionnaire's form and a result's counts may live in JSON files beside the Markdown (docs/questionnaire.md).
const files = await Promise.all(
  paths.map(async (p) => {
    const text = await readFile(p, 'utf8');
    const json: Record<string, unknown> = {};
    for (const field of ['form', 'result'] as const) {
      const named = new RegExp(`^${field}:\\s*["']?([^"'\\s]+\\.json)`, 'm').exec(text)?.[1];
      if (!named) continue;
      try {
        json[field] = JSON.parse(await readFile(resolve(dirname(p), named), 'utf8'));
      } catch (e) {
        console.error(`  ✗ ${relative(contentDir, p)}:${field} 文件 ${named} 无法读取(${(e as Error).message})`);
      }
    }
    return { name: relative(contentDir, p), text, json };
  }),
);
const session = app.people.openSession(person.id);
const res = await app.inject({
  method: 'POST',
  url: '/api/office/v1/workflow/import',
  headers: { cookie: `zwgk_session=${session}`, host: 'localhost', origin: 'http://localhost' },
  payload: { files },
});
app.people.closeSession(session);
await app.close();
const body = res.json() as { message?: string; submitted?: number; results?: { file: string; ok: boolean; message: string }[] };
if (res.statusCode !== 200) {
  console.error(`导入被拒绝:${body.message ?? res.statusCode}`);
  process.exit(1);
}
for (const r of body.results ?? []) (r.ok ? console.log : console.error)(`  ${r.ok ? '✓' : '✗'} ${r.file}:${r.message}`);
console.log(
  `以 ${person.name} 的名义导入:${body.submitted} 件已提交预审,${(body.results?.length ?? 0) - (body.submitted ?? 0)} 件未提交(见上)。请在工作台 /office/ 继续办理。`,
);
process.exit(body.results?.every((r) => r.ok) ? 0 : 1);
