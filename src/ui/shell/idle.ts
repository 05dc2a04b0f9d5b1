/**
 * The idle watch: after config.idleSeconds without a touch, a visible
 * 10-second "还在使用吗?" countdown; then the session is reset, a waiting app
 * update is applied (nobody is using the screen), and the attract screen
 * invites the next person.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { idleMs, noteActivity, resetSession } from '../../device/session.ts';
import { reloadedForUpdate, setScreenFree } from '../../device/sw-bridge.ts';

export const COUNTDOWN_SECONDS = 10;

export type IdlePhase = { kind: 'active' } | { kind: 'warning'; left: number } | { kind: 'attract' };

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

export function useIdle(idleSeconds: number): [IdlePhase, () => void] {
  // A page reloaded into a new version (at an idle reset) goes on inviting the next person.
  const [phase, setPhase] = useState<IdlePhase>(() => (reloadedForUpdate() ? { kind: 'attract' } : { kind: 'active' }));
  const ref = useRef<IdlePhase>(phase);
  const set = (p: IdlePhase) => {
    ref.current = p;
    setPhase(p);
  };
  useEffect(() => {
    if (ref.current.kind === 'attract') setScreenFree(true);
    const onActivity = (e: Event) => {
      noteActivity();
      // A touch anywhere ends the countdown; inside its box the 继续使用 button does it on click.
      const inBox = (e.target as Element | null)?.closest?.('.idle-box');
      if (ref.current.kind === 'warning' && !inBox) set({ kind: 'active' });
    };
    for (const type of ACTIVITY) addEventListener(type, onActivity, { capture: true, passive: true });
    const tick = setInterval(() => {
      const current = ref.current;
      if (current.kind === 'attract') return;
      const over = idleMs() - idleSeconds * 1000;
      if (over < 0) {
        if (current.kind !== 'active') set({ kind: 'active' });
        return;
      }
      const left = COUNTDOWN_SECONDS - Math.floor(over / 1000);
      if (left > 0) {
        if (current.kind !== 'warning' || current.left !== left) set({ kind: 'warning', left });
        return;
      }
      resetSession();
      // The screen is free: a new version of the app may take over now (sw-bridge).
      setScreenFree(true);
      set({ kind: 'attract' });
    }, 250);
    return () => {
      clearInterval(tick);
      for (const type of ACTIVITY) removeEventListener(type, onActivity, { capture: true });
    };
  }, [idleSeconds]);
  const wake = () => {
    setScreenFree(false);
    noteActivity();
    set({ kind: 'active' });
  };
  return [phase, wake];
}
