/**
 * `npm run office -- roster …`: the office's roster (名册) signed by its root key, on
 * the offline PC where that key lives (docs/keys.md, "The roster and its root key").
 *
 *   roster root-key --out PATH                        make the root key (once; keep it offline, two copies)
 *   roster sign --root-key PATH --in DRAFT --out FILE  check a roster draft and sign it with the root key
 *   roster show --in FILE [--root-public KEY]          print who is on a signed roster, and check it
 *   roster export --origin URL --out DRAFT [--data DIR]  on the hub: the next roster to sign, from the people enrolled
 *   roster import --in FILE [--data DIR]               on the hub: a signed roster, checked against ROSTER_ROOTS
 *
 * A draft is the roster's payload as JSON (src/contract/roster.ts); `issued` is set when
 * it is signed, and its serial must be higher than the last one the office signed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { describeIssues, TrustedKey } from '../../src/contract/config.ts';
import { ROLE_NAMES } from '../../src/contract/roles.ts';
import { RosterPayload, verifyRoster } from '../../src/contract/roster.ts';
import { KeyRing, signEnvelope } from '../../src/contract/signing.ts';
import { openDb } from '../db.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { RosterKeeper } from '../people/roster.ts';
import { PeopleStore } from '../people/store.ts';

const USAGE = `用法:
  npm run office -- roster root-key --out 路径
  npm run office -- roster sign --root-key 路径 --in 名册草稿.json --out 名册.json
  npm run office -- roster show --in 名册.json [--root-public 根公钥]
  npm run office -- roster export --origin https://工作台域名 --out 名册草稿.json   (在 hub 上)
  npm run office -- roster import --in 名册.json                                   (在 hub 上,需 ROSTER_ROOTS)`;

class CliError extends Error {}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`找不到${what}:${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what}不是合法的 JSON(${path}):${(e as Error).message}`);
  }
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        in: { type: 'string' },
        'root-key': { type: 'string' },
        'root-public': { type: 'string' },
        origin: { type: 'string' },
        data: { type: 'string', default: process.env.DATA_DIR ?? resolve(import.meta.dirname, '../../var') },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    switch (positionals[0]) {
      case 'root-key': {
        if (!values.out) throw new CliError('请用 --out 指定根密钥文件的保存位置(应为离线电脑或加密 U 盘)');
        const file = await generateKeyFile('root');
        try {
          await writeFile(values.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${values.out} 已存在:根密钥不会被覆盖`);
          throw e;
        }
        out(`已生成名册根密钥 ${file.id},保存在 ${values.out}。`);
        out(`请把以下公钥写入每台设备配置的 rosterRoots:{ "id": "${file.id}", "publicKey": "${file.publicKey}" }`);
        return 0;
      }
      case 'sign': {
        if (!values['root-key'] || !values.in || !values.out) throw new CliError('sign 需要 --root-key、--in 和 --out');
        const root = await importKeyFile((await readJson(values['root-key'], '根密钥文件')) as Parameters<typeof importKeyFile>[0]).catch(
          (e: unknown) => {
            throw e instanceof CliError ? e : new CliError(`根密钥文件无法读取:${(e as Error).message}`);
          },
        );
        const draft = (await readJson(values.in, '名册草稿')) as Record<string, unknown>;
        const parsed = v.safeParse(RosterPayload, { ...draft, issued: new Date().toISOString() });
        if (!parsed.success) throw new CliError(`名册草稿有误:\n  ${describeIssues(parsed.issues).join('\n  ')}`);
        const env = await signEnvelope(parsed.output, root.id, root.privateKey);
        await writeFile(values.out, `${JSON.stringify(env)}\n`);
        out(`已用根密钥 ${root.id} 签署名册第 ${parsed.output.serial} 版(${parsed.output.people.length} 人),写入 ${values.out}`);
        return 0;
      }
      case 'show': {
        if (!values.in) throw new CliError('show 需要 --in');
        const env = (await readJson(values.in, '名册')) as { keyId?: string; payload?: string };
        const publicKey = values['root-public'];
        if (publicKey) {
          const checked = await verifyRoster(env, new KeyRing([{ id: String(env.keyId), publicKey }]), { acceptDemo: true });
          if (!checked.ok) throw new CliError(checked.message);
          out('签名有效。');
        }
        const roster = v.parse(RosterPayload, JSON.parse(String(env.payload)));
        out(`${roster.office} 名册第 ${roster.serial} 版${roster.demo ? '(演示)' : ''},签署于 ${roster.issued}`);
        for (const p of roster.people) {
          const roles = p.roles.map((r) => ROLE_NAMES[r.role]).join('、');
          out(
            `  ${p.name}${p.department ? `(${p.department})` : ''} ${roles}${p.until ? `,至 ${p.until}` : ''};通行密钥 ${p.credentials.length} 个`,
          );
        }
        return 0;
      }
      case 'export':
      case 'import': {
        const keeper = openKeeper(values.data!);
        try {
          if (positionals[0] === 'export') {
            if (!values.origin || !values.out) throw new CliError('export 需要 --origin(工作台网址)和 --out');
            let origin: URL;
            try {
              origin = new URL(values.origin);
            } catch {
              throw new CliError(`--origin 应为工作台网址,如 https://zwgk.example.gov.cn:${values.origin}`);
            }
            const draft = keeper.draft({ rpId: origin.hostname, origins: [origin.origin] });
            await writeFile(values.out, `${JSON.stringify(draft, null, 2)}\n`);
            out(`名册草稿第 ${draft.serial} 版(${draft.people.length} 人)已写入 ${values.out}:请拷到离线电脑用根密钥签署`);
            return 0;
          }
          if (!values.in) throw new CliError('import 需要 --in');
          const r = await keeper.import(await readJson(values.in, '名册'), 'cli');
          if (!r.ok) throw new CliError(r.message);
          out(`已导入名册第 ${r.roster.serial} 版(${r.roster.people.length} 人):下次签发时随 feed 发到各设备`);
          return 0;
        } finally {
          keeper.close();
        }
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

/** The hub's roster keeper over its SQLite file, with the root keys from ROSTER_ROOTS. */
function openKeeper(dataDir: string): RosterKeeper & { close(): void } {
  const db = openDb(join(resolve(dataDir), 'hub.sqlite'), []);
  const roots = process.env.ROSTER_ROOTS ? v.parse(v.array(TrustedKey), JSON.parse(process.env.ROSTER_ROOTS)) : [];
  const keeper = new RosterKeeper(db, new PeopleStore(db), { roots, office: process.env.OFFICE_NAME ?? '清原满族自治县政务公开办' });
  return Object.assign(keeper, { close: () => db.close() });
}
