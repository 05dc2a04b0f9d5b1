/// <reference lib="webworker" />
import type { RouteHandlerCallback } from 'workbox-core';

import { ATTACHMENT_CACHE, VERIFY_HEADER } from '../device/worker-shared.ts';

export const serveAttachment: RouteHandlerCallback = async ({ request }) => {
  // The sync engine's own download, which checks the hash before caching: let it through.
  if (request.headers.has(VERIFY_HEADER)) return fetch(request);
  const cache = await caches.open(ATTACHMENT_CACHE);
  const hit = await cache.match(request.url);
  // Nothing unchecked is shown: a file not yet verified by the sync engine is not served.
  return hit ?? new Response('附件尚未下载并校验', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
