/// <reference lib="webworker" />
/**
 * Background Sync: the browser wakes the worker when the network is back, even
 * after the page was closed (a citizen's phone), and the worker delivers the
 * outbox with the same code as the page. A rejected promise tells the browser
 * to try the sync again later, with its own backoff.
 */
import { deliverDue } from '../device/outbox/deliver.ts';
import { readTarget } from '../device/outbox/queue.ts';
import { OUTBOX_SYNC_TAG } from '../device/worker-shared.ts';

declare const self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

async function deliver(): Promise<void> {
  const target = await readTarget();
  if (!target) return;
  const result = await deliverDue(target);
  if (result.outcome === 'retry') throw new Error(result.failure?.message ?? '送达失败,稍后重试');
}

export function listenForOutboxSync(): void {
  self.addEventListener(
    'sync' as keyof ServiceWorkerGlobalScopeEventMap,
    ((event: SyncEvent) => {
      if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(deliver());
    }) as EventListener,
  );
}
