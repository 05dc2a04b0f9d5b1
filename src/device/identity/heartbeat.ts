/**
 * This device's heartbeat (心跳, issue 14): every HEARTBEAT_SECONDS, and at once when a
 * sync result changes or something is refused, a signed report of how the device is
 * (src/contract/fleet.ts). Each beat is kept in IndexedDB first and sent from there,
 * oldest first, until the hub has taken it: offline, beats wait; a lost reply sends them
 * again and the hub drops what it holds by id. The reply may carry remote actions
 * (sync now, reload), which are carried out only when signed by a key this device's
 * config trusts for the feed, meant for this device, not lapsed, and not done before.
 *
 * Loaded after the first screen (src/ui/shell/main.tsx), never in the initial bundle.
 */
import type { DeviceConfig } from '../../contract/config.ts';
import { HUB_TIME_HEADER } from '../../contract/device.ts';
import {
  BEAT_KEEP_MS,
  FLEET_VERSION,
  HEARTBEAT_ENDPOINT,
  HEARTBEAT_SECONDS,
  type Heartbeat,
  type HeartbeatReply,
  MAX_BEATS_PER_REQUEST,
  parseRemoteAction,
  type ScreenState,
} from '../../contract/fleet.ts';
import { quietMode } from '../../contract/schedule.ts';
import { KeyRing } from '../../contract/signing.ts';
import { appendLog, openStore, readLog, readSyncState } from '../store/db.ts';
import {
  actedOn,
  dropOlderThan,
  forgetBeats,
  keepBeat,
  markReported,
  noteActed,
  readCounter,
  unreportedActs,
  unsentBeats,
  writeCounter,
} from '../store/heartbeats.ts';
import type { SyncEngine, SyncOutcome } from '../sync/engine.ts';
import { loadIdentity, refreshStatus, signedFetch } from './identity.ts';

export class Heartbeats {
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  private lastInput = Date.now();
  private lastOutcome: SyncOutcome['kind'] | undefined;
  private seen: SyncOutcome | undefined;
  private readonly keys: KeyRing;

  constructor(
    private readonly config: DeviceConfig,
    private readonly configName: string,
    private readonly engine: SyncEngine,
  ) {
    this.keys = new KeyRing(config.trustedKeys);
  }

