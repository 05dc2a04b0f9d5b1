/**
 * `npm run office -- <命令>`: the open-affairs office's side of complaints and
 * inquiries, on the command line for now (docs/complaints.md).
 *
 *   list    [--status S] [--kind K] [--keys DIR]    the inbox, one line each, China time (K: 投诉 or complaint …)
 *   open    CODE --keys DIR                          one submission in full; name and phone only with the 保密密钥
 *   status  CODE 办理中|已办结|… [--note TEXT]        set the status; the note is shown to the citizen on the tracking page
 *   answer  CODE --text TEXT | --file PATH           write the answer (status becomes 已答复)
 *   publish CODE --title T --question Q --pre-review-by B --pre-review-at T --sign-off-by B --sign-off-at T
 *           [--department D] [--signing-key PATH] [--keys DIR]
 *                                                    publish the anonymised answer to the board (an `answer` item)
 *   keygen  --out DIR                                make the office's two key pairs (on the office's own PC)
 *   endorse --signing-key PATH                       vouch for the intake keys with the feed key (writes var/keys/intake-config.json)
 *
 * Common: --data DIR (the hub's data folder, default var/).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chinaDate, chinaMinute } from '../../src/contract/china-time.ts';
import { STATUS_ZH, SUBMISSION_STATUSES, type SubmissionStatus } from '../../src/contract/submission.ts';
import { COMPLAINT_CATEGORIES } from '../../src/contract/submission-content.ts';
import { formatTrackingCode } from '../../src/contract/tracking-code.ts';
import { endorseIntakeKeys, type OfficePublicKeys, writeOfficeKeys } from '../intake/keys.ts';
import { loadKey } from '../keys.ts';
import { KIND_ZH, kindProblem, parseKind, readOfficeKeysOrExplain } from './cli-helpers.ts';
import { Inbox, type OpenedSubmission, openSubmission } from './inbox.ts';
import { publishAnswer } from './publish-answer.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * Command groups with their own options live in their own modules (each exports
 * `main(argv): Promise<number>`, the exit code): `user` (hub/people/), `device` (hub/devices/),
 * `roster` (hub/people/). Dispatched before this file's own options are parsed.
 */
const GROUPS: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  roster: () => import('../approvals/roster-cli.ts'),
  case: () => import('../cases/cli.ts'),
  device: () => import('../devices/cli.ts'),
  user: () => import('../people/cli.ts'),
};
const group = GROUPS[process.argv[2] ?? ''];
if (group) process.exit(await (await group()).main(process.argv.slice(3)));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string', default: `${root}/var` },
    keys: { type: 'string' },
    status: { type: 'string' },
    kind: { type: 'string' },
    note: { type: 'string' },
    text: { type: 'string' },
    file: { type: 'string' },
    title: { type: 'string' },
    question: { type: 'string' },
    department: { type: 'string', default: '县政务公开办' },
    'pre-review-by': { type: 'string' },
    'pre-review-at': { type: 'string' },
    'sign-off-by': { type: 'string' },
    'sign-off-at': { type: 'string' },
    'signing-key': { type: 'string' },
    out: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseStatus(s: string | undefined): SubmissionStatus {
  const found = SUBMISSION_STATUSES.find((x) => x === s || STATUS_ZH[x] === s);
  if (!found) fail(`状态应为:${SUBMISSION_STATUSES.map((x) => `${STATUS_ZH[x]}(${x})`).join('、')}`);
  return found;
}

const dataDir = resolve(values.data!);
const dbPath = join(dataDir, 'hub.sqlite');
const [command, ref, arg] = positionals;

function brief(o: OpenedSubmission): string {
  const c = o.content as Record<string, unknown> | undefined;
  if (!c) return '(未打开)';
  const text = String(c.what ?? c.question ?? c.opinion ?? '');
  const category = COMPLAINT_CATEGORIES.find((x) => x.id === c.category)?.zh;
  return [category, c.department, c.major ? '重大事项' : '', text.length > 30 ? `${text.slice(0, 30)}…` : text].filter(Boolean).join(' · ');
}

