/**
 * Quiet hours and daytime schedule windows from the board config, in China
 * time whatever the device's own zone (the windows themselves: src/contract/schedule.ts,
 * shared with the hub's fleet page, which must know when a board sleeps by schedule).
 */
import type { BoardSection, BoardSettings } from '../../../contract/config.ts';
import { inWindow } from '../../../contract/schedule.ts';

export { inWindow, quietMode } from '../../../contract/schedule.ts';

/** The sections the daytime schedule allows now; every section outside all slots. */
export function scheduledSections(settings: BoardSettings, now: Date): readonly BoardSection[] | undefined {
  const slot = settings.schedule.find((s) => inWindow(s, now));
  return slot?.sections;
}
