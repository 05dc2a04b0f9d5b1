/**
 * `npm run office -- device …`: county IT enrolls and revokes kiosks and boards
 * (docs/kiosk-setup.md). Works on the hub's database file while the hub runs; every
 * change goes into the audit log (actor `cli`).
 *
 *   device approve CODE --name NAME --place PLACE [--channels public,internal]
 *   device list [--all]
 *   device revoke ID [--reason TEXT]
 *
 * Common: --data DIR (the hub's data folder, default var/).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { Channel, normalizeClaimCode } from '../../src/contract/device.ts';
import { AuditLog } from '../audit.ts';
import { openDb } from '../db.ts';
import { type DeviceRow, DeviceStore } from './store.ts';

const root = resolve(import.meta.dirname, '../..');
const STATE_ZH = { pending: '待批准', enrolled: '已登记', revoked: '已停用' } as const;
const CHANNEL_ZH = { public: '对外', internal: '对内' } as const;

const USAGE = `用法:
  npm run office -- device approve 认领码 --name 名称 --place 安装地点 [--channels public,internal]
  npm run office -- device list [--all]
  npm run office -- device revoke 设备编号 [--reason 原因]
  共同选项:--data 目录(中心的数据目录,默认 var/)`;

function line(d: DeviceRow): string {
  const when = d.revokedAt ? `停用于 ${d.revokedAt}` : d.enrolledAt ? `登记于 ${d.enrolledAt}` : `申请于 ${d.claimedAt}`;
  const channels = d.channels.map((c) => CHANNEL_ZH[c]).join('、') || '—';
  return `${d.id}  ${STATE_ZH[d.state]}  ${d.code}  ${d.name ?? '(未命名)'}  ${d.place ?? '—'}  频道:${channels}  配置:${d.config}  ${when}`;
}

export async function main(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: `${root}/var` },
        name: { type: 'string' },
        place: { type: 'string' },
        channels: { type: 'string', default: 'public' },
        reason: { type: 'string' },
        all: { type: 'boolean', default: false },
      },
    });
  }
  try {
    parsed = parse();
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ref] = positionals;
  if (!command || !['approve', 'list', 'revoke'].includes(command)) {
    err(USAGE);
    return 2;
  }
  const db = openDb(join(resolve(values.data!), 'hub.sqlite'), []);
  try {
    const store = new DeviceStore(db);
    const audit = new AuditLog(db);
    const now = new Date();
    if (command === 'list') {
      const all = store.list().filter((d) => values.all || d.state !== 'revoked');
      if (all.length === 0) out('没有设备。');
      for (const d of all) out(line(d));
      return 0;
    }
    if (command === 'approve') {
      const code = normalizeClaimCode(ref ?? '');
      if (!code) {
        err(`认领码应为 8 位(如 ABCD-EFGH),不含 0、O、1、I。\n${USAGE}`);
        return 2;
      }
      const name = values.name?.trim();
      const place = values.place?.trim();
      if (!name || !place || name.length > 80 || place.length > 80) {
        err('请用 --name 和 --place 写明设备名称和安装地点(各不超过 80 字)。');
        return 2;
      }
      const channels: ('public' | 'internal')[] = [];
      for (const c of values.channels!.split(',').map((s) => s.trim())) {
        if (!v.is(Channel, c)) {
          err(`频道只能是 public(对外)或 internal(对内):${c}`);
          return 2;
        }
        if (!channels.includes(c)) channels.push(c);
      }
      const pending = store.pendingByCode(code);
      if (pending.length === 0) {
        err(`没有认领码为 ${code} 的待批准设备(申请超过 7 天未批准会作废,设备会重新申请)。`);
        return 1;
      }
      if (pending.length > 1) {
        err(`认领码 ${code} 对应多台设备,为安全起见不予批准:请让设备清除数据后重新生成认领码。`);
        return 1;
      }
      const d = store.approve(pending[0]!.id, { name, place, channels, by: 'cli' }, now);
      audit.append({
        actor: 'cli',
        action: 'device.approve',
        subject: `device:${d.id}`,
        from: 'pending',
        to: 'enrolled',
        detail: { code, name, place, channels, config: d.config },
      });
      out(`已批准:${line(d)}`);
      return 0;
    }
    // revoke
    const d = ref ? store.byId(ref) : undefined;
    if (!d) {
      err(`没有编号为 ${ref ?? '(空)'} 的设备;用 device list 查看编号。`);
      return 1;
    }
    if (d.state === 'revoked') {
      out(`该设备已于 ${d.revokedAt} 停用。`);
      return 0;
    }
    const r = store.revoke(d.id, 'cli', values.reason ?? null, now)!;
    audit.append({
      actor: 'cli',
      action: 'device.revoke',
      subject: `device:${d.id}`,
      from: d.state,
      to: 'revoked',
      detail: { reason: values.reason ?? null, name: d.name },
    });
    out(`已停用:${line(r)}\n自此刻起中心拒收它的一切上报,它也读不到此后发布的对内公开内容。`);
    return 0;
  } finally {
    db.close();
  }
}
