/**
 * The office's inbox: the hub's stored submissions, opened with the office's
 * private keys read from a folder the office chooses (a USB stick, an
 * encrypted disk). The 办理密钥 (content) opens what was written; only the
 * 保密密钥 (identity) opens name and phone (《政务公开投诉制度》第四条), so a
 * department given the content key alone never sees who complained.
 */
import * as v from 'valibot';
import { openPart } from '../../src/contract/sealing.ts';
import { fromBase64Url } from '../../src/contract/signing.ts';
import { Submission, type SubmissionStatus } from '../../src/contract/submission.ts';
import { IdentityContent, SealedContent } from '../../src/contract/submission-content.ts';
import { isValidTrackingCode, normaliseTrackingCode } from '../../src/contract/tracking-code.ts';
import { type Db, openDb } from '../db.ts';
import type { OfficeKeyFile } from '../intake/keys.ts';
import { IntakeStore, type SubmissionRow } from '../intake/store.ts';

export interface OpenedSubmission {
  row: SubmissionRow;
  submission: Submission;
  /** What the citizen wrote, checked against its kind's schema; undefined when no key for it was given. */
  content?: SealedContent | { kind: string } | unknown;
  /** Name and phone; undefined when anonymous, or when the confidentiality key was not given (see identityLocked). */
  identity?: IdentityContent;
  identityLocked: boolean;
  /** Anything that did not open or did not check out. */
  problems: string[];
}

export async function openSubmission(row: SubmissionRow, keys: readonly OfficeKeyFile[]): Promise<OpenedSubmission> {
  const submission = v.parse(Submission, JSON.parse(row.body));
  const problems: string[] = [];
  const out: OpenedSubmission = { row, submission, identityLocked: false, problems };
  const header = {
    id: submission.id,
    kind: submission.kind,
    trackingCode: submission.trackingCode,
    ...(submission.subject ? { subject: submission.subject } : {}),
  };
  const contentKey = keys.find((k) => k.role === 'content' && k.id === submission.content.keyId);
  if (!contentKey) problems.push(`没有办理密钥 ${submission.content.keyId},无法打开内容`);
  else
    try {
      const raw = await openPart(fromBase64Url(contentKey.privateKey), 'content', header, submission.content);
      const checked = v.safeParse(SealedContent, raw);
      out.content = checked.success ? checked.output : raw;
      if (!checked.success || checked.output.kind !== submission.kind) problems.push('内容格式与提交类型不符');
    } catch {
      problems.push('内容无法解密:密文被改动,或密钥不对');
    }
  if (submission.identity) {
    const identityKey = keys.find((k) => k.role === 'identity' && k.id === submission.identity!.keyId);
    if (!identityKey) out.identityLocked = true;
    else
      try {
        out.identity = v.parse(
          IdentityContent,
          await openPart(fromBase64Url(identityKey.privateKey), 'identity', header, submission.identity),
        );
      } catch {
        problems.push('身份信息无法解密:密文被改动,或密钥不对');
      }
  }
  return out;
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
