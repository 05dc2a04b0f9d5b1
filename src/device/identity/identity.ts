/**
 * This device's identity (issue 10): the key pair made in this browser, signed requests
 * to the hub, and what the hub says about the device. Loaded after the first screen
 * (enrollment, board uploads, the outbox); the page and the service worker share it.
 *
 * The private key is made non-extractable: WebCrypto signs with it, nothing can read it
 * out, and IndexedDB keeps the CryptoKey object itself (structured clone).
 *
 *   const res = await signedFetch('/api/display/v1/entries', { method: 'POST', body });
 */
import {
  bodyHash,
  claimCode,
  DEVICE_HEADERS,
  DEVICE_PROTOCOL,
  type DeviceClaim,
  type DeviceStatusReply,
  HUB_TIME_HEADER,
  requestText,
  signText,
} from '../../contract/device.ts';
import { toBase64Url } from '../../contract/signing.ts';
import { createIdentity, type DeviceIdentityRecord, readIdentity, writeIdentity } from '../store/identity.ts';

/** The hub's clock minus ours, learned from every reply: a kiosk with a flat clock battery still signs in time. */
let clockOffset = 0;

export function loadIdentity(): Promise<DeviceIdentityRecord> {
  return createIdentity(async (legacy) => {
    const pair = (await crypto.subtle.generateKey('Ed25519', false, ['sign', 'verify'])) as CryptoKeyPair;
    const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    return {
      device: legacy ?? crypto.randomUUID(),
      privateKey: pair.privateKey,
      publicKey,
      code: await claimCode(publicKey),
      createdAt: new Date().toISOString(),
      state: 'new',
    };
  });
}

export interface SignedInit {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * fetch() signed with this device's key (contract requestText). A reply saying the
 * clock was off is retried once on the hub's clock; a reply saying the device was
 * revoked is remembered, for the diagnostics screen.
 */
export async function signedFetch(url: string, init: SignedInit = {}): Promise<Response> {
  const id = await loadIdentity();
  const method = (init.method ?? 'GET').toUpperCase();
  const target = new URL(url, location.href);
  const hash = await bodyHash(init.body);
  for (let attempt = 0; ; attempt++) {
    const time = String(Math.round(Date.now() + clockOffset));
    const sig = await signText(id.privateKey, requestText(method, target.pathname + target.search, time, hash));
    const res = await fetch(target, {
      method,
      cache: 'no-store',
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
      headers: { ...init.headers, [DEVICE_HEADERS.id]: id.device, [DEVICE_HEADERS.time]: time, [DEVICE_HEADERS.sig]: sig },
    });
    const hubTime = Number(res.headers.get(HUB_TIME_HEADER));
    if (hubTime > 0) clockOffset = hubTime - Date.now();
    if (res.status === 401 || res.status === 403) {
      const error = (
        (await res
          .clone()
          .json()
          .catch(() => ({}))) as { error?: string }
      ).error;
      if (error === 'clock-skew' && attempt === 0) continue;
      if (error === 'device-revoked')
        await remember({ state: 'revoked', revokedAt: (await readIdentity())?.revokedAt ?? new Date().toISOString() });
    }
    return res;
  }
}

async function remember(patch: Partial<DeviceIdentityRecord>): Promise<DeviceIdentityRecord> {
  const held = await loadIdentity();
  const next = { ...held, ...patch, checkedAt: new Date().toISOString() };
  await writeIdentity(next);
  return next;
}

function fromStatus(s: DeviceStatusReply): Partial<DeviceIdentityRecord> {
  return {
    state: s.state,
    ...(s.name ? { name: s.name } : {}),
    ...(s.place ? { place: s.place } : {}),
    ...(s.channels ? { channels: s.channels } : {}),
    ...(s.enrolledAt ? { enrolledAt: s.enrolledAt } : {}),
    ...(s.revokedAt ? { revokedAt: s.revokedAt } : {}),
  };
}

export type EnrollStep =
  | { kind: 'status'; record: DeviceIdentityRecord }
  /** The hub refused or could not be reached: said plainly, tried again later. */
  | { kind: 'problem'; record: DeviceIdentityRecord; message: string };

/** Claims a place in the fleet (once), or asks how the claim stands. */
export async function checkEnrollment(configName: string): Promise<EnrollStep> {
  const id = await loadIdentity();
  try {
    let res = id.state === 'new' ? undefined : await signedFetch('/api/devices/v1/status');
    // Never claimed, or the claim expired at the hub: claim (again).
    if (!res || res.status === 404) {
      const claim: DeviceClaim = { v: DEVICE_PROTOCOL, device: id.device, publicKey: id.publicKey, config: configName };
      res = await signedFetch('/api/devices/v1/claims', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(claim),
      });
    }
    const body = (await res.json().catch(() => ({}))) as Partial<DeviceStatusReply> & { message?: string };
    if (!res.ok || !body.state) return { kind: 'problem', record: id, message: body.message ?? `HTTP ${res.status}` };
    return { kind: 'status', record: await remember(fromStatus(body as DeviceStatusReply)) };
  } catch (e) {
    return { kind: 'problem', record: id, message: (e as Error).message };
  }
}

/** For an enrolled device: asks the hub once how it stands (revoked?), quietly; offline changes nothing. */
export async function refreshStatus(): Promise<DeviceIdentityRecord | undefined> {
  try {
    const res = await signedFetch('/api/devices/v1/status');
    if (!res.ok) return undefined;
    return await remember(fromStatus((await res.json()) as DeviceStatusReply));
  } catch {
    return undefined;
  }
}
