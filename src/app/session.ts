/**
 * The citizen's session at a public screen. `resetSession()` is called when
 * nobody is using the screen any more (idle) and wipes every form, draft and
 * screen state that registered with `onSessionReset`.
 * Minimal version from the intake branch; the idle-reset work extends it.
 */
const listeners = new Set<() => void>();

export function onSessionReset(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function resetSession(): void {
  for (const fn of [...listeners]) fn();
}
