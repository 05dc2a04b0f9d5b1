/**
 * The one place the UI talks to the service worker. A new version is applied
 * only while the screen is free (the attract screen after an idle reset, or
 * a board between slides), then the page reloads into it: never in the middle
 * of someone's form.
 */
import { SKIP_WAITING } from './worker-shared.ts';

let waiting: ServiceWorker | undefined;
let registration: ServiceWorkerRegistration | undefined;
let screenFree = false;
/** Someone started using the kiosk after the new version was asked to take over: reload at the next free moment. */
let inUse = false;
let reloadWhenFree = false;

/** A kiosk runs for months without a navigation, so it asks for a new version itself. */
const UPDATE_CHECK_MS = 30 * 60_000;
/** Set just before the reload into a new version: the new page opens on the attract screen, as the old one was. */
const RELOADED_FOR_UPDATE = 'zwgk-updated';

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || new URLSearchParams(location.search).has('no-sw')) return;
  const hadController = navigator.serviceWorker.controller !== null;
  const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  registration = reg;
  const track = (w: ServiceWorker | null) => {
    if (!w) return;
    const installed = () => {
      if (w.state !== 'installed' && waiting === w) waiting = undefined;
      if (w.state !== 'installed' || !navigator.serviceWorker.controller) return;
      waiting = w;
      // Found while nobody is at the screen: take it now.
      if (screenFree) applyUpdateIfWaiting();
    };
    w.addEventListener('statechange', installed);
    installed();
  };
  track(reg.waiting);
  track(reg.installing);
  reg.addEventListener('updatefound', () => track(reg.installing));
  // The first install claims the page; only a replaced worker warrants a reload.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) return;
    if (inUse) reloadWhenFree = true;
    else location.reload();
  });
  setInterval(checkForUpdate, UPDATE_CHECK_MS);
}

/** Asks the server for a new sw.js (offline: nothing happens). */
export function checkForUpdate(): void {
  void registration?.update().catch(() => undefined);
}

/**
 * The kiosk tells whether anyone is using the screen. While it is free, a
 * waiting version takes over at once, and a version found later too.
 */
export function setScreenFree(free: boolean): void {
  screenFree = free;
  inUse = !free;
  if (free && reloadWhenFree) {
    location.reload();
    return;
  }
  if (!free) {
    // Someone started using the screen again: the new version waits for the next free moment.
    clearInterval(asking);
    try {
      sessionStorage.removeItem(RELOADED_FOR_UPDATE);
    } catch {}
    return;
  }
  if (!applyUpdateIfWaiting()) checkForUpdate();
}

/** Whether this page was loaded by an update applied on a free screen (read once). */
export function reloadedForUpdate(): boolean {
  try {
    const was = sessionStorage.getItem(RELOADED_FOR_UPDATE) !== null;
    sessionStorage.removeItem(RELOADED_FOR_UPDATE);
    return was;
  } catch {
    return false;
  }
}

let asking: ReturnType<typeof setInterval> | undefined;

/** Call when nobody is using the screen. Returns whether an update was applied. */
export function applyUpdateIfWaiting(): boolean {
  const w = waiting;
  if (!w) return false;
  try {
    sessionStorage.setItem(RELOADED_FOR_UPDATE, '1');
  } catch {
    // Without sessionStorage the new version opens on the home screen: still nobody's data.
  }
  const ask = () => w.postMessage({ type: SKIP_WAITING });
  ask();
  // Chromium can drop a message to a worker that has just installed: ask again until it takes over (then the page reloads).
  clearInterval(asking);
  asking = setInterval(() => (w.state === 'installed' ? ask() : clearInterval(asking)), 2000);
  return true;
}

export async function serviceWorkerState(): Promise<string> {
  if (!('serviceWorker' in navigator)) return 'unsupported';
  const reg = await navigator.serviceWorker.getRegistration();
  return reg?.active?.state ?? 'none';
}

/**
 * Asks the browser to fire a Background Sync `tag` in the service worker when
 * the network allows, even after the page is closed (Chromium; elsewhere the
 * page's own timer and `online` handler deliver). Returns whether it was registered.
 */
export async function requestBackgroundSync(tag: string): Promise<boolean> {
  try {
    const reg = (await navigator.serviceWorker?.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    if (!reg?.active || !reg.sync) return false;
    await reg.sync.register(tag);
    return true;
  } catch {
    return false;
  }
}
