/**
 * What the page and its service worker must agree on, written once: both import this module
 * (src/sw/ and src/device/). A change here changes both sides in the same build.
 */

/** The cache of attachments whose hash the sync engine checked; the worker serves nothing else. */
export const ATTACHMENT_CACHE = 'zwgk-attachments-v1';

/** Marks the sync engine's own attachment download, which the worker lets through to the network. */
export const VERIFY_HEADER = 'x-zwgk-verify';

/** The Background Sync tag (and Web Lock name) under which the outbox is delivered. */
export const OUTBOX_SYNC_TAG = 'zwgk-outbox';

/** The message by which the page lets a waiting new version take over (at the idle reset). */
export const SKIP_WAITING = 'SKIP_WAITING';
