/**
 * The hub's request log keeps the promise of 投诉制度 四 (a complainant's identity is kept
 * secret): it never writes a client address, so no line and no request id joins an
 * address to a submission id or a tracking code, and tracking codes are cut out of
 * every logged URL (`/m/track/…`, `/api/intake/track/…`). Abuse is still visible: rate
 * limits log a pseudonym of the address (an HMAC with a key made at each start, so it
 * links one address's requests within a run and to nothing outside it).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';

const TRACK = /\/(track)\/[^/?#]*/g;

/** A URL as it may be logged: tracking codes replaced by `…`, the query string dropped. */
export function loggableUrl(url: string): string {
  return url.split('?')[0]!.replace(TRACK, '/$1/…');
}

const runKey = randomBytes(32);

/** A pseudonym of a client address, stable within this run of the hub only. */
export function addressPseudonym(ip: string): string {
  return createHmac('sha256', runKey).update(ip).digest('base64url').slice(0, 10);
}

/** Fastify logger options: requests logged by method and cleaned URL, responses by status; no addresses. */
export function privateLogger(o: { stream?: NodeJS.WritableStream; level?: string } = {}): FastifyServerOptions['logger'] {
  return {
    level: o.level ?? 'info',
    ...(o.stream ? { stream: o.stream } : {}),
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: loggableUrl(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