  start(): void {
    for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, () => (this.lastInput = Date.now()), { passive: true });
    addEventListener('online', () => void this.flush());
    this.engine.subscribe((s) => {
      // Each round's outcome once (the engine also emits for other news, with the same outcome).
      if (!s.last || s.running || s.last === this.seen) return;
      this.seen = s.last;
      const kind = s.last.kind;
      // The first round's result (the start beat went before it), a rejection, and any other result that differs from the last.
      if (kind === this.lastOutcome && kind !== 'rejected') return;
      this.lastOutcome = kind;
      this.soon();
    });
    void this.beat('start').finally(() => this.schedule());
  }

  private schedule() {
    setTimeout(() => void this.beat('timer').finally(() => this.schedule()), HEARTBEAT_SECONDS * 1000);
  }

  /** Something changed: beat once it has settled (several changes in a row make one beat). */
  private soon() {
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => void this.beat('change'), 1000);
  }

  private screen(): ScreenState {
    if (this.config.mode === 'board') {
      const quiet = quietMode(this.config.board, new Date());
      return quiet ? `quiet-${quiet}` : 'showing';
    }
    return Date.now() - this.lastInput > this.config.idleSeconds * 1000 ? 'idle' : 'showing';
  }

  /** Makes one beat, keeps it, and sends whatever waits. */
  async beat(reason: Heartbeat['reason']): Promise<void> {
    try {
      const identity = await loadIdentity();
      if (identity.state === 'revoked') return;
      await keepBeat(await this.make(identity.device, reason));
    } catch (e) {
      // Storage refused: the next beat tries again; nothing else depends on this one.
      void appendLog({ level: 'error', code: 'board', message: `心跳未能保存:${(e as Error).message}` }).catch(() => undefined);
    }
    await this.flush();
  }

  private async make(device: string, reason: Heartbeat['reason']): Promise<Heartbeat> {
    const db = await openStore();
    const [state, log, outbox, estimate, cursor, dropped, acts] = await Promise.all([
      readSyncState(db),
      readLog(100),
      db.getAll('outbox'),
      navigator.storage?.estimate?.().catch(() => undefined),
      readCounter('logCursor'),
      readCounter('dropped'),
      unreportedActs(),
    ]);
    const fresh = log.filter((e) => (e.id ?? 0) > cursor);
    const rejections = fresh.filter((e) => e.level === 'reject');
    const lastError = log.find((e) => e.level === 'error');
    const last = this.engine.status.last;
    const oldest = outbox.reduce<string | undefined>((min, e) => (!min || e.queuedAt < min ? e.queuedAt : min), undefined);
    const beat: Heartbeat = {
      v: FLEET_VERSION,
      id: crypto.randomUUID(),
      device,
      at: new Date().toISOString(),
      reason,
      app: __APP_VERSION__.slice(0, 40),
      mode: this.config.mode,
      config: this.configName,
      feed: {
        seq: state?.seq ?? 0,
        ...(state?.lastCheckAt ? { checkedAt: state.lastCheckAt } : {}),
        ...(state?.lastChangeAt ? { changedAt: state.lastChangeAt } : {}),
        ...(state?.headIssued ? { issuedAt: state.headIssued } : {}),
      },
      sync: {
        result: last?.kind ?? 'none',
        ...(last?.kind === 'rejected' ? { code: last.code.slice(0, 40) } : {}),
        ...(last && 'message' in last ? { message: last.message.slice(0, 300) } : {}),
      },
      rejections: rejections.slice(0, 20).map((e) => ({ at: e.at, code: e.code.slice(0, 40), message: e.message.slice(0, 300) })),
      rejected: rejections.length,
      outbox: { depth: outbox.length, refused: outbox.filter((e) => e.refused).length, ...(oldest ? { oldestAt: oldest } : {}) },
      storage: { used: Math.round(estimate?.usage ?? 0), quota: Math.round(estimate?.quota ?? 0) },
      screen: this.screen(),
      uptimeSeconds: Math.round(performance.now() / 1000),
      ...(lastError ? { lastError: { at: lastError.at, message: lastError.message.slice(0, 300) } } : {}),
      ...(acts.length > 0
        ? {
            acted: acts
              .slice(0, 20)
              .map((a) => ({ id: a.id, result: a.result, ...(a.message ? { message: a.message.slice(0, 300) } : {}) })),
          }
        : {}),
      ...(dropped > 0 ? { dropped } : {}),
    };
    // The beat is kept before these are marked reported: it carries them to the hub however long that takes.
    if (fresh.length > 0) await writeCounter('logCursor', Math.max(...fresh.map((e) => e.id ?? 0)));
    if (dropped > 0) await writeCounter('dropped', 0);
    if (acts.length > 0) await markReported(acts.slice(0, 20).map((a) => a.id));
    return beat;
  }

  /** Sends waiting beats, oldest first, until none wait or the hub cannot be reached. */
  flush(): Promise<void> {
    this.flushing ??= this.send()
      .catch(() => undefined)
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async send(): Promise<void> {
    if ((await loadIdentity()).state !== 'enrolled') return;
    await dropOlderThan(new Date(Date.now() - BEAT_KEEP_MS).toISOString());
    for (;;) {
      const beats = await unsentBeats(MAX_BEATS_PER_REQUEST);
      if (beats.length === 0) return;
      const res = await signedFetch(HEARTBEAT_ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ v: FLEET_VERSION, beats }),
      });
      if (!res.ok) {
        // Refused as malformed (400): these beats will never be taken; drop them rather than block the rest.
        if (res.status === 400) await forgetBeats(beats.map((b) => b.id));
        return;
      }
      const reply = (await res.json()) as HeartbeatReply;
      await forgetBeats(beats.map((b) => b.id));
      const hubNow = Number(res.headers.get(HUB_TIME_HEADER)) || Date.now();
      for (const env of reply.actions ?? []) await this.act(env, beats[0]!.device, hubNow);
      if (beats.length < MAX_BEATS_PER_REQUEST) return;
    }
  }

  /** A remote action from the hub: checked, carried out once, and reported with the next beat. */
  private async act(env: HeartbeatReply['actions'][number], device: string, hubNow: number): Promise<void> {
    const verified = await this.keys.verify(env);
    const action = verified.ok ? parseRemoteAction(verified.payload) : undefined;
    if (!action) {
      await appendLog({ level: 'error', code: 'config', message: `拒绝执行远程操作:${verified.ok ? '格式不符' : verified.message}` });
      return;
    }
    if (action.device !== device || (await actedOn(action.id))) return;
    const at = new Date().toISOString();
    if (Date.parse(action.expiresAt) < hubNow) {
      await noteActed({ id: action.id, at, result: 'refused', message: '远程操作已过期', reported: false });
      return;
    }
    await appendLog({
      level: 'info',
      code: 'config',
      message: `执行远程操作:${action.action === 'sync' ? '立即同步' : '重新载入'}(${action.by})`,
    });
    if (action.action === 'reload') {
      // Noted first: the page that comes back must not reload again.
      await noteActed({ id: action.id, at, result: 'done', message: '已重新载入', reported: false });
      location.reload();
      return;
    }
    const outcome = await this.engine.syncNow();
    const ok = outcome.kind === 'applied' || outcome.kind === 'unchanged';
    await noteActed({
      id: action.id,
      at,
      result: ok ? 'done' : 'failed',
      message: outcome.kind === 'applied' ? `已同步到第 ${outcome.seq} 号变更` : 'message' in outcome ? outcome.message : '内容已是最新',
      reported: false,
    });
    this.soon();
  }
}

let running: Heartbeats | undefined;

/** Starts this device's heartbeat (once); `known`: the device was enrolled before this page, so ask the hub how it stands. */
export function startHeartbeat(config: DeviceConfig, configName: string, engine: SyncEngine, known: boolean): Heartbeats {
  if (known) void refreshStatus();
  if (!running) {
    running = new Heartbeats(config, configName, engine);
    running.start();
  }
  return running;
}
