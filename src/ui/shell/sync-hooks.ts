/** Views read the sync engine's status through these hooks only. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { DeviceConfig } from '../../contract/config.ts';
import type { SyncEngine, SyncStatus } from '../../device/sync/engine.ts';

export interface AppContext {
  config: DeviceConfig;
  configName: string;
  engine: SyncEngine;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useApp outside <Ctx.Provider>');
  return ctx;
}

export function useSyncStatus(): SyncStatus {
  const { engine } = useApp();
  const [status, setStatus] = useState(engine.status);
  useEffect(() => engine.subscribe(setStatus), [engine]);
  return status;
}

/** Changes whenever new content was applied: views re-run their queries on it. */
export function useContentVersion(): number {
  const status = useSyncStatus();
  return status.state?.seq ?? 0;
}

/** Re-runs `load` when content changes; keeps the last result while loading. */
export function useQuery<T>(load: () => Promise<T>, deps: unknown[]): T | undefined {
  const version = useContentVersion();
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void load().then((v) => {
      if (live) setValue(v);
    });
    return () => {
      live = false;
    };
    // Callers pass their own deps; the content version is always one.
  }, [version, ...deps]);
  return value;
}
