/**
 * `npm run publish`: check and sign content/ into the feed. Lists every refused
 * file with its reason; publishes nothing if any file is refused.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadKey } from './keys.ts';
import { publish } from './publish/index.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    content: { type: 'string', default: `${root}/content` },
    feed: { type: 'string', default: `${root}/var/feed` },
    key: { type: 'string', default: `${root}/var/keys/signing.json` },
  },
});
let key: Awaited<ReturnType<typeof loadKey>>;
try {
  key = await loadKey(resolve(values.key));
} catch (e) {
  // A clerk sees a sentence, never a stack trace.
  console.error((e as Error).message);
  process.exit(1);
}
// Today in China time: new items' periods and notice dates may not start before it.
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const r = await publish({ contentDir: resolve(values.content), feedDir: resolve(values.feed), key, publishDate: today });
for (const d of r.drafts)
  console.log(`  草稿 ${d.file}:本次不发布(${d.problems.length} 项待完成,见下)\n${d.problems.map((m) => `    · ${m}`).join('\n')}`);
if (!r.ok) {
  console.error(`未发布:${r.problems.length} 个文件不符合规定,请修改后重新发布。`);
  for (const p of r.problems) for (const m of p.problems) console.error(`  ${p.file}: ${m}`);
  process.exit(1);
}
for (const w of r.warnings) for (const m of w.problems) console.warn(`  注意 ${w.file}: ${m}`);
console.log(r.added === 0 ? `内容无变化(${r.items} 条,序号 ${r.seq})。` : `已发布 ${r.added} 个变更,共 ${r.items} 条,序号 ${r.seq}。`);
