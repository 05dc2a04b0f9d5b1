/**
 * Browser hardening for every response the hub sends (issue 10, item 6): a strict
 * Content-Security-Policy (no inline script, no eval, no framing by other sites),
 * no referrer, no MIME sniffing, no powerful features the app does not use. The app
 * is built to run under it with zero violations (e2e: every test hub counts the
 * reports it receives and fails the test on any).
 *
 * Violations are reported to `/api/security/csp-reports` (anyone may send: browsers
 * do, without credentials). The hub logs a summary without the client address and
 * keeps only a count, so a stranger's reports cannot fill the disk.
 */
import type { FastifyInstance } from 'fastify';
import { ANYONE } from './access.ts';

export const CSP_REPORT_PATH = '/api/security/csp-reports';

export interface SecurityOptions {
  /** Extra origins the app may fetch from (a feed on a CDN, say): added to connect-src and img-src. */
  extraConnect?: readonly string[];
}

export function contentSecurityPolicy(o: SecurityOptions = {}): string {
  const extra = (o.extraConnect ?? []).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Preact sets styles through the CSSOM (allowed); only stylesheets from the app itself.
    "style-src 'self'",
    `img-src 'self' data: blob: ${extra}`.trim(),
    `connect-src 'self' ${extra}`.trim(),
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    // Attachments (PDF) open in the app, from the device's own checked copy.
    "frame-src 'self' blob:",
    "object-src 'self' blob:",
    "media-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    `report-uri ${CSP_REPORT_PATH}`,
  ].join('; ');
}

/** The same policy, also allowing the one `<style>` and `<script>` that carry `nonce` (server-rendered pages such as the compliance report). */
export function withNonce(nonce: string, o: SecurityOptions = {}): string {
  return contentSecurityPolicy(o)
    .replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`)
    .replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);
}

const PERMISSIONS = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'midi=()',
  'display-capture=()',
  // The office signs with passkeys; nobody else may ask.
  'publickey-credentials-get=(self)',
  'publickey-credentials-create=(self)',
].join(', ');

declare module 'fastify' {
  interface FastifyInstance {
    /** CSP violation reports received since start (tests assert zero). */
    cspReports: { count: number; last: string[] };
  }
}

export function installSecurityHeaders(app: FastifyInstance, o: SecurityOptions = {}): void {
  const csp = contentSecurityPolicy(o);
  app.decorate('cspReports', { count: 0, last: [] });
  app.addHook('onSend', async (_req, reply, payload) => {
    // A page the hub renders itself may bring its own policy (a nonce for its one style block: `withNonce`).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', PERMISSIONS);
    reply.header('cross-origin-opener-policy', 'same-origin');
    return payload;
  });
  // Browsers send `application/csp-report` (report-uri) or `application/reports+json` (Reporting API).
  for (const type of ['application/csp-report', 'application/reports+json'])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, body, done) => done(null, body));
  app.post(CSP_REPORT_PATH, { config: { access: ANYONE }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    app.cspReports.count++;
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    let summary = text.slice(0, 300);
    try {
      const r = JSON.parse(text)['csp-report'] as Record<string, unknown> | undefined;
      if (r)
        summary = `${String(r['violated-directive'] ?? r['effective-directive'])} blocked ${String(r['blocked-uri'])} on ${String(r['document-uri']).replace(/\/(track|t)\/[^/?#]+/g, '/$1/…')}`;
    } catch {
      // Not JSON: the first bytes are summary enough.
    }
    if (app.cspReports.last.length < 20) app.cspReports.last.push(summary);
    req.log.warn({ csp: summary }, 'content security policy violation reported');
    return reply.code(204).send();
  });
}
