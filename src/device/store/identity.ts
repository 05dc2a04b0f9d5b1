/**
 * This device's identity record in IndexedDB (store `identity`, migration 4 in db.ts).
 * Small on purpose: the first screen reads it to decide between the app and the
 * enrollment screen; everything that signs lives in src/device/identity/ and loads later.
 *
 * Where storage refuses writes (full, or denied), the record lives in this page only:
 * the kiosk still starts and signs, and IT sees a new claim after the next reload
 * (`volatile`, shown on the diagnostics screen).
 */
import { type DeviceIdentityRecord, getMeta, openStore, putMeta } from './db.ts';

const SELF = 'self';
/** The record as this page last knew it (the only copy when storage refuses it). */
let memory: DeviceIdentityRecord | undefined;

export async function readIdentity(): Promise<DeviceIdentityRecord | undefined> {
  return memory ?? (await openStore()).get('identity', SELF);
}

export async function writeIdentity(r: DeviceIdentityRecord): Promise<void> {
  memory = r;
  try {
    await (await openStore()).put('identity', r, SELF);
  } catch {
    memory = { ...r, volatile: true };
  }
}

/** Creates the record only if there is none yet (two tabs starting at once keep the first). */
export async function createIdentity(
  make: (existingDevice: string | undefined) => Promise<DeviceIdentityRecord>,
): Promise<DeviceIdentityRecord> {
  if (memory) return memory;
  const db = await openStore();
  const held = await db.get('identity', SELF);
  if (held) return held;
  // A board that already keeps a proof-of-display log keeps its device id (display-log.ts).
  const legacy = await getMeta(db, 'display.device');
  const made = await make(legacy);
  try {
    const tx = db.transaction(['identity', 'meta'], 'readwrite');
    const raced = await tx.objectStore('identity').get(SELF);
    if (raced) {
      await tx.done;
      return raced;
    }
    await tx.objectStore('identity').put(made, SELF);
    await putMeta(tx, 'display.device', made.device);
    await tx.done;
    return made;
  } catch {
    memory = { ...made, volatile: true };
    return memory;
  }
}

export type { DeviceIdentityRecord };
