/**
 * Sends the board's proof-of-display log to the hub whenever it can: at start,
 * every `board.uploadSeconds`, and when the network comes back. The hub stores
 * each entry once however often it is sent, so a lost reply is simply sent
 * again; the board forgets nothing the hub has not confirmed.
 */
import type { DeviceConfig } from '../../contract/config.ts';
import { signText } from '../../contract/device.ts';
import { batchText, type ChainProblem, DISPLAY_VERSION, type DisplayUpload, type DisplayUploadReply } from '../../contract/display.ts';
import { loadIdentity, signedFetch } from '../identity/identity.ts';
import { appendLog } from '../store/db.ts';
import { confirmUploaded, displayDeviceId, sealOpenSpells, unconfirmedEntries, verifyDisplayLog } from '../store/display-log.ts';

export const DISPLAY_ENDPOINT = '/api/display/v1/entries';
const BATCH = 200;

export type UploadOutcome =
  | { kind: 'sent'; stored: number; duplicates: number; through: number; problems: ChainProblem[] }
  | { kind: 'offline'; message: string }
  | { kind: 'refused'; status: number; message: string };

export class DisplayUploader {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<UploadOutcome> | undefined;
  private stopped = false;
  private lastRefusal = '';
  last: UploadOutcome | undefined;

  /** Name, place and channels are IT's, set at enrollment: the upload carries only the log. */
  constructor(private readonly config: DeviceConfig) {}

  /** The page has just started: what was open belongs to the last page's life. */
  async start(): Promise<void> {
    addEventListener('online', this.onOnline);
    try {
      await sealOpenSpells(Date.now(), true);
      const problems = await verifyDisplayLog();
      for (const p of problems.slice(0, 20)) await appendLog({ level: 'error', code: 'display', message: p.message });
    } catch (e) {
      void appendLog({ level: 'error', code: 'display', message: `展示记录检查失败:${(e as Error).message}` }).catch(() => undefined);
    }
    // Whatever happened above, the rounds go on: each one seals and sends what it can.
    await this.uploadNow();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    removeEventListener('online', this.onOnline);
  }

  private readonly onOnline = () => void this.uploadNow();

  private schedule() {
    if (this.stopped) return;
    const ms = this.config.board.uploadSeconds * 1000 * (0.9 + Math.random() * 0.2);
    this.timer = setTimeout(() => void this.uploadNow().finally(() => this.schedule()), ms);
  }

  uploadNow(): Promise<UploadOutcome> {
    this.inflight ??= this.round()
      .catch((e: unknown): UploadOutcome => ({ kind: 'offline', message: (e as Error).message }))
      .then((o) => (this.last = o))
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async round(): Promise<UploadOutcome> {
    await sealOpenSpells(Date.now());
    const device = await displayDeviceId();
    const identity = await loadIdentity();
    let total: Extract<UploadOutcome, { kind: 'sent' }> = { kind: 'sent', stored: 0, duplicates: 0, through: 0, problems: [] };
    // Always at least one request: an empty batch tells the hub the board is alive and has nothing unsent.
    for (let first = true; ; first = false) {
      const entries = await unconfirmedEntries(BATCH);
      if (!first && entries.length === 0) break;
      // Signed twice by this device's key: the batch as a whole (kept with it at the hub) and the request.
      const body: DisplayUpload = {
        v: DISPLAY_VERSION,
        device,
        entries,
        sig: await signText(identity.privateKey, batchText(device, entries)),
      };
      let res: Response;
      try {
        res = await signedFetch(DISPLAY_ENDPOINT, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (e) {
        return { kind: 'offline', message: (e as Error).message };
      }
      const reply = (await res.json().catch(() => ({}))) as Partial<DisplayUploadReply> & { message?: string };
      if (!res.ok || reply.ok !== true) {
        const message = reply.message ?? `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500 && message !== this.lastRefusal)
          await appendLog({ level: 'error', code: 'display', message: `展示记录上报被中心拒收:${message}` });
        this.lastRefusal = message;
        return res.status >= 500 ? { kind: 'offline', message } : { kind: 'refused', status: res.status, message };
      }
      const problems = reply.problems ?? [];
      for (const p of problems) await appendLog({ level: 'error', code: 'display', message: `中心发现:${p.message}` });
      await confirmUploaded(reply.through ?? 0);
      total = {
        kind: 'sent',
        stored: total.stored + (reply.stored ?? 0),
        duplicates: total.duplicates + (reply.duplicates ?? 0),
        through: reply.through ?? 0,
        problems: [...total.problems, ...problems],
      };
      if (entries.length < BATCH) break;
    }
    return total;
  }
}
