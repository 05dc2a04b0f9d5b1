/**
 * One item's latest signed change, fetched alone (a phone on mobile data never
 * syncs the whole feed) and verified against the trusted keys like everything else;
 * where the config names the office's roster root keys, also the people's own
 * signatures of its 预审 and 签发 (docs/feed.md), against the roster the head names.
 * A change for another id, or an item on a channel this device does not show
 * (内外有别, 工作制度 二), is `missing`: the phone pages, the phone questionnaire and
 * the hearing an opinion is about all take an item this way and no other.
 */
import * as v from 'valibot';
import { ApprovalVerifier } from '../../contract/approvals.ts';
import type { DeviceConfig } from '../../contract/config.ts';
import { Change, FEED_PATHS, Head } from '../../contract/feed.ts';
import { KeyRing } from '../../contract/signing.ts';
import { feedBase } from './engine.ts';
import { fetchRoster } from './roster.ts';
import { checkPeople } from './verify.ts';

export type SignedChange = { ok: true; change: Change } | { ok: false; reason: 'offline' | 'missing' | 'unverified' };

export async function fetchSignedChange(config: DeviceConfig, id: string): Promise<SignedChange> {
  const base = feedBase(config);
  let res: Response;
  try {
    res = await fetch(new URL(FEED_PATHS.item(id), base), { cache: 'no-cache' });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (!res.ok) return { ok: false, reason: 'missing' };
  const doc = (await res.json().catch(() => null)) as { approvals?: unknown } | null;
  const keys = new KeyRing(config.trustedKeys);
  const verified = await keys.verify(doc);
  const change = verified.ok ? v.safeParse(Change, verified.payload) : undefined;
  if (!change?.success) return { ok: false, reason: 'unverified' };
  const c = change.output;
  if ((c.op === 'upsert' ? c.item.id : c.id) !== id || (c.op === 'upsert' && !config.channels.includes(c.item.channel)))
    return { ok: false, reason: 'missing' };
  if (config.rosterRoots.length === 0) return { ok: true, change: c };
  const people = await peopleVerifier(config, base);
  if (!people) return { ok: false, reason: 'unverified' };
  const failed = await checkPeople([c], Array.isArray(doc?.approvals) ? doc.approvals : [], people);
  return failed ? { ok: false, reason: 'unverified' } : { ok: true, change: c };
}

/** The feed's signed head, fetched alone and checked against the trusted keys; undefined offline or unverified. */
export async function fetchSignedHead(config: DeviceConfig): Promise<Head | undefined> {
  try {
    const res = await fetch(new URL(FEED_PATHS.head, feedBase(config)), { cache: 'no-cache' });
    const verified = await new KeyRing(config.trustedKeys).verify(await res.json());
    const head = verified.ok ? v.safeParse(Head, verified.payload) : undefined;
    return head?.success ? head.output : undefined;
  } catch {
    return undefined;
  }
}

/** The roster the signed head names, checked against the config's root keys. */
async function peopleVerifier(config: DeviceConfig, base: string): Promise<ApprovalVerifier | undefined> {
  try {
    const head = await fetchSignedHead(config);
    if (!head?.roster) return undefined;
    const roster = await fetchRoster(base, config, head.roster);
    return roster.ok ? new ApprovalVerifier(roster.roster) : undefined;
  } catch {
    return undefined;
  }
}
