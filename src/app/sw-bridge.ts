/**
 * The one place the UI talks to the service worker. A new version is applied
 * only when the app says the screen is idle, then the page reloads into it.
 */
let waiting: ServiceWorker | undefined;

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || new URLSearchParams(location.search).has('no-sw')) return;
  const hadController = navigator.serviceWorker.controller !== null;
  const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  const track = (w: ServiceWorker | null) => {
    if (!w) return;
    w.addEventListener('statechange', () => {
      if (w.state === 'installed' && navigator.serviceWorker.controller) waiting = w;
    });
    if (w.state === 'installed' && navigator.serviceWorker.controller) waiting = w;
  };
  track(reg.waiting);
  track(reg.installing);
  reg.addEventListener('updatefound', () => track(reg.installing));
  // The first install claims the page; only a replaced worker warrants a reload.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) location.reload();
  });
}

/** Call when nobody is using the screen. Returns whether an update was applied. */
export function applyUpdateIfWaiting(): boolean {
  if (!waiting) return false;
  waiting.postMessage({ type: 'SKIP_WAITING' });
  waiting = undefined;
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
