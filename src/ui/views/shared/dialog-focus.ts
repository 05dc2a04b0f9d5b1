/**
 * A modal dialog keeps the keyboard with it (WAI-ARIA APG dialog pattern):
 * the focus moves in when it opens, Tab and Shift+Tab go round inside it,
 * Escape closes it, and the focus goes back to where it was.
 *
 *   const box = useRef<HTMLDivElement>(null);
 *   useDialogFocus(box, onClose);
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE =
  'button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), iframe, [tabindex]:not([tabindex="-1"])';

export function useDialogFocus(box: RefObject<HTMLElement | null>, onClose?: () => void): void {
  const close = useRef(onClose);
  close.current = onClose;
  // Before the dialog is painted: a key pressed the moment it shows already goes to it.
  useLayoutEffect(() => {
    const root = box.current;
    if (!root) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const inside = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    // A button first (close, 继续使用), not a document viewer that would take the keys for itself.
    (root.querySelector<HTMLElement>('button:not(:disabled)') ?? inside()[0])?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && close.current) {
        e.preventDefault();
        close.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const all = inside();
      if (all.length === 0) return;
      const i = all.indexOf(document.activeElement as HTMLElement);
      const to = e.shiftKey ? (i <= 0 ? all.at(-1) : undefined) : i === -1 || i === all.length - 1 ? all[0] : undefined;
      if (!to) return;
      e.preventDefault();
      to.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      // Back where the person was (the button that opened it, the field they were typing in).
      if (opener?.isConnected && (document.activeElement === document.body || root.contains(document.activeElement))) opener.focus();
    };
  }, [box]);
}