function detail(o: OpenedSubmission): string {
  const s = o.submission;
  const lines = [
    `查询码   ${formatTrackingCode(s.trackingCode)}    (${s.id})`,
    `类别     ${KIND_ZH[s.kind]}${s.subject ? `(关于 ${s.subject})` : ''}`,
    `来源     ${s.source === 'kiosk' ? `触摸屏 ${s.deviceName ?? ''}` : '手机'},填写于 ${chinaMinute(s.createdAt)},收到于 ${chinaMinute(o.row.received_at)}(北京时间)`,
    `状态     ${STATUS_ZH[o.row.status]}(${chinaMinute(o.row.status_at)})`,
  ];
  const c = o.content as Record<string, unknown> | undefined;
  if (c)
    for (const [k, v] of Object.entries(c)) {
      if (k === 'kind') continue;
      const value =
        k === 'category' ? (COMPLAINT_CATEGORIES.find((x) => x.id === v)?.zh ?? v) : typeof v === 'object' ? JSON.stringify(v) : v;
      lines.push(`${k.padEnd(9)}${value}`);
    }
  if (!s.identity) lines.push('身份     匿名');
  else if (o.identityLocked) lines.push('身份     (已加密;需保密密钥才能查看,《政务公开投诉制度》第四条)');
  else if (o.identity) lines.push(`身份     ${o.identity.name ?? ''} ${o.identity.phone ?? ''} ${o.identity.address ?? ''}`.trimEnd());
  if (o.row.answer) lines.push(`答复     ${o.row.answer}`);
  if (o.row.published_item) lines.push(`已公开   ${o.row.published_item}`);
  for (const p of o.problems) lines.push(`⚠ ${p}`);
  return lines.join('\n');
}

async function withInbox<T>(fn: (inbox: Inbox) => Promise<T> | T): Promise<T> {
  const inbox = new Inbox(dbPath);
  try {
    return await fn(inbox);
  } finally {
    inbox.close();
  }
}

const officeKeys = async () => (values.keys ? readOfficeKeysOrExplain(resolve(values.keys)) : []);

