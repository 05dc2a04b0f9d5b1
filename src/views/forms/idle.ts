/**
 * The kiosk's idle wipe for the intake screens: after the config's
 * `idleSeconds` without a touch or a key, resetSession() (src/app/session.ts)
 * wipes every form, draft, receipt and tracking result. A public screen.
 */
import { useEffect } from 'preact/hooks';
import { resetSession } from '../../app/session.ts';

/** Wipes the session after `seconds` without a touch or a key (a public screen). */
export function useIdleReset(seconds: number, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    let timer = setTimeout(resetSession, seconds * 1000);
    const bump = () => {
      clearTimeout(timer);
      timer = setTimeout(resetSession, seconds * 1000);
    };
    const events = ['pointerdown', 'keydown', 'input', 'wheel'] as const;
    for (const e of events) addEventListener(e, bump, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) removeEventListener(e, bump, { capture: true });
    };
  }, [seconds, enabled]);
}
