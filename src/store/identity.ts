/**
 * This device's identity record in IndexedDB (store `identity`, migration 4 in db.ts).
 * Small on purpose: the first screen reads it to decide between the app and the
 * enrollment screen; everything that signs lives in src/device/ and loads later.
 */
import { type DeviceIdentityRecord, openStore } from './db.ts';

const SELF = 'self';

export async function readIdentity(): Promise<DeviceIdentityRecord | undefined> {
  return (await openStore()).get('identity', SELF);
}

export async function writeIdentity(r: DeviceIdentityRecord): Promise<void> {
  await (await openStore()).put('identity', r, SELF);
}

/** Creates the record only if there is none yet (two tabs starting at once keep the first). */
export async function createIdentity(
  make: (existingDevice: string | undefined) => Promise<DeviceIdentityRecord>,
): Promise<DeviceIdentityRecord> {
  const db = await openStore();
  const held = await db.get('identity', SELF);
  if (held) return held;
  // A board that already keeps a proof-of-display log keeps its device id (display-log.ts).
  const legacy = (await db.get('meta', 'display.device')) as string | undefined;
  const made = await make(legacy);
  const tx = db.transaction(['identity', 'meta'], 'readwrite');
  const raced = await tx.objectStore('identity').get(SELF);
  if (raced) {
    await tx.done;
    return raced;
  }
  await tx.objectStore('identity').put(made, SELF);
  await tx.objectStore('meta').put(made.device, 'display.device');
  await tx.done;
  return made;
}

export type { DeviceIdentityRecord };
