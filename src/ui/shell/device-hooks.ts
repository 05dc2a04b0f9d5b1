/**
 * The door to this device as IT sees it: its identity and enrollment at the
 * hub (issue 10), and what the diagnostics screen reads (the device log,
 * storage, the service worker). Only screens loaded on demand import it.
 */
import { useEffect, useState } from 'preact/hooks';
import { checkEnrollment, refreshStatus } from '../../device/identity/identity.ts';
import { type DeviceIdentityRecord, type LogEntry, readLog } from '../../device/store/db.ts';
import { readIdentity } from '../../device/store/identity.ts';
import { storageFigures } from '../../device/store/queries.ts';
import { serviceWorkerState } from '../../device/sw-bridge.ts';
import type { SyncStatus } from '../../device/sync/engine.ts';
import { useQuery } from './sync-hooks.ts';

/** This device's identity as stored, then as the hub describes it now (asked once; offline keeps what is stored). */
export function useIdentity(): DeviceIdentityRecord | undefined {
  const [record, setRecord] = useState<DeviceIdentityRecord>();
  useEffect(() => {
    let live = true;
    void readIdentity().then((r) => live && r && setRecord(r));
    void refreshStatus().then((r) => live && r && setRecord(r));
    return () => {
      live = false;
    };
  }, []);
  return record;
}

/** How often the enrollment screen asks the hub whether IT has approved it. */
export const POLL_MS = 3_000;

/**
 * Claims a place in the fleet and asks the hub every POLL_MS (five times
 * slower after a problem) until IT has enrolled or revoked this device, then
 * calls `onEnrolled`. Works before the app's context exists, so it takes the config's name.
 */
export function useEnrollment(
  configName: string,
  onEnrolled: () => void,
): { record: DeviceIdentityRecord | undefined; problem: string | undefined } {
  const [record, setRecord] = useState<DeviceIdentityRecord>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      const step = await checkEnrollment(configName);
      if (!live) return;
      setRecord(step.record);
      setProblem(step.kind === 'problem' ? step.message : undefined);
      if (step.kind === 'status' && (step.record.state === 'enrolled' || step.record.state === 'revoked')) return onEnrolled();
      timer = setTimeout(() => void round(), step.kind === 'problem' ? POLL_MS * 5 : POLL_MS);
    };
    void round();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [configName]);
  return { record, problem };
}

/**
 * The device log's latest `limit` entries, read again on every sync status
 * change: a rejected sync logs without bringing new content.
 */
export function useDeviceLog(limit: number, status: SyncStatus): LogEntry[] {
  const [log, setLog] = useState<LogEntry[]>([]);
  useEffect(() => {
    void readLog(limit).then(setLog);
  }, [status]);
  return log;
}

/** Items stored and archived, and the browser's storage estimate, as content changes. */
export function useStorageFigures() {
  return useQuery(() => storageFigures(), []);
}

/** The active service worker's state ('' until known). */
export function useServiceWorkerState(): string {
  const [state, setState] = useState('');
  useEffect(() => {
    void serviceWorkerState().then(setState);
  }, []);
  return state;
}
