/**
 * The wall board's door to the device: the stored items it plans from, the
 * display log that proves what was on screen (and its upload to the hub), the
 * device log, and the app update it applies between slides. Imported by the
 * board's lazy chunk only: none of this is in the kiosk's first screen.
 */
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Item } from '../../contract/feed.ts';
import { DisplayUploader } from '../../device/proof/upload.ts';
import { storedItems } from '../../device/store/board-items.ts';
import { appendLog, type LogEntry } from '../../device/store/db.ts';
import { recordShow, type Show } from '../../device/store/display-log.ts';
import { applyUpdateIfWaiting } from '../../device/sw-bridge.ts';
import { useApp, useContentVersion } from './sync-hooks.ts';

/**
 * Hands every stored item (offline too) to the latest `onItems` before the
 * browser paints: once at start, and again whenever new content is applied.
 */
export function useStoredItems(onItems: (items: Item[]) => void): void {
  const version = useContentVersion();
  const latest = useRef(onItems);
  latest.current = onItems;
  useLayoutEffect(() => {
    let live = true;
    void storedItems().then((list) => {
      if (live) latest.current(list);
    });
    return () => {
      live = false;
    };
  }, [version]);
}

export interface BoardDevice {
  /** Records that a slide was on screen (the proof of display). */
  recordShow(show: Show): Promise<void>;
  /** Writes to the device log IT reads on the diagnostics screen. */
  log(entry: Omit<LogEntry, 'id' | 'at'>): Promise<void>;
  /** Between slides: true when a waiting app update was told to take over (the page reloads). */
  applyUpdate(): boolean;
  /** Starts sending the display log to the hub (call once); it stops when the board goes. */
  startUpload(): void;
}

/** What the board asks of the device; all but `startUpload` are the same functions on every render. */
export function useBoardDevice(): BoardDevice {
  const { config } = useApp();
  const uploader = useRef<DisplayUploader | undefined>(undefined);
  useEffect(() => () => uploader.current?.stop(), []);
  return {
    recordShow,
    log: appendLog,
    applyUpdate: applyUpdateIfWaiting,
    startUpload: () => {
      uploader.current = new DisplayUploader(config);
      void uploader.current.start();
    },
  };
}
