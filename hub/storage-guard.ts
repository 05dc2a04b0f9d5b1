/**
 * The hub's disk has a ceiling (issue 10, item 4): before anything a device or a
 * stranger sends is stored, the database's size and the disk's free space are checked.
 * Past the ceiling the hub answers 507 (what is already stored stays; a device keeps its
 * queue and retries); at 80 % of it, or with little disk left, IT gets an alarm first.
 */
import { statfs } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import type { Alarms } from './alarms.ts';
import type { Db } from './db.ts';

export interface StorageLimits {
  /** The most the hub's SQLite database (with its WAL) may grow to. Default 4 GiB. */
  maxDbBytes?: number;
  /** Free disk the hub always leaves. Default 1 GiB. */
  minFreeBytes?: number;
}

export type StorageState = { ok: true; usedRatio: number } | { ok: false; message: string };

export class StorageGuard {
  private readonly maxDb: number;
  private readonly minFree: number;
  private cached: { at: number; state: StorageState } | undefined;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly alarms: Alarms,
    o: StorageLimits = {},
  ) {
    this.maxDb = o.maxDbBytes ?? 4 * 1024 ** 3;
    this.minFree = o.minFreeBytes ?? 1024 ** 3;
  }

  private dbBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * size;
  }

  /** Checked at most once a second: a flood costs one statfs a second, not one per request. */
  async state(): Promise<StorageState> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < 1000) return this.cached.state;
    const used = this.dbBytes();
    let free = Number.POSITIVE_INFINITY;
    try {
      const s = await statfs(this.dataDir);
      free = s.bavail * s.bsize;
    } catch {
      // No statfs here (an unusual file system): the database ceiling still holds.
    }
    const usedRatio = used / this.maxDb;
    let state: StorageState;
    if (used >= this.maxDb || free <= this.minFree) {
      const message =
        used >= this.maxDb
          ? `数据库已达上限 ${(this.maxDb / 1024 ** 2).toFixed(0)} MB,已停止接收新的上报和提交`
          : `磁盘剩余空间不足 ${(this.minFree / 1024 ** 2).toFixed(0)} MB,已停止接收新的上报和提交`;
      this.alarms.raise('storage-full', 'hub', message);
      state = { ok: false, message };
    } else {
      this.alarms.clear('storage-full', 'hub');
      if (usedRatio >= 0.8 || free <= this.minFree * 2)
        this.alarms.raise(
          'storage-low',
          'hub',
          `存储空间将满:数据库已用 ${(usedRatio * 100).toFixed(0)}%,磁盘剩余 ${(free / 1024 ** 2).toFixed(0)} MB`,
        );
      else this.alarms.clear('storage-low', 'hub');
      state = { ok: true, usedRatio };
    }
    this.cached = { at: now, state };
    return state;
  }

  /** For a route that stores: answers 507 and returns false when there is no room. */
  async admit(reply: FastifyReply): Promise<boolean> {
    const s = await this.state();
    if (s.ok) return true;
    await reply
      .code(507)
      .header('retry-after', '3600')
      .send({ error: 'storage-full', message: `服务器存储空间不足,暂不接收,请稍后重试:${s.message}`, retryAfterSeconds: 3600 });
    return false;
  }
}
