/**
 * One item's latest signed change, fetched alone (a phone on mobile data never
 * syncs the whole feed) and verified against the trusted keys like everything else.
 */
import * as v from 'valibot';
import type { DeviceConfig } from '../../contract/config.ts';
import { Change, FEED_PATHS } from '../../contract/feed.ts';
import { KeyRing } from '../../contract/signing.ts';
import { feedBase } from '../../sync/engine.ts';

export type SignedChange = { ok: true; change: Change } | { ok: false; reason: 'offline' | 'missing' | 'unverified' };

export async function fetchSignedChange(config: DeviceConfig, id: string): Promise<SignedChange> {
  let res: Response;
  try {
    res = await fetch(new URL(FEED_PATHS.item(id), feedBase(config)), { cache: 'no-cache' });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (!res.ok) return { ok: false, reason: 'missing' };
  const verified = await new KeyRing(config.trustedKeys).verify(await res.json().catch(() => null));
  const change = verified.ok ? v.safeParse(Change, verified.payload) : undefined;
  return change?.success ? { ok: true, change: change.output } : { ok: false, reason: 'unverified' };
}
