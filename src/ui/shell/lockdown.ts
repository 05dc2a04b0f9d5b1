/**
 * A public screen must not let anyone wander out of the app or carry files
 * away. What the page can do is done here; Chromium's kiosk mode and policies
 * do the rest (docs/kiosk-setup.md).
 */
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);

export function lockDown(): void {
  const stop = (e: Event) => e.preventDefault();
  // No context menu (it offers "open in new tab", "save as", "search the web").
  addEventListener('contextmenu', stop, { capture: true });
  // Nothing dragged out of the page (a dropped link or image opens elsewhere).
  addEventListener('dragstart', stop, { capture: true });
  // No page zoom: the app's own text sizes stand in for it (适老模式, 字号).
  addEventListener('wheel', (e) => e.ctrlKey && e.preventDefault(), { capture: true, passive: false });
  addEventListener('gesturestart', stop, { capture: true });
  addEventListener('touchmove', (e) => e.touches.length > 1 && e.preventDefault(), { capture: true, passive: false });
  addEventListener(
    'keydown',
    (e) => {
      // Zoom, save, print, open, view source, new window, address bar.
      if ((e.ctrlKey || e.metaKey) && (ZOOM_KEYS.has(e.key) || /^[sopunlt]$/i.test(e.key))) e.preventDefault();
    },
    { capture: true },
  );
  // A link that slipped through never opens a window or a download.
  addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (a) e.preventDefault();
    },
    { capture: true },
  );
  window.open = () => null;
  document.documentElement.classList.add('locked');
}
