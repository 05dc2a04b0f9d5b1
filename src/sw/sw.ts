/// <reference lib="webworker" />
/**
 * The service worker only wires events: the app shell is precached, every
 * navigation gets the shell (offline too), attachments come from the cache the
 * sync engine filled after checking their hashes. Feed and config requests are
 * not touched: the sync engine decides what to do offline.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SKIP_WAITING } from '../device/worker-shared.ts';
import { serveAttachment } from './attachments.ts';
import { listenForOutboxSync } from './outbox-sync.ts';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/feed\//, /^\/feed-internal\//, /^\/kiosk-config\//, /^\/api\//, /^\/office\//],
  }),
);
registerRoute(
  ({ url }) =>
    url.origin === self.location.origin && (url.pathname.startsWith('/feed/files/') || url.pathname.startsWith('/feed-internal/files/')),
  serveAttachment,
);

// A new version waits until the app says the screen is idle (never mid-form or mid-slide).
self.addEventListener('message', (event) => {
  if (event.data?.type === SKIP_WAITING) void self.skipWaiting();
});
listenForOutboxSync();
clientsClaim();