try {
  switch (command) {
    case 'list': {
      const keys = await officeKeys();
      await withInbox(async (inbox) => {
        const rows = inbox.list({
          ...(values.status ? { status: parseStatus(values.status) } : {}),
          ...(values.kind ? { kind: parseKind(values.kind) ?? fail(kindProblem(values.kind)) } : {}),
        });
        for (const row of rows) {
          const about = keys.length > 0 ? ` ${brief(await openSubmission(row, keys))}` : '';
          console.log(
            `${formatTrackingCode(row.tracking_code)}  ${chinaMinute(row.received_at)}  ${KIND_ZH[row.kind]}  ${STATUS_ZH[row.status]}${about}`,
          );
        }
        console.log(`共 ${rows.length} 件。`);
      });
      break;
    }
    case 'open': {
      if (!ref) fail('用法:npm run office -- open 查询码 --keys 密钥目录');
      const keys = await officeKeys();
      if (keys.length === 0) fail('请用 --keys 指定存放本办私钥的目录(如 U 盘),hub 上没有私钥。');
      await withInbox(async (inbox) => {
        const row = inbox.find(ref) ?? fail(`没有找到 ${ref}`);
        console.log(detail(await openSubmission(row, keys)));
      });
      break;
    }
    case 'status': {
      const status = parseStatus(arg);
      await withInbox((inbox) => {
        const row = inbox.find(ref ?? '') ?? fail(`没有找到 ${ref}`);
        inbox.store.setStatus(row.id, status, values.note?.trim() ?? '');
        console.log(
          `${formatTrackingCode(row.tracking_code)} 状态已改为「${STATUS_ZH[status]}」。${values.note?.trim() ? '说明已写入,市民凭查询码可以看到。' : ''}`,
        );
      });
      break;
    }
    case 'answer': {
      const text = values.file ? await readFile(resolve(values.file), 'utf8') : values.text;
      if (!text?.trim()) fail('请用 --text 或 --file 给出答复内容。');
      await withInbox((inbox) => {
        const row = inbox.find(ref ?? '') ?? fail(`没有找到 ${ref}`);
        inbox.store.setAnswer(row.id, text.trim(), '已书面答复');
        console.log(`${formatTrackingCode(row.tracking_code)} 已写入答复,状态为「已答复」。市民凭查询码可以看到。`);
      });
      break;
    }
    case 'publish': {
      for (const k of ['title', 'question', 'pre-review-by', 'pre-review-at', 'sign-off-by', 'sign-off-at'] as const)
        if (!values[k]) fail(`公开答复须给出 --${k}(须经预审和签发:《政务公开预审制度》第三条、《政务公开制度》四)`);
      const key = await loadKey(resolve(values['signing-key'] ?? join(dataDir, 'keys/signing.json')));
      const keys = await officeKeys();
      await withInbox(async (inbox) => {
        const row = inbox.find(ref ?? '') ?? fail(`没有找到 ${ref}`);
        const opened = keys.length > 0 ? await openSubmission(row, keys) : undefined;
        const r = await publishAnswer(
          {
            row,
            title: values.title!,
            question: values.question!,
            department: values.department!,
            approval: {
              preReview: { by: values['pre-review-by']!, at: values['pre-review-at']! },
              signOff: { by: values['sign-off-by']!, at: values['sign-off-at']! },
            },
            ...(opened?.identity ? { identity: opened.identity } : {}),
            publishedAt: chinaDate(),
          },
          { dir: join(dataDir, 'feed'), key },
        );
        if (!r.ok) fail(`未公开:\n${r.problems.map((p) => `  ${p}`).join('\n')}`);
        inbox.store.setPublished(row.id, r.itemId, `答复已在政务公开栏公布(${r.itemId})`);
        console.log(`已公开为 ${r.itemId}(feed 序号 ${r.seq})。各触摸屏和公开栏下次同步时显示。`);
      });
      break;
    }
    case 'keygen': {
      if (!values.out) fail('用法:npm run office -- keygen --out 目录(请用本办自己的电脑和加密 U 盘)');
      const pub = await writeOfficeKeys(resolve(values.out));
      console.log(`已生成保密密钥 ${pub.identity[0]!.id} 和办理密钥 ${pub.content[0]!.id},私钥在 ${values.out}。`);
      console.log('把下面这段公钥交给 IT,存为 hub 的 var/keys/office-public.json:');
      console.log(JSON.stringify(pub, null, 2));
      break;
    }
    case 'endorse': {
      if (!values['signing-key']) fail('用法:npm run office -- endorse --signing-key 签名密钥 [--data hub 数据目录]');
      const key = await loadKey(resolve(values['signing-key']));
      const office = JSON.parse(await readFile(join(dataDir, 'keys/office-public.json'), 'utf8')) as OfficePublicKeys;
      const receipt = JSON.parse(await readFile(join(dataDir, 'keys/receipt.json'), 'utf8')) as { id: string; publicKey: string };
      const block = await endorseIntakeKeys(office, [{ id: receipt.id, publicKey: receipt.publicKey }], key);
      await writeFile(join(dataDir, 'keys/intake-config.json'), `${JSON.stringify(block, null, 2)}\n`);
      console.log(`已用 ${key.id} 为受理密钥担保,写入 ${join(dataDir, 'keys/intake-config.json')}。设备配置中的 intake 段:`);
      console.log(JSON.stringify(block, null, 2));
      break;
    }
    default:
      console.error(
        '用法:npm run office -- list | open 查询码 | status 查询码 状态 | answer 查询码 --text … | publish 查询码 … | keygen --out 目录 | endorse --signing-key …',
      );
      process.exit(command ? 1 : 0);
  }
} catch (e) {
  // A clerk sees a sentence, never a stack trace.
  fail((e as Error).message);
}
