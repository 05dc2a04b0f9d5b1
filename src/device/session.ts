/**
 * A public screen forgets its last user (DESIGN principle 3). Anything that
 * holds what a citizen typed or chose (forms, drafts, search text, text size,
 * language) registers here and is cleared on reset; the idle watch calls
 * resetSession() when nobody has touched the screen for config.idleSeconds
 * plus a visible 10-second countdown.
 *
 *   const off = onSessionReset(() => setDraft(undefined));
 */
type Reset = () => void;

const resets = new Set<Reset>();
let generation = 0;
let last = Date.now();

/** Calls `fn` on every session reset; returns the unsubscribe function. */
export function onSessionReset(fn: Reset): () => void {
  resets.add(fn);
  return () => resets.delete(fn);
}

/** Increases with every reset: history entries of an older session are never shown again. */
export function sessionGeneration(): number {
  return generation;
}

/** Forgets the current user: every registered reset runs (one failing does not stop the others). */
export function resetSession(): void {
  generation++;
  for (const fn of [...resets]) {
    try {
      fn();
    } catch (e) {
      console.error('session reset', e);
    }
  }
  last = Date.now();
}

/** Someone is using the screen (a touch, a key, or speech still reading aloud). */
export function noteActivity(): void {
  last = Date.now();
}

export function idleMs(now = Date.now()): number {
  return now - last;
}
