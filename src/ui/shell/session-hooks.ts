/**
 * The session, for views: a public screen forgets its last user (DESIGN
 * principle 3, src/device/session.ts). A view that holds what a citizen typed or
 * chose wipes it in `useSessionReset`; one that is busy without touches (reading
 * aloud) keeps the screen awake with `useActivity`.
 */
import { useEffect, useRef } from 'preact/hooks';
import { noteActivity, onSessionReset } from '../../device/session.ts';

/** Runs the latest `fn` on every session reset while the component is mounted. */
export function useSessionReset(fn: () => void): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => onSessionReset(() => latest.current()), []);
}

/** Tells the idle watch someone is still using the screen. */
export function useActivity(): () => void {
  return noteActivity;
}
