/**
 * The fleet's identities in SQLite: claims waiting for IT, enrolled devices, revoked
 * ones, and each device's daily quota. Used by the hub's routes and by the CLI
 * (`npm run office -- device …`), which open the same file; nothing here is cached,
 * so a revocation by the CLI holds from the hub's very next request.
 */
import { chinaDate } from '../../src/contract/china-time.ts';
import type { Channel, DeviceState, DeviceStatusReply } from '../../src/contract/device.ts';
import { type Db, migrate } from '../db.ts';
import { deviceMigrations } from './migrations.ts';

export interface DeviceRow {
  id: string;
  publicKey: string;
  code: string;
  config: string;
  claimedAt: string;
  name: string | null;
  place: string | null;
  channels: Channel[];
  enrolledAt: string | null;
  enrolledBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  state: DeviceState;
}

interface Row {
  id: string;
  public_key: string;
  claim_code: string;
  config: string;
  claimed_at: string;
  name: string | null;
  place: string | null;
  channels: string | null;
  enrolled_at: string | null;
  enrolled_by: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

const toDevice = (r: Row): DeviceRow => ({
  id: r.id,
  publicKey: r.public_key,
  code: r.claim_code,
  config: r.config,
  claimedAt: r.claimed_at,
  name: r.name,
  place: r.place,
  channels: r.channels ? (JSON.parse(r.channels) as Channel[]) : [],
  enrolledAt: r.enrolled_at,
  enrolledBy: r.enrolled_by,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  revokeReason: r.revoke_reason,
  state: r.revoked_at ? 'revoked' : r.enrolled_at ? 'enrolled' : 'pending',
});

export function statusReply(d: DeviceRow): DeviceStatusReply {
  return {
    device: d.id,
    state: d.state,
    code: d.code,
    ...(d.name ? { name: d.name } : {}),
    ...(d.place ? { place: d.place } : {}),
    ...(d.enrolledAt ? { channels: d.channels, enrolledAt: d.enrolledAt } : {}),
    ...(d.revokedAt ? { revokedAt: d.revokedAt } : {}),
  };
}

/** Limits on claims, which anyone may make: a stranger cannot fill the disk with them. */
export interface ClaimLimits {
  /** Claims waiting for IT at once, hub-wide. */
  maxPending: number;
  /** A claim nobody approved is forgotten after this long. */
  pendingTtlMs: number;
}
export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { maxPending: 200, pendingTtlMs: 7 * 86_400_000 };

export type ClaimResult = { ok: true; device: DeviceRow; created: boolean } | { ok: false; status: number; error: string; message: string };

export class DeviceStore {
  constructor(
    private readonly db: Db,
    private readonly limits: ClaimLimits = DEFAULT_CLAIM_LIMITS,
  ) {
    migrate(db, deviceMigrations);
  }

  byId(id: string): DeviceRow | undefined {
    const r = this.db.prepare<[string], Row>('SELECT * FROM devices WHERE id = ?').get(id);
    return r ? toDevice(r) : undefined;
  }

  list(): DeviceRow[] {
    return this.db.prepare<[], Row>('SELECT * FROM devices ORDER BY (enrolled_at IS NULL), name, claimed_at').all().map(toDevice);
  }

  /** Pending claims with this code (normally one). */
  pendingByCode(code: string): DeviceRow[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM devices WHERE claim_code = ? AND enrolled_at IS NULL AND revoked_at IS NULL')
      .all(code)
      .map(toDevice);
  }

  /** A device's claim; the same device claiming again (a reload) gets its row back. */
  claim(c: { device: string; publicKey: string; code: string; config: string }, now: Date): ClaimResult {
    return this.db.transaction((): ClaimResult => {
      this.db
        .prepare('DELETE FROM devices WHERE enrolled_at IS NULL AND revoked_at IS NULL AND claimed_at < ?')
        .run(new Date(now.getTime() - this.limits.pendingTtlMs).toISOString());
      const held = this.byId(c.device);
      if (held) {
        if (held.publicKey !== c.publicKey)
          return { ok: false, status: 409, error: 'device-taken', message: '该设备编号已被另一把密钥占用:请清除本机浏览器数据后重新登记' };
        return { ok: true, device: held, created: false };
      }
      const byKey = this.db.prepare<[string], Row>('SELECT * FROM devices WHERE public_key = ?').get(c.publicKey);
      if (byKey) return { ok: false, status: 409, error: 'key-taken', message: '该公钥已登记在另一设备编号下' };
      const pending = this.db
        .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM devices WHERE enrolled_at IS NULL AND revoked_at IS NULL')
        .get()!.n;
      if (pending >= this.limits.maxPending)
        return {
          ok: false,
          status: 429,
          error: 'too-many-claims',
          message: '待批准的设备过多,暂不受理新的登记申请:请联系县政务公开办信息技术人员',
        };
      if (this.pendingByCode(c.code).length > 0)
        return { ok: false, status: 409, error: 'code-taken', message: '已有设备使用相同的认领码等待批准:请联系信息技术人员' };
      this.db
        .prepare('INSERT INTO devices (id, public_key, claim_code, config, claimed_at) VALUES (?, ?, ?, ?, ?)')
        .run(c.device, c.publicKey, c.code, c.config, now.toISOString());
      return { ok: true, device: this.byId(c.device)!, created: true };
    })();
  }

  approve(id: string, a: { name: string; place: string; channels: Channel[]; by: string }, now: Date): DeviceRow {
    this.db
      .prepare(
        'UPDATE devices SET name = ?, place = ?, channels = ?, enrolled_at = ?, enrolled_by = ? WHERE id = ? AND enrolled_at IS NULL AND revoked_at IS NULL',
      )
      .run(a.name, a.place, JSON.stringify(a.channels), now.toISOString(), a.by, id);
    return this.byId(id)!;
  }

  revoke(id: string, by: string, reason: string | null, now: Date): DeviceRow | undefined {
    this.db
      .prepare('UPDATE devices SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(now.toISOString(), by, reason, id);
    return this.byId(id);
  }

  /**
   * Counts a device's report against its daily quota; false (and nothing counted) when it
   * would go over. `items` are e.g. display entries in the batch.
   */
  take(device: string, kind: string, items: number, quota: { requests: number; items: number }, now: Date): boolean {
    const day = chinaDate(now);
    return this.db.transaction(() => {
      const held = this.db
        .prepare<[string, string, string], { requests: number; items: number }>(
          'SELECT requests, items FROM device_quota WHERE device = ? AND day = ? AND kind = ?',
        )
        .get(device, day, kind) ?? { requests: 0, items: 0 };
      if (held.requests + 1 > quota.requests || held.items + items > quota.items) return false;
      this.db
        .prepare(
          `INSERT INTO device_quota (device, day, kind, requests, items) VALUES (?, ?, ?, 1, ?)
           ON CONFLICT (device, day, kind) DO UPDATE SET requests = requests + 1, items = items + excluded.items`,
        )
        .run(device, day, kind, items);
      // Yesterday's counters are of no more use.
      this.db.prepare('DELETE FROM device_quota WHERE device = ? AND day < ?').run(device, day);
      return true;
    })();
  }
}
