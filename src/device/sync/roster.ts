/**
 * The office's roster of people, for a device that checks the people's own signatures
 * of every 预审 and 签发 (docs/feed.md, docs/keys.md). Loaded only by such devices.
 */
import type { DeviceConfig } from '../../contract/config.ts';
import type { Head } from '../../contract/feed.ts';
import type { SyncRejectCode } from '../../contract/reject-codes.ts';
import { type Roster, verifyRoster } from '../../contract/roster.ts';
import { KeyRing, sha256Hex } from '../../contract/signing.ts';
import { type Db, putMeta, type StoredRoster } from '../store/db.ts';

/**
 * The roster of people the head names, checked against the office's root keys from the
 * config (docs/keys.md). A device that lists root keys, or once took a roster, needs one:
 * from then on every change must carry its people's approvals, whatever a later config
 * says, so a stolen server key (which also serves configs) cannot switch the check off.
 */
export async function takeRoster(
  db: Db,
  base: string,
  config: DeviceConfig,
  head: Head,
  stored: StoredRoster | undefined,
): Promise<{ ok: true; roster: Roster | undefined } | { ok: false; code: SyncRejectCode; message: string }> {
  if (config.rosterRoots.length === 0 && !stored) return { ok: true, roster: undefined };
  if (!head.roster) {
    if (stored) return { ok: true, roster: stored.roster };
    return { ok: false, code: 'roster-missing', message: 'feed 未提供人员名册,无法核验预审、签发人的签名,内容未更新' };
  }
  if (stored?.sha256 === head.roster.sha256) return { ok: true, roster: stored.roster };
  const checked = await fetchRoster(base, config, head.roster, stored?.roster.serial);
  if (!checked.ok) return checked;
  await putMeta(db, 'roster', { sha256: head.roster.sha256, roster: checked.roster });
  return { ok: true, roster: checked.roster };
}

/** Downloads the roster a head names and checks it against the config's root keys (phones use this alone). */
export async function fetchRoster(
  base: string,
  config: DeviceConfig,
  ref: NonNullable<Head['roster']>,
  minSerial?: number,
): Promise<{ ok: true; roster: Roster } | { ok: false; code: SyncRejectCode; message: string }> {
  if (config.rosterRoots.length === 0)
    return { ok: false, code: 'roster-signature', message: '本机配置没有名册根密钥,无法采用新的人员名册,内容未更新' };
  let bytes: ArrayBuffer;
  try {
    const res = await fetch(new URL(ref.href, base), { cache: 'no-cache' });
    if (!res.ok) return { ok: false, code: 'roster-missing', message: `人员名册 HTTP ${res.status}` };
    bytes = await res.arrayBuffer();
  } catch (e) {
    return { ok: false, code: 'roster-missing', message: `人员名册无法下载:${(e as Error).message}` };
  }
  if (bytes.byteLength !== ref.bytes || (await sha256Hex(bytes)) !== ref.sha256)
    return { ok: false, code: 'roster-signature', message: '人员名册与 feed 头文件所记的哈希不符' };
  let env: unknown;
  try {
    env = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, code: 'roster-malformed', message: '人员名册不是合法 JSON' };
  }
  return verifyRoster(env, new KeyRing(config.rosterRoots), { acceptDemo: config.acceptDemoRoster, minSerial });
}
