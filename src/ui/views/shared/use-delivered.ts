/**
 * Whether a sealed submission has left this device's outbox (the hub's receipt
 * verified), for the form receipt and the questionnaire's thank-you alike.
 * Follows the page's deliveries and, every 1.5 s, the service worker's (it
 * delivers in the background and does not tell the page).
 */
import { useEffect, useState } from 'preact/hooks';
import { outboxDelivery } from '../../../device/outbox/delivery.ts';
import { isQueued } from '../../../device/outbox/queue.ts';

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
