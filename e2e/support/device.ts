/**
 * A device identity in Node, for tests: the same key type, claim code and request
 * signature a kiosk makes in its browser (src/device/identity/identity.ts), so tests can act as
 * an enrolled board, or as a stranger with a key the hub never approved.
 */

import type { DeviceStore } from '../../hub/devices/store.ts';
import { claimCode, DEVICE_HEADERS, DEVICE_PROTOCOL, requestText, signText } from '../../src/contract/device.ts';
import { batchText, type DisplayEntry } from '../../src/contract/display.ts';
import { sha256Hex, toBase64Url } from '../../src/contract/signing.ts';

export class TestDevice {
  private constructor(
    readonly id: string,
    readonly publicKey: string,
    readonly code: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async create(id: string = `test-${crypto.randomUUID()}`): Promise<TestDevice> {
    const pair = (await crypto.subtle.generateKey('Ed25519', false, ['sign', 'verify'])) as CryptoKeyPair;
    const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    return new TestDevice(id, publicKey, await claimCode(publicKey), pair.privateKey);
  }

  /** Signature headers for one request; `as` signs in another device's name (a forgery). */
  async headers(method: string, path: string, body = '', o: { time?: number; as?: string } = {}): Promise<Record<string, string>> {
    const time = String(o.time ?? Date.now());
    const hash = await sha256Hex(new TextEncoder().encode(body));
    return {
      [DEVICE_HEADERS.id]: o.as ?? this.id,
      [DEVICE_HEADERS.time]: time,
      [DEVICE_HEADERS.sig]: await signText(this.privateKey, requestText(method, path, time, hash)),
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
  }

  claimBody(config = 'board'): string {
    return JSON.stringify({ v: DEVICE_PROTOCOL, device: this.id, publicKey: this.publicKey, config });
  }

  batchSig(entries: readonly Pick<DisplayEntry, 'seq' | 'hash'>[], device = this.id): Promise<string> {
    return signText(this.privateKey, batchText(device, entries));
  }

  /** A display upload body signed by this device. */
  async displayBody(entries: DisplayEntry[], o: { device?: string } = {}): Promise<string> {
    const device = o.device ?? this.id;
    return JSON.stringify({ v: 1, device, entries, sig: await this.batchSig(entries, device) });
  }
}

/** Runs `npm run office -- …` as IT would, on a test hub's data folder; resolves with its exit code and output. */
export async function office(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const { execFile } = await import('node:child_process');
  const { ROOT } = await import('./hub.ts');
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'hub/office/cli.ts', ...args, '--data', dataDir],
      { cwd: ROOT, env: { ...process.env } },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/**
 * Signs kiosk submissions for tests that post them straight to the hub: the first time a
 * kiosk's device id is seen it is enrolled (claimed and approved in the hub's store), and
 * each request is signed with its key, as the kiosk's outbox does.
 */
export class TestKiosks {
  private readonly held = new Map<string, Promise<TestDevice>>();
  /** `devices`: the hub's store, or a getter for it when the test restarts the hub on the same data. */
  constructor(private readonly devices: DeviceStore | (() => DeviceStore)) {}

  private get store(): DeviceStore {
    return typeof this.devices === 'function' ? this.devices() : this.devices;
  }

  device(id: string): Promise<TestDevice> {
    let d = this.held.get(id);
    if (!d) {
      d = TestDevice.create(id).then((t) => {
        const at = new Date(Date.now() - 86_400_000);
        const c = this.store.claim({ device: t.id, publicKey: t.publicKey, code: t.code, config: 'default' }, at);
        if (!c.ok) throw new Error(c.message);
        this.store.approve(t.id, { name: '测试触摸屏', place: '测试大厅', channels: ['public'], by: 'test' }, at);
        return t;
      });
      this.held.set(id, d);
    }
    return d;
  }

  /** Headers for POSTing `body` to `path`: signed when it is a kiosk's submission, plain JSON otherwise. */
  async headers(body: string, path = '/api/intake/submissions'): Promise<Record<string, string>> {
    let parsed: { source?: unknown; device?: unknown } | undefined;
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.source !== 'kiosk' || typeof parsed.device !== 'string') return { 'content-type': 'application/json' };
    return (await this.device(parsed.device)).headers('POST', path, body);
  }
}
