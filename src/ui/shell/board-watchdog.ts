/**
 * The wall board's watchdog. It lives in the first bundle, not the board's
 * chunk, so it also catches a board chunk that never arrived: when nothing
 * has been drawn for `seconds`, the page reloads itself (and starts again
 * from local data). A hung main thread is beyond any script; see docs/board.md.
 */
import { useEffect } from 'preact/hooks';
import { appendLog } from '../../device/store/db.ts';

let drewAt = Date.now();

/** The board calls this whenever it has put something on screen. */
export function boardDrew(): void {
  drewAt = Date.now();
}

export function useBoardWatchdog(seconds: number): void {
  useEffect(() => {
    const every = Math.min(seconds * 250, 15_000);
    drewAt = Date.now();
    let tickedAt = drewAt;
    const id = setInterval(() => {
      const now = Date.now();
      // The clock jumped (the machine slept, or the time was set): not a stall of the board.
      if (now - tickedAt > 3 * every) drewAt = now;
      tickedAt = now;
      if (now - drewAt <= seconds * 1000) return;
      clearInterval(id);
      const logged = appendLog({ level: 'error', code: 'board', message: `公开栏 ${seconds} 秒没有画面,自动重新载入` });
      // The log is a courtesy: a stuck database must not keep the page from reloading.
      void Promise.race([logged, new Promise((r) => setTimeout(r, 2000))]).finally(() => location.reload());
    }, every);
    return () => clearInterval(id);
  }, [seconds]);
}
