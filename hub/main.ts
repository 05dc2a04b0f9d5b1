/**
 * `npm start`: publish content/ to the feed with the development key (made on
 * first run), then serve the hub. Environment: PORT (8080), HOST (127.0.0.1),
 * DATA_DIR (var/), CONTENT_DIR (content/), DIST_DIR (dist/), OFFICE_KEYS_DIR (where the
 * development office keys are written once: DATA_DIR/office-keys), TRUST_PROXY
 * (behind a reverse proxy: 1), INTAKE_LIMITS (JSON, see hub/intake/rate-limit.ts).
 *
 * `--demo` (what `npm start` passes; `npm run serve` does not): devices that open from this
 * machine itself are approved without IT (hub/devices/), and the log says so each time.
 */
import { resolve } from 'node:path';
import * as v from 'valibot';
import { TrustedKey } from '../src/contract/config.ts';
import { demoApprover } from './approvals/demo-approver.ts';
import { loadOrCreateDemoOffice } from './approvals/demo-office.ts';
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
const demo = process.argv.includes('--demo');

const { key, created } = await loadOrCreateKey(`${dataDir}/keys/signing.json`);
if (created) console.log(`已生成开发用签名密钥 ${key.id}(${dataDir}/keys/signing.json,不进入 git)`);

// In the demo (npm start) a demo office (a root key and four demo people with software passkeys)
// approves the sample content, so a fresh machine shows a full, verified demo; devices served by
// this hub accept its demo roster. A production hub has no demo office, and its configs list the
// office's own rosterRoots, which never accept a demo roster.
// WebAuthn takes a domain, never an IP address, as relying party: on this machine the office is http://localhost:PORT/office/.
const rpId = /^[\d.]+$|:/.test(host) ? 'localhost' : host;
const demoOffice = demo
  ? await loadOrCreateDemoOffice(`${dataDir}/keys/demo-office.json`, {
      rpId,
      origins: [`http://${rpId}:${port}`, `http://${host}:${port}`],
    })
  : undefined;
if (demoOffice?.created)
  console.log(`已生成演示用名册根密钥与演示人员(${dataDir}/keys/demo-office.json,不进入 git;正式设备不采信演示名册)`);

// One door into the feed (issue 11): only the demo publishes content/ at start, approved by its demo
// people. A production hub publishes what the workspace signs; bulk Markdown enters the workflow
// with `npm run publish -- --as <人员编号>`.
if (demoOffice) {
  const result = await publish({ contentDir, feedDir, key, approver: demoApprover(demoOffice.office) });
  if (!result.ok) {
    console.error('内容未发布,以下文件需要修改:');
    for (const p of result.problems) for (const m of p.problems) console.error(`  ${p.file}: ${m}`);
    process.exit(1);
  }
  for (const w of result.warnings) for (const m of w.problems) console.warn(`注意 ${w.file}: ${m}`);
  console.log(`feed:${result.items} 条内容,新增 ${result.added} 个变更,序号 ${result.seq}`);
} else console.log('content/ 不在启动时发布:内容经工作台 /office/ 预审、审议、签发后发布(批量导入:npm run publish -- --as 人员编号)');

const rosterRoots = process.env.ROSTER_ROOTS ? v.parse(v.array(TrustedKey), JSON.parse(process.env.ROSTER_ROOTS)) : [];
if (!demo && rosterRoots.length === 0)
  console.warn('注意:未配置 ROSTER_ROOTS(名册根公钥):工作台签发的内容不带本人签名,检查名册的设备不会显示它(见 docs/keys.md)');

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
  ...(demoOffice ? { demoRoster: { rosterRoots: [demoOffice.office.root.trusted], acceptDemoRoster: true } } : {}),
  dataDir,
  logger: process.env.HUB_LOG !== '0',
  intake,
  // The development hub holds the feed key, so the office can publish approved answers from the browser.
  // In the demo the demo office's people sign what the workspace publishes, until the 预审/签发 workflow
  // collects the clerks' own passkey signatures (issue 11/12); a production hub passes no approver.
  cases: { signingKey: key, ...(demoOffice ? { approver: demoApprover(demoOffice.office) } : {}) },
  // The roster: the office's root public keys (ROSTER_ROOTS, JSON, as in the devices' rosterRoots);
  // in the demo the demo office's root also signs a new roster by itself when people enroll.
  ...(rosterRoots.length > 0 || demoOffice
    ? {
        roster: {
          roots: rosterRoots,
          office: process.env.OFFICE_NAME ?? '清原满族自治县政务公开办',
          ...(demoOffice
            ? { demo: { root: demoOffice.office.root, roster: demoOffice.office.roster, envelope: demoOffice.office.rosterEnvelope } }
            : {}),
        },
      }
    : {}),
  autoApproveLoopback: demo,
  deviceLog: (line) => console.log(line),
  // A feed served from a CDN on another origin: the CSP must let the app fetch it (comma-separated origins).
  ...(process.env.FEED_ORIGINS ? { security: { extraConnect: process.env.FEED_ORIGINS.split(',').map((x) => x.trim()) } } : {}),
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
// Graceful stop (systemd sends SIGTERM): stop accepting, let the requests in flight finish (a citizen's
// complaint being received is answered with its receipt), close SQLite cleanly, then exit. A hub that
// cannot finish within 25 s exits anyway; SQLite's WAL keeps what was committed.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}:不再接受新的请求,处理完进行中的请求后关闭数据库`);
    setTimeout(() => {
      console.error('25 秒内未能处理完进行中的请求,强制退出');
      process.exit(1);
    }, 25_000).unref();
    app.close().then(
      () => {
        console.log('hub 已安全停止');
        process.exit(0);
      },
      (e: unknown) => {
        console.error('停止时出错:', e);
        process.exit(1);
      },
    );
  });
if (demo) console.log('演示模式:从本机打开的触摸屏和公开栏会被自动批准登记(正式部署用 npm run serve,设备须由信息技术人员批准)');
console.log(`政务公开 hub 已启动:http://${host}:${port}/ (触摸屏) · /board (公开栏) · /?config=office (内部)`);
