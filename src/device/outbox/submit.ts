/**
 * From a filled form to a queued, sealed submission — for every kind
 * (complaint, inquiry, hearing opinion; questionnaire answers later). The
 * plaintext exists only in memory: it is checked, sealed to the office's keys,
 * and only the sealed submission is written to IndexedDB.
 */
import * as v from 'valibot';
import type { DeviceConfig } from '../../contract/config.ts';
import { sealPart } from '../../contract/sealing.ts';
import { KeyRing, toBase64Url } from '../../contract/signing.ts';
import { SUBMISSION_VERSION, Submission, type SubmissionKind, verifyIntakeKeys } from '../../contract/submission.ts';
import { IdentityContent } from '../../contract/submission-content.ts';
import { makeTrackingCode } from '../../contract/tracking-code.ts';
import { loadIdentity } from '../identity/identity.ts';
import { outboxDelivery } from './delivery.ts';
import { enqueue, StorageFullError } from './queue.ts';

export interface SubmissionInput {
  kind: SubmissionKind;
  /** The item it responds to (a hearing, a questionnaire). */
  subject?: string;
  /** The kind's own content, already checked by its form against its schema in src/contract/. */
  content: { kind: SubmissionKind } & Record<string, unknown>;
  /** Name and contact; left out when anonymous. */
  identity?: IdentityContent;
  source: 'kiosk' | 'phone';
}

export type IntakeReadiness = { ok: true } | { ok: false; reason: string };

const readiness = new WeakMap<DeviceConfig, Promise<IntakeReadiness>>();

/** Whether this device may take submissions: intake configured, and its keys vouched for by a trusted feed key. */
export function intakeReady(config: DeviceConfig): Promise<IntakeReadiness> {
  let r = readiness.get(config);
  if (!r) {
    r = config.intake
      ? verifyIntakeKeys(new KeyRing(config.trustedKeys), config.intake).then((x) => (x.ok ? x : { ok: false, reason: x.message }))
      : Promise.resolve({ ok: false, reason: '设备配置中没有受理(intake)设置' });
    readiness.set(config, r);
  }
  return r;
}

const DEVICE_KEY = 'zwgk.device';

/** A random id for this browser (rate limits on the hub); it says nothing about anyone. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export class IntakeUnavailableError extends Error {}

/** Seals and queues; resolves once the sealed submission is in IndexedDB. Throws StorageFullError if it could not be stored. */
export async function submit(config: DeviceConfig, input: SubmissionInput): Promise<{ id: string; trackingCode: string }> {
  const ready = await intakeReady(config);
  if (!ready.ok || !config.intake) throw new IntakeUnavailableError(ready.ok ? '' : ready.reason);
  const { officeKeys } = config.intake;
  const header = {
    id: crypto.randomUUID(),
    kind: input.kind,
    trackingCode: makeTrackingCode(),
    ...(input.subject ? { subject: input.subject } : {}),
  };
  const identity = input.identity && v.parse(IdentityContent, input.identity);
  const hasIdentity = identity && Object.values(identity).some((x) => x !== undefined && x !== '');
  const submission: Submission = {
    v: SUBMISSION_VERSION,
    ...header,
    // A kiosk files under its enrolled identity (its deliveries are signed with that key); a phone has none.
    device: input.source === 'kiosk' ? (await loadIdentity()).device : deviceId(),
    source: input.source,
    ...(input.source === 'kiosk' ? { deviceName: config.name } : {}),
    createdAt: new Date().toISOString(),
    ...(hasIdentity ? { identity: await sealPart(officeKeys.identity, 'identity', header, identity) } : {}),
    content: await sealPart(officeKeys.content, 'content', header, input.content),
  };
  // The same schema the hub applies: a submission the hub would refuse is never queued.
  v.parse(Submission, submission);
  try {
    await enqueue({
      id: header.id,
      kind: input.kind,
      body: JSON.stringify(submission),
      queuedAt: submission.createdAt,
      attempts: 0,
      nextAttemptAt: 0,
    });
  } catch (e) {
    outboxDelivery.noteStorageFull(
      e instanceof StorageFullError ? `${e.message}(${(e.cause as Error)?.name ?? ''})` : (e as Error).message,
    );
    throw e instanceof StorageFullError ? e : new StorageFullError(e);
  }
  outboxDelivery.queued();
  return { id: header.id, trackingCode: header.trackingCode };
}
