/**
 * `npm start`: publish content/ to the feed with the development key (made on
 * first run), then serve the hub. Environment: PORT (8080), HOST (127.0.0.1),
 * DATA_DIR (var/), CONTENT_DIR (content/), DIST_DIR (dist/), OFFICE_KEYS_DIR (where the
 * development office keys are written once: DATA_DIR/office-keys), TRUST_PROXY
 * (behind a reverse proxy: 1), INTAKE_LIMITS (JSON, see hub/intake/rate-limit.ts).
 */
import { resolve } from 'node:path';
import { setUpIntake } from './intake/keys.ts';
import { loadOrCreateKey } from './keys.ts';
import { publish, refreshHead } from './publish/index.ts';
import { buildHub } from './server.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.DATA_DIR ?? `${root}/var`);
const contentDir = resolve(process.env.CONTENT_DIR ?? `${root}/content`);
const feedDir = `${dataDir}/feed`;
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const { key, created } = await loadOrCreateKey(`${dataDir}/keys/signing.json`);
if (created) console.log(`已生成开发用签名密钥 ${key.id}(${dataDir}/keys/signing.json,不进入 git)`);

const result = await publish({ contentDir, feedDir, key });
if (!result.ok) {
  console.error('内容未发布,以下文件需要修改:');
  for (const p of result.problems) for (const m of p.problems) console.error(`  ${p.file}: ${m}`);
  process.exit(1);
}
console.log(`feed:${result.items} 条内容,新增 ${result.added} 个变更,序号 ${result.seq}`);

const intake = await setUpIntake({
  dataDir,
  officeKeysDir: resolve(process.env.OFFICE_KEYS_DIR ?? `${dataDir}/office-keys`),
  signingKey: key,
  log: (line) => console.log(line),
});
if (process.env.INTAKE_LIMITS) intake.limits = JSON.parse(process.env.INTAKE_LIMITS);

const app = await buildHub({
  distDir: resolve(process.env.DIST_DIR ?? `${root}/dist`),
  feedDir,
  configDir: `${root}/kiosk-config`,
  trustedKeys: [key.trusted],
  dataDir,
  logger: process.env.HUB_LOG !== '0',
  intake,
  // The development hub holds the feed key, so the office can publish approved answers from the browser.
  cases: { signingKey: key },
  ...(process.env.TRUST_PROXY ? { trustProxy: process.env.TRUST_PROXY === '1' ? true : process.env.TRUST_PROXY } : {}),
});
await app.listen({ port, host });
// The development hub holds the key, so it keeps the head fresh itself; an
// office with an offline key re-signs the head on its own schedule (docs/keys.md).
setInterval(() => {
  refreshHead(feedDir, key).then(
    (written) => written && app.log.info('feed head re-signed with a new expiry'),
    (e: unknown) => app.log.error(e, 'could not re-sign the feed head'),
  );
}, 3_600_000).unref();
console.log(`政务公开 hub 已启动:http://${host}:${port}/ (触摸屏) · /board (公开栏) · /?config=office (内部)`);
