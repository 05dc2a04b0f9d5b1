/** A tiny path router: the kiosk never leaves the app, so history is ours alone. */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false): void {
  const url = path + location.search;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const fn of listeners) fn();
}

addEventListener('popstate', () => {
  for (const fn of listeners) fn();
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
