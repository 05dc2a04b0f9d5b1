/**
 * Device identity (issue 10): the contract between a kiosk or wall board and the hub.
 * Declared once here; the device signs with it (src/device/identity/), the hub checks with it
 * (hub/devices/). docs/security.md says what each identity may do.
 *
 * A device makes an Ed25519 key pair in the browser at first start (the private key
 * never leaves WebCrypto) and claims a place in the fleet with it; IT approves the claim
 * by its short code. From then on every request the device makes to a device route is
 * signed: headers name the device, the time and an Ed25519 signature over
 * `requestText(...)` (method, path, time, SHA-256 of the body), so nobody without the
 * key can upload in its name, and a body changed on the way does not verify.
 */
import * as v from 'valibot';
import { fromBase64Url, sha256Hex, toBase64Url } from './signing.ts';

export const DEVICE_PROTOCOL = 1;

/** Request headers a device sends (lower case, as Node sees them). */
export const DEVICE_HEADERS = {
  id: 'x-zwgk-device',
  time: 'x-zwgk-time',
  sig: 'x-zwgk-signature',
} as const;

/** The hub's clock on every device-route reply (ms since epoch): a device with a wrong clock corrects its signing time by it. */
export const HUB_TIME_HEADER = 'x-zwgk-hub-time';

/** A signed request's time may differ from the hub's clock by this much (replays older than this are refused). */
export const REQUEST_SKEW_MS = 5 * 60_000;

/** A device's random id (the same id its proof of display carries). */
export const DeviceId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/, '设备编号只能用小写字母、数字和连字符,8-64 位'));
/** Raw 32-byte public key (Ed25519 or X25519), base64url. */
export const PublicKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, '公钥应为 32 字节的 base64url'));
export const Channel = v.picklist(['public', 'internal'], 'channels 只能包含 public 或 internal');
export type Channel = v.InferOutput<typeof Channel>;

/** POST /api/devices/v1/claims, signed with the key it claims for. */
export const DeviceClaim = v.object({
  v: v.literal(DEVICE_PROTOCOL, 'v 应为 1'),
  device: DeviceId,
  publicKey: PublicKey,
  /** The kiosk-config the device runs (IT sees it when approving). */
  config: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '配置名只能用小写字母、数字和连字符')),
});
export type DeviceClaim = v.InferOutput<typeof DeviceClaim>;

export type DeviceState = 'pending' | 'enrolled' | 'revoked';

/** What the hub says about a device (claim and status replies). */
export interface DeviceStatusReply {
  device: string;
  state: DeviceState;
  code: string;
  /** Set by IT at approval. */
  name?: string;
  place?: string;
  channels?: Channel[];
  enrolledAt?: string;
  revokedAt?: string;
}

/** Error codes of device routes the device acts on. */
export type DeviceErrorCode = 'device-unknown' | 'device-revoked' | 'device-pending' | 'bad-signature' | 'clock-skew';

/** The exact text a device signs for one request. */
export function requestText(method: string, path: string, time: string, bodySha256: string): string {
  return `zwgk-device-request-v${DEVICE_PROTOCOL}\n${method.toUpperCase()}\n${path}\n${time}\n${bodySha256}`;
}

/** SHA-256 of a request body (empty for none), hex. */
export function bodyHash(body: string | Uint8Array<ArrayBuffer> | undefined): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : (body ?? new Uint8Array(0));
  return sha256Hex(bytes);
}

/** No 0/O, 1/I: read aloud over the phone and typed by IT without mistakes. 32 symbols, 5 bits each. */
export const CLAIM_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The claim code of a public key: 40 bits of its SHA-256 as 8 symbols, shown as
 * `ABCD-EFGH`. Derived from the key, so the hub and the screen agree without
 * storing anything, and a code names exactly one key.
 */
export async function claimCode(publicKey: string): Promise<string> {
  const hex = await sha256Hex(fromBase64Url(publicKey));
  let bits = BigInt(`0x${hex.slice(0, 10)}`);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CLAIM_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** What IT typed, as a code: case, spaces and the dash do not matter; O→0… are not in the alphabet. */
export function normalizeClaimCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 8 || [...s].some((c) => !CLAIM_ALPHABET.includes(c))) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** A short, stable name for a key in reports: the first 16 hex digits of its SHA-256. */
export async function keyFingerprint(publicKey: string): Promise<string> {
  return (await sha256Hex(fromBase64Url(publicKey))).slice(0, 16);
}

/** Checks an Ed25519 signature (base64url) over `text` with a raw public key; never throws. */
export async function verifyDeviceSignature(publicKey: string, text: string, sig: string): Promise<boolean> {
  try {
    const raw = fromBase64Url(sig);
    if (raw.length !== 64) return false;
    const key = await crypto.subtle.importKey('raw', fromBase64Url(publicKey), 'Ed25519', false, ['verify']);
    return await crypto.subtle.verify('Ed25519', key, raw, new TextEncoder().encode(text));
  } catch {
    return false;
  }
}

export async function signText(privateKey: CryptoKey, text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('Ed25519', privateKey, new TextEncoder().encode(text))));
}
