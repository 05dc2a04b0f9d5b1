/// <reference lib="webworker" />
import type { RouteHandlerCallback } from 'workbox-core';

/** Must match src/device/sync/attachments.ts: only hash-checked files are in this cache. */
const ATTACHMENT_CACHE = 'zwgk-attachments-v1';

/** The sync engine's own download, which checks the hash before caching: let it through. */
export const VERIFY_HEADER = 'x-zwgk-verify';

export const serveAttachment: RouteHandlerCallback = async ({ request }) => {
  if (request.headers.has(VERIFY_HEADER)) return fetch(request);
  const cache = await caches.open(ATTACHMENT_CACHE);
  const hit = await cache.match(request.url);
  // Nothing unchecked is shown: a file not yet verified by the sync engine is not served.
  return hit ?? new Response('附件尚未下载并校验', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
