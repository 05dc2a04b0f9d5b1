/**
 * The outbox, for views: whether this device takes submissions, sending one
 * (sealed and queued), whether it has left, and the queue's state for IT.
 */
import { useEffect, useState } from 'preact/hooks';
import { type OutboxStatus, outboxDelivery } from '../../device/outbox/delivery.ts';
import { isQueued, StorageFullError } from '../../device/outbox/queue.ts';
import { type IntakeReadiness, intakeReady, type SubmissionInput, submit } from '../../device/outbox/submit.ts';
import { useApp } from './sync-hooks.ts';

/** Whether this device can seal submissions for the hub (undefined while it is checked). */
export function useIntakeReady(): IntakeReadiness | undefined {
  const { config } = useApp();
  const [ready, setReady] = useState<IntakeReadiness>();
  useEffect(() => {
    let live = true;
    void intakeReady(config).then((r) => live && setReady(r));
    return () => {
      live = false;
    };
  }, [config]);
  return ready;
}

export type Submitted = { ok: true; id: string; trackingCode: string } | { ok: false; reason: 'storage-full' | 'unavailable' };

/** Seals and queues a submission; nothing is stored when it answers `ok: false`. */
export function useSubmit(): (input: SubmissionInput) => Promise<Submitted> {
  const { config } = useApp();
  return async (input) => {
    try {
      const r = await submit(config, input);
      return { ok: true, id: r.id, trackingCode: r.trackingCode };
    } catch (e) {
      return { ok: false, reason: e instanceof StorageFullError ? 'storage-full' : 'unavailable' };
    }
  };
}

/** The outbox's queue and its last delivery pass, as they change (the diagnostics screen). */
export function useOutboxStatus(): OutboxStatus {
  const [status, setStatus] = useState<OutboxStatus>(outboxDelivery.status);
  useEffect(() => {
    const off = outboxDelivery.subscribe(setStatus);
    void outboxDelivery.refresh();
    return off;
  }, []);
  return status;
}

const deliverNow = () => void outboxDelivery.now(true);

/** A delivery pass now, the backoff forgotten (IT's 立即重试 on the diagnostics screen). */
export function useDeliverNow(): () => void {
  return deliverNow;
}

/**
 * Whether a sealed submission has left this device's outbox (the hub's receipt
 * verified), for the form receipt and the questionnaire's thank-you alike.
 * Follows the page's deliveries and, every 1.5 s, the service worker's (it
 * delivers in the background and does not tell the page).
 */
export function useDelivered(id: string | undefined): boolean {
  const [delivered, setDelivered] = useState(false);
  useEffect(() => {
    setDelivered(false);
    if (!id) return;
    let live = true;
    const check = () => void isQueued(id).then((q) => live && !q && setDelivered(true));
    const off = outboxDelivery.subscribe(check);
    const timer = setInterval(check, 1500);
    check();
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, [id]);
  return delivered;
}
