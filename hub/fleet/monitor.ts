/**
 * Watches the fleet (issue 14): every `checkMs` (and after each heartbeat, for that device)
 * computes each enrolled device's status from its latest beat and its own schedule
 * (src/contract/fleet.ts), raises an alarm (hub/alarms.ts) for every condition that holds
 * and clears those that no longer do, and hands each raise and clear to the webhook.
 * The hub's clock is injected: tests move it to let five minutes of silence pass.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDeviceConfig } from '../../src/contract/config.ts';
import {
  ALARM_KINDS,
  type DeviceHealth,
  type DeviceSchedule,
  deviceHealth,
  type FleetAlarmKind,
  type FleetLimits,
  type LastBeat,
  STATUS_NAMES,
} from '../../src/contract/fleet.ts';
import type { Window } from '../../src/contract/schedule.ts';
import type { Alarm, Alarms } from '../alarms.ts';
import type { Db } from '../db.ts';
import type { DeviceRow, DeviceStore } from '../devices/store.ts';
import type { FleetStore } from './store.ts';
import type { Webhook } from './webhook.ts';

export const FLEET_ALARM_PREFIX = 'device:';
const ALARM_SET = new Set<string>(ALARM_KINDS);
const STATUS_OF_ALARM: Record<FleetAlarmKind, string> = {
  'device-silent': 'silent',
  'feed-stale': 'stale',
  'outbox-stuck': 'outbox-stuck',
  'storage-low': 'storage-low',
};

/** The parts of a device config the fleet needs, re-read when the file changes (IT edits configs in place). */
export class Schedules {
  private readonly held = new Map<string, { checkedAt: number; mtimeMs: number; schedule: DeviceSchedule }>();
  constructor(
    private readonly configDir: string,
    private readonly openingHours: readonly Window[] | undefined,
  ) {}

  async of(config: string): Promise<DeviceSchedule> {
    const hit = this.held.get(config);
    if (hit && Date.now() - hit.checkedAt < 10_000) return hit.schedule;
    const path = join(this.configDir, `${config}.json`);
    let schedule: DeviceSchedule = { mode: 'kiosk', pollSeconds: 60, quietHours: [], openingHours: this.openingHours };
    try {
      const s = await stat(path);
      if (hit && hit.mtimeMs === s.mtimeMs) {
        hit.checkedAt = Date.now();
        return hit.schedule;
      }
      const parsed = parseDeviceConfig(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.ok)
        schedule = {
          mode: parsed.config.mode,
          pollSeconds: parsed.config.pollSeconds,
          quietHours: parsed.config.board.quietHours,
          openingHours: this.openingHours,
        };
      this.held.set(config, { checkedAt: Date.now(), mtimeMs: s.mtimeMs, schedule });
    } catch {
      // A config gone or broken: the device shows the problem itself; here it counts as an always-on kiosk.
    }
    return schedule;
  }
}

export interface FleetEntry {
  device: DeviceRow;
  schedule: DeviceSchedule;
  last: LastBeat | undefined;
  health: DeviceHealth;
}

export class FleetMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly o: {
      db: Db;
      devices: DeviceStore;
      store: FleetStore;
      alarms: Alarms;
      schedules: Schedules;
      limits: FleetLimits;
      webhook: Webhook | undefined;
      now: () => Date;
    },
  ) {}

  start(checkMs: number): void {
    this.timer = setInterval(() => void this.check(), checkMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Every enrolled device with its status now. */
  async entries(): Promise<FleetEntry[]> {
    const now = this.o.now();
    const latest = this.o.store.allLatest();
    const out: FleetEntry[] = [];
    for (const device of this.o.devices.list()) {
      if (device.state !== 'enrolled') continue;
      const schedule = await this.o.schedules.of(device.config);
      const last = latest.get(device.id);
      out.push({ device, schedule, last, health: deviceHealth(schedule, last, device.enrolledAt!, now, this.o.limits) });
    }
    return out;
  }

  async entry(device: DeviceRow): Promise<FleetEntry> {
    const schedule = await this.o.schedules.of(device.config);
    const last = this.o.store.last(device.id);
    return { device, schedule, last, health: deviceHealth(schedule, last, device.enrolledAt!, this.o.now(), this.o.limits) };
  }

  /** Raises and clears alarms for the whole fleet; concurrent callers share one pass. */
  check(): Promise<void> {
    this.checking ??= this.pass().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async pass(): Promise<void> {
    const entries = await this.entries();
    const open = new Map<string, Alarm[]>();
    for (const a of this.o.alarms.openWith(FLEET_ALARM_PREFIX)) {
      if (!ALARM_SET.has(a.kind)) continue;
      const list = open.get(a.subject) ?? [];
      list.push(a);
      open.set(a.subject, list);
    }
    // One transaction, one fsync: a whole fleet going dark at once (a power cut in the county) is 10,000 alarms.
    this.o.db.transaction(() => {
      for (const e of entries) {
        const subject = FLEET_ALARM_PREFIX + e.device.id;
        this.apply(e, open.get(subject) ?? []);
        open.delete(subject);
      }
      // Alarms of devices no longer enrolled (revoked): nothing to watch any more.
      for (const alarms of open.values()) for (const a of alarms) this.o.alarms.clear(a.kind, a.subject);
    })();
  }

  /** One device, after its heartbeat: a board that came back is cleared at once. */
  async checkOne(device: DeviceRow): Promise<FleetEntry> {
    const e = await this.entry(device);
    const subject = FLEET_ALARM_PREFIX + device.id;
    this.apply(
      e,
      this.o.alarms.openWith(subject).filter((a) => a.subject === subject && ALARM_SET.has(a.kind)),
    );
    return e;
  }

  private apply(e: FleetEntry, open: Alarm[]): void {
    const subject = FLEET_ALARM_PREFIX + e.device.id;
    const now = new Set(e.health.conditions.map((c) => c.alarm));
    for (const c of e.health.conditions) {
      if (open.some((a) => a.kind === c.alarm)) continue;
      const message = `${e.device.name ?? e.device.id}(${e.device.place ?? '未填地点'}):${c.message}`;
      if (this.o.alarms.raise(c.alarm, subject, message)) this.notify('raised', e, this.o.alarms.open(c.alarm, subject)!);
    }
    for (const a of open) {
      if (now.has(a.kind as FleetAlarmKind)) continue;
      if (this.o.alarms.clear(a.kind, subject)) this.notify('cleared', e, { ...a, clearedAt: this.o.now().toISOString() });
    }
  }

  private notify(event: 'raised' | 'cleared', e: FleetEntry, alarm: Alarm): void {
    if (!this.o.webhook) return;
    const kind = alarm.kind as FleetAlarmKind;
    const statusName = STATUS_NAMES[STATUS_OF_ALARM[kind] as keyof typeof STATUS_NAMES];
    const name = e.device.name ?? e.device.id;
    this.o.webhook.enqueue({
      v: 1,
      event,
      alarm: {
        id: alarm.id,
        kind,
        message: alarm.message,
        raisedAt: alarm.raisedAt,
        clearedAt: event === 'cleared' ? alarm.clearedAt : null,
      },
      device: {
        id: e.device.id,
        name,
        place: e.device.place,
        mode: e.schedule.mode,
        config: e.device.config,
        channels: e.device.channels,
        lastHeartbeatAt: e.last?.receivedAt ?? null,
      },
      text:
        event === 'raised'
          ? `【设备告警·${statusName}】${alarm.message}`
          : `【告警解除·${statusName}】${name}(${e.device.place ?? ''})已恢复`,
      at: this.o.now().toISOString(),
    });
  }
}
