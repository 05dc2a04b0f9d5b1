/**
 * `npm run office -- user …`: the office's people from the command line (the admin page
 * at /office/people does the same). Every change goes to the audit log.
 *
 *   user add --name 张三 --role prereview [--role signoff] [--department 县交通运输局] [--base URL]
 *        prints a one-time enrollment link (24 h) to hand to the person
 *   user list
 *   user role ID --add ROLE | --remove ROLE
 *   user link ID [--base URL]        a new enrollment link (a lost one, a second passkey)
 *   user disable ID
 *
 * Common: --data DIR (the hub's data folder, default var/). The link's base is the address
 * the workspace is opened at (a domain, or http://localhost:PORT on the hub itself: passkeys
 * never work on an IP address); default $OFFICE_URL or http://localhost:8080.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chinaMinute } from '../../src/contract/china-time.ts';
import { isRole, ROLE_NAMES, ROLES, type Role } from '../../src/contract/roles.ts';
import { AuditLog } from '../audit.ts';
import { openDb } from '../db.ts';
import { PeopleStore } from './store.ts';

const USAGE = `用法:
  npm run office -- user add --name 姓名 --role 角色 [--role 角色…] [--department 部门] [--base 工作台地址]
  npm run office -- user list
  npm run office -- user role 编号 --add 角色 | --remove 角色
  npm run office -- user link 编号 [--base 工作台地址]
  npm run office -- user disable 编号
角色:${ROLES.map((r) => `${r}(${ROLE_NAMES[r]})`).join('、')}`;

/** A role as a clerk may write it: the English id or the Chinese name. */
function role(s: string): Role | undefined {
  if (isRole(s)) return s;
  return ROLES.find((r) => ROLE_NAMES[r] === s);
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let values: { data?: string; name?: string; role?: string[]; department?: string; base?: string; add?: string; remove?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: process.env.DATA_DIR ?? resolve(import.meta.dirname, '../../var') },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        department: { type: 'string' },
        base: { type: 'string' },
        add: { type: 'string' },
        remove: { type: 'string' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const db = openDb(join(resolve(values.data!), 'hub.sqlite'), []);
  const people = new PeopleStore(db);
  const audit = new AuditLog(db);
  const base = (values.base ?? process.env.OFFICE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
  const fail = (message: string) => {
    console.error(message);
    return 1;
  };
  try {
    const [command, id] = positionals;
    switch (command) {
      case 'add': {
        if (!values.name) return fail(`请用 --name 写上姓名\n${USAGE}`);
        const roles = (values.role ?? []).map((r) => [r, role(r)] as const);
        const bad = roles.filter(([, r]) => !r).map(([s]) => s);
        if (bad.length > 0 || roles.length === 0)
          return fail(`${bad.length ? `未知的角色:${bad.join('、')}` : '请用 --role 至少给一个角色'}\n${USAGE}`);
        const { person, token } = people.add({
          name: values.name,
          roles: roles.map(([, r]) => r!),
          ...(values.department ? { department: values.department } : {}),
        });
        audit.append({
          actor: 'cli',
          action: 'person.add',
          subject: `person:${person.id}`,
          detail: { name: person.name, roles: person.roles },
        });
        out(`已添加 ${person.name}(${person.id}),角色:${person.roles.map((r) => ROLE_NAMES[r]).join('、')}`);
        out('请把下面的一次性登记链接交给本人(24 小时内有效,只能用一次),用它登记通行密钥:');
        out(`${base}/office/enroll#${token}`);
        return 0;
      }
      case 'list': {
        const all = people.list();
        if (all.length === 0) out('还没有人员。用 npm run office -- user add 添加。');
        for (const p of all)
          out(
            `${p.id}  ${p.name}${p.department ? `(${p.department})` : ''}  ${p.roles.map((r) => ROLE_NAMES[r]).join('、')}  通行密钥 ${p.passkeys} 个${p.disabledAt ? `  已于 ${chinaMinute(p.disabledAt)} 停用` : ''}`,
          );
        return 0;
      }
      case 'role': {
        const p = id ? people.get(id) : undefined;
        if (!p) return fail(`没有编号为 ${id ?? '(未写)'} 的人员`);
        const add = values.add ? role(values.add) : undefined;
        const remove = values.remove ? role(values.remove) : undefined;
        if ((values.add && !add) || (values.remove && !remove) || (!add && !remove))
          return fail(`请用 --add 或 --remove 写一个角色\n${USAGE}`);
        const roles = [...p.roles.filter((r) => r !== remove), ...(add ? [add] : [])];
        if (roles.length === 0) return fail('至少保留一个角色;不再工作的人请用 user disable 停用');
        const after = people.setRoles(p.id, roles)!;
        audit.append({
          actor: 'cli',
          action: 'person.roles',
          subject: `person:${p.id}`,
          from: p.roles.join(','),
          to: after.roles.join(','),
        });
        out(`${after.name} 的角色:${after.roles.map((r) => ROLE_NAMES[r]).join('、')}`);
        return 0;
      }
      case 'link': {
        const p = id ? people.get(id) : undefined;
        if (!p || p.disabledAt) return fail(`没有编号为 ${id ?? '(未写)'} 的在用人员`);
        const token = people.enrollmentToken(p.id);
        audit.append({ actor: 'cli', action: 'person.link', subject: `person:${p.id}` });
        out(`${p.name} 的新登记链接(24 小时内有效,只能用一次):`);
        out(`${base}/office/enroll#${token}`);
        return 0;
      }
      case 'disable': {
        const p = id ? people.get(id) : undefined;
        if (!p) return fail(`没有编号为 ${id ?? '(未写)'} 的人员`);
        people.disable(p.id);
        audit.append({ actor: 'cli', action: 'person.disable', subject: `person:${p.id}`, to: '已停用' });
        out(`已停用 ${p.name}:其登录已全部失效,通行密钥不再能登录`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    db.close();
  }
}
