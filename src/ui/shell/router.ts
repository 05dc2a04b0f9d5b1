/**
 * A tiny path router: the kiosk never leaves the app, so history is ours alone.
 * Each entry remembers the session it belongs to: after an idle reset the
 * back button cannot bring up what the previous person looked at.
 */
import { useEffect, useState } from 'preact/hooks';
import { onSessionReset, sessionGeneration } from '../../device/session.ts';

const listeners = new Set<() => void>();

interface EntryState {
  g: number;
  depth: number;
}

const entry = (): EntryState | undefined => history.state as EntryState | undefined;

function notify(): void {
  for (const fn of listeners) fn();
}

export function navigate(path: string, replace = false): void {
  const url = path + location.search;
  const here = entry();
  const depth = here?.g === sessionGeneration() ? here.depth : 0;
  const state: EntryState = { g: sessionGeneration(), depth: replace ? depth : depth + 1 };
  if (replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  notify();
}

/** Whether this session has a screen to go back to. */
export function canGoBack(): boolean {
  const here = entry();
  return here !== undefined && here !== null && here.g === sessionGeneration() && here.depth > 0;
}

/** The office workspace (/office/) keeps its own history; this router is the kiosk's and phone's. */
const office = () => location.pathname === '/office' || location.pathname.startsWith('/office/');

// The first entry belongs to the first session.
if (!entry() && !office()) history.replaceState({ g: sessionGeneration(), depth: 0 } satisfies EntryState, '');

addEventListener('popstate', () => {
  if (office()) return;
  // An entry from before the last reset (or from outside the app): start over at home.
  if (entry()?.g !== sessionGeneration())
    history.replaceState({ g: sessionGeneration(), depth: 0 } satisfies EntryState, '', `/${location.search}`);
  notify();
});

onSessionReset(() => {
  history.replaceState({ g: sessionGeneration(), depth: 0 } satisfies EntryState, '', `/${location.search}`);
  notify();
});

/** Called after every change of screen. */
export function onNavigate(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const fn = () => {
      setPath(location.pathname);
      scrollTo(0, 0);
    };
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return path;
}
