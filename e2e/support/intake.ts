/**
 * Intake helpers for tests and benchmarks: office keys in memory, the endorsed
 * config block, sealing a submission the way a device does, and opening what
 * the hub stored with the office's private keys (the office's real code).
 */

import { endorseIntakeKeys, generateOfficeKeyFile, type IntakeOptions, type OfficeKeyFile } from '../../hub/intake/keys.ts';
import { generateKeyFile, importKeyFile, type SigningKey } from '../../hub/keys.ts';
import type { IntakeConfig } from '../../src/contract/config.ts';
import { sealPart } from '../../src/contract/sealing.ts';
import { SUBMISSION_VERSION, type Submission, type SubmissionKind } from '../../src/contract/submission.ts';
import { makeTrackingCode } from '../../src/contract/tracking-code.ts';

export interface TestIntake {
  options: IntakeOptions;
  block: IntakeConfig;
  /** The office's private keys, as the office keeps them (never given to the hub). */
  officeKeys: OfficeKeyFile[];
}

export async function makeTestIntake(signingKey: SigningKey, limits?: IntakeOptions['limits']): Promise<TestIntake> {
  const identity = await generateOfficeKeyFile('identity', 'test-identity');
  const content = await generateOfficeKeyFile('content', 'test-content');
  const receiptKey = await importKeyFile(await generateKeyFile('test-receipt'));
  const office = {
    identity: [{ id: identity.id, publicKey: identity.publicKey }],
    content: [{ id: content.id, publicKey: content.publicKey }],
  };
  const block = await endorseIntakeKeys(office, [receiptKey.trusted], signingKey);
  return {
    options: {
      receiptKey,
      acceptedKeys: { identity: [identity.id], content: [content.id] },
      configBlock: block,
      ...(limits ? { limits } : {}),
    },
    block,
    officeKeys: [identity, content],
  };
}

/** Seals a submission exactly as src/device/outbox/submit.ts does on a device. */
export async function sealTestSubmission(
  block: IntakeConfig,
  o: {
    kind?: SubmissionKind;
    content: Record<string, unknown>;
    identity?: Record<string, unknown>;
    device?: string;
    subject?: string;
    /** A kiosk's (the default) must be sent signed by that enrolled kiosk (e2e/support/device.ts); a phone's is anonymous. */
    source?: 'kiosk' | 'phone';
  },
): Promise<Submission> {
  const header = {
    id: crypto.randomUUID(),
    kind: o.kind ?? 'complaint',
    trackingCode: makeTrackingCode(),
    ...(o.subject ? { subject: o.subject } : {}),
  };
  return {
    v: SUBMISSION_VERSION,
    ...header,
    device: o.device ?? 'test-device-0001',
    ...(o.source === 'phone' ? { source: 'phone' as const } : { source: 'kiosk' as const, deviceName: '测试触摸屏' }),
    createdAt: new Date().toISOString(),
    ...(o.identity ? { identity: await sealPart(block.officeKeys.identity, 'identity', header, o.identity) } : {}),
    content: await sealPart(block.officeKeys.content, 'content', header, { kind: header.kind, ...o.content }),
  };
}
