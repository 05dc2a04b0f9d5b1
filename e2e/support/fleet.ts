/**
 * Fleet helpers for tests and the bench: a heartbeat as a device would make it, with
 * fields overridden, and an enrolled Node device that sends beats signed with its key
 * (the same request signature as a kiosk's, src/device/identity/identity.ts).
 */
import type { DeviceStore } from '../../hub/devices/store.ts';
import { FLEET_VERSION, HEARTBEAT_ENDPOINT, type Heartbeat } from '../../src/contract/fleet.ts';
import { TestDevice } from './device.ts';

export type BeatOver = Partial<Omit<Heartbeat, 'feed' | 'outbox' | 'storage' | 'sync'>> & {
  feed?: Partial<Heartbeat['feed']>;
  outbox?: Partial<Heartbeat['outbox']>;
  storage?: Partial<Heartbeat['storage']>;
  sync?: Heartbeat['sync'];
};

/** A healthy beat made at `at`: synced just now, nothing waiting, a tenth of the storage used. */
export function heartbeat(device: string, at: Date, over: BeatOver = {}): Heartbeat {
  const { feed, outbox, storage, sync, ...rest } = over;
  return {
    v: FLEET_VERSION,
    id: crypto.randomUUID(),
    device,
    at: at.toISOString(),
    reason: 'timer',
    app: '0.1.0',
    mode: 'board',
    config: 'board',
    feed: { seq: 12, checkedAt: at.toISOString(), ...feed },
    sync: sync ?? { result: 'unchanged' },
    rejections: [],
    rejected: 0,
    outbox: { depth: 0, refused: 0, ...outbox },
    storage: { used: 50_000_000, quota: 500_000_000, ...storage },
    screen: 'showing',
    uptimeSeconds: 3600,
    ...rest,
  };
}

/** An enrolled device in Node: approved in the hub's store, beating over HTTP. */
export class BeatingDevice {
  private constructor(
    readonly key: TestDevice,
    private readonly url: string,
  ) {}

  get id(): string {
    return this.key.id;
  }

  static async enroll(
    url: string,
    devices: DeviceStore,
    o: { name: string; place: string; config?: string; channels?: ('public' | 'internal')[]; at: Date },
  ): Promise<BeatingDevice> {
    const key = await TestDevice.create();
    devices.claim({ device: key.id, publicKey: key.publicKey, code: key.code, config: o.config ?? 'board' }, o.at);
    devices.approve(key.id, { name: o.name, place: o.place, channels: o.channels ?? ['public'], by: 'test' }, o.at);
    return new BeatingDevice(key, url);
  }

  /** POSTs beats signed at `time` (the hub's clock, ms); resolves with the status and reply. */
  async send(beats: Heartbeat[], time: number): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = JSON.stringify({ v: FLEET_VERSION, beats });
    const res = await fetch(this.url + HEARTBEAT_ENDPOINT, {
      method: 'POST',
      body,
      headers: await this.key.headers('POST', HEARTBEAT_ENDPOINT, body, { time }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}
