/**
 * The office's inbox: the hub's stored submissions, opened with the office's
 * private keys read from a folder the office chooses (a USB stick, an
 * encrypted disk). The 办理密钥 (content) opens what was written; only the
 * 保密密钥 (identity) opens name and phone (《政务公开投诉制度》第四条), so a
 * department given the content key alone never sees who complained.
 */
import * as v from 'valibot';
import { openSealed } from '../../src/contract/case-open.ts';
import { fromBase64Url } from '../../src/contract/signing.ts';
import { Submission, type SubmissionStatus } from '../../src/contract/submission.ts';
import type { IdentityContent, SealedContent } from '../../src/contract/submission-content.ts';
import { isValidTrackingCode, normaliseTrackingCode } from '../../src/contract/tracking-code.ts';
import { type Db, openDb } from '../db.ts';
import type { OfficeKeyFile } from '../intake/keys.ts';
import { IntakeStore, type SubmissionRow } from '../intake/store.ts';

export interface OpenedSubmission {
  row: SubmissionRow;
  submission: Submission;
  /** What the citizen wrote, checked against its kind's schema; undefined when no key for it was given. */
  content?: SealedContent;
  /** Name and phone; undefined when anonymous, or when the confidentiality key was not given (see identityLocked). */
  identity?: IdentityContent;
  identityLocked: boolean;
  /** Anything that did not open or did not check out. */
  problems: string[];
}

/** Opens a stored submission with key files (the shared opening module, src/contract/case-open.ts). */
export async function openSubmission(row: SubmissionRow, keys: readonly OfficeKeyFile[]): Promise<OpenedSubmission> {
  const submission = v.parse(Submission, JSON.parse(row.body));
  const opened = await openSealed(submission, (part, keyId) => {
    const k = keys.find((x) => x.role === part && x.id === keyId);
    return k ? fromBase64Url(k.privateKey) : undefined;
  });
  return {
    row,
    submission,
    identityLocked: opened.identityLocked,
    problems: opened.problems,
    ...(opened.content ? { content: opened.content } : {}),
    ...(opened.identity ? { identity: opened.identity } : {}),
  };
}

export class Inbox {
  readonly store: IntakeStore;
  private readonly db: Db;

  constructor(dbPath: string) {
    this.db = openDb(dbPath, []);
    this.store = new IntakeStore(this.db);
  }

  /** By tracking code (as a citizen reads it out) or by submission id. */
  find(ref: string): SubmissionRow | undefined {
    const code = normaliseTrackingCode(ref);
    if (isValidTrackingCode(code)) return this.store.getByCode(code);
    return this.store.get(ref);
  }

  list(filter: { status?: SubmissionStatus; kind?: Submission['kind'] } = {}): SubmissionRow[] {
    return this.store.list(filter);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Personal data that must not appear in a published answer: mainland mobile
 * numbers, fixed lines with area codes, ID card numbers, and the complainant's
 * own name and phone when the confidentiality key is at hand.
 */
export function personalDataIn(text: string, identity?: IdentityContent): string[] {
  const found: string[] = [];
  if (/(?<!\d)1[3-9]\d{9}(?!\d)/.test(text.replace(/[\s-]/g, ''))) found.push('手机号码');
  if (/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/.test(text)) found.push('固定电话');
  if (/(?<!\d)\d{17}[\dXx](?!\d)/.test(text)) found.push('身份证号码');
  if (identity?.name && text.includes(identity.name)) found.push(`投诉人姓名「${identity.name}」`);
  if (identity?.phone && text.replace(/[\s-]/g, '').includes(identity.phone)) found.push('投诉人电话');
  return found;
}
