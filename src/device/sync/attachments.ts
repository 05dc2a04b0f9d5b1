/**
 * Attachments (PDF, images) go into Cache Storage only after their sha256 and
 * size match what the signed item says; the service worker serves them from there.
 */
import type { Attachment } from '../../contract/feed.ts';
import { sha256Hex } from '../../contract/signing.ts';
import { appendLog, type StoredItem } from '../store/db.ts';
import { ATTACHMENT_CACHE, VERIFY_HEADER } from '../worker-shared.ts';

export function attachmentUrl(feedBase: string, a: Attachment): string {
  return new URL(a.href, feedBase).href;
}

/** Fetches what is missing; returns how many were refused (bad hash) and how many could not be fetched. */
export async function fetchAttachments(feedBase: string, items: readonly StoredItem[]): Promise<{ refused: number; failed: number }> {
  const cache = await caches.open(ATTACHMENT_CACHE);
  let refused = 0;
  let failed = 0;
  for (const { item } of items) {
    for (const a of item.attachments) {
      const url = attachmentUrl(feedBase, a);
      if (await cache.match(url)) continue;
      try {
        // The header tells the service worker to let this download through to be checked.
        const res = await fetch(url, { headers: { [VERIFY_HEADER]: '1' } });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.arrayBuffer();
        if (body.byteLength !== a.bytes || (await sha256Hex(body)) !== a.sha256) {
          refused++;
          await appendLog({
            level: 'reject',
            code: 'hash-mismatch',
            message: `附件「${a.name}」(条目 ${item.id})的 sha256 或大小与签名记录不符,已拒绝,不予显示`,
          });
          continue;
        }
        await cache.put(url, new Response(body, { headers: { 'content-type': a.type, 'content-length': String(body.byteLength) } }));
      } catch (e) {
        // Offline or server error: tried again on the next sync.
        failed++;
        await appendLog({ level: 'error', code: 'attachment', message: `附件「${a.name}」暂未下载:${(e as Error).message}` });
      }
    }
  }
  return { refused, failed };
}

export async function hasAttachment(feedBase: string, a: Attachment): Promise<boolean> {
  const cache = await caches.open(ATTACHMENT_CACHE);
  return (await cache.match(attachmentUrl(feedBase, a))) !== undefined;
}
