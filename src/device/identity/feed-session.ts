/**
 * A session for the internal feed (/feed-internal/, 内外有别): an enrolled internal device
 * asks for one by a signed request; the hub answers with a short-lived HttpOnly cookie
 * that the browser sends with the sync engine's and page workers' plain GETs. Renewed
 * before it runs out, and at once when the hub answers 401 (it restarted, say). A revoked
 * device gets none, and the hub refuses its old one from the moment of revocation.
 */
import { signedFetch } from './identity.ts';

/** Renew when less than this is left of the hub's hour. */
const RENEW_BEFORE_MS = 15 * 60_000;
let validUntil = 0;
let opening: Promise<void> | undefined;

export function authorizeFeed(renew: boolean): Promise<void> {
  if (!renew && Date.now() < validUntil - RENEW_BEFORE_MS) return Promise.resolve();
  opening ??= signedFetch('/api/devices/v1/session', { method: 'POST' })
    .then(async (res) => {
      const body = (await res.json().catch(() => ({}))) as { expiresInSeconds?: number };
      // Refused (revoked, not internal) or offline: the feed answers 401 and the engine says so.
      validUntil = res.ok ? Date.now() + (body.expiresInSeconds ?? 0) * 1000 : 0;
    })
    .catch(() => {
      validUntil = 0;
    })
    .finally(() => {
      opening = undefined;
    });
  return opening;
}
