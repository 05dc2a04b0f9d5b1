/**
 * One submission per kiosk session per questionnaire, one per phone: speed
 * bumps without identity (docs/questionnaire.md says what they cannot stop).
 * Nothing here is personal: a random device id, and which questionnaires this
 * browser has answered.
 */

import { toBase64Url } from '../../contract/signing.ts';
import { onSessionReset } from '../session.ts';

/** Shared with the outbox (src/device/outbox/submit.ts in the intake branch): one random id per browser. */
const DEVICE_KEY = 'zwgk.device';
const ANSWERED_KEY = 'zwgk.answered';

export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** Questionnaires answered in this kiosk session; the idle reset forgets them. */
const session = new Set<string>();
onSessionReset(() => session.clear());

function answeredOnPhone(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(ANSWERED_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function alreadyAnswered(id: string, source: 'kiosk' | 'phone'): boolean {
  return source === 'kiosk' ? session.has(id) : answeredOnPhone().includes(id);
}

export function markAnswered(id: string, source: 'kiosk' | 'phone'): void {
  if (source === 'kiosk') session.add(id);
  else localStorage.setItem(ANSWERED_KEY, JSON.stringify([...answeredOnPhone().filter((x) => x !== id), id].slice(-100)));
}
