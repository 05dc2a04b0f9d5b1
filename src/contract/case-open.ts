/**
 * Opening a sealed submission with the office's keys: one module for the office's browser
 * (keys as non-extractable CryptoKeys, src/ui/views/office/inbox/keys.ts) and the CLI (key files
 * on a USB stick, hub/office/inbox.ts). The 办理密钥 (content) opens what was written; only the
 * 保密密钥 (identity) opens name and phone (《政务公开投诉制度》第四条), and a caller without it
 * is told the identity is locked, never shown a part of it.
 */
import * as v from 'valibot';
import { openPart, type PartName } from './sealing.ts';
import type { SealedPart, Submission } from './submission.ts';
import { COMPLAINT_CATEGORIES, IdentityContent, SealedContent } from './submission-content.ts';

/** What the office needs of a sealed submission to open it; `identity` only where the caller may have it. */
export type SealedCase = Pick<Submission, 'id' | 'kind' | 'trackingCode' | 'subject' | 'content'> & {
  identity?: SealedPart | undefined;
};

/** Finds the private key for a part by the key id it was sealed to. */
export type KeyLookup = (part: PartName, keyId: string) => Uint8Array<ArrayBuffer> | CryptoKeyPair | undefined;

export interface OpenedCase {
  /** What the citizen wrote, checked against its kind's schema; undefined when no key for it. */
  content?: SealedContent | undefined;
  /** Name and phone; undefined when anonymous, or when the 保密密钥 is not at hand (identityLocked). */
  identity?: IdentityContent | undefined;
  identityLocked: boolean;
  problems: string[];
}

export async function openSealed(s: SealedCase, key: KeyLookup, o: { named?: boolean } = {}): Promise<OpenedCase> {
  const problems: string[] = [];
  const out: OpenedCase = { identityLocked: false, problems };
  const header = { id: s.id, kind: s.kind, trackingCode: s.trackingCode, ...(s.subject ? { subject: s.subject } : {}) };
  const contentKey = key('content', s.content.keyId);
  if (!contentKey) problems.push(`没有办理密钥 ${s.content.keyId},无法打开内容`);
  else
    try {
      const checked = v.safeParse(SealedContent, await openPart(contentKey, 'content', header, s.content));
      if (checked.success && checked.output.kind === s.kind) out.content = checked.output;
      else problems.push('内容格式与提交类型不符');
    } catch {
      problems.push('内容无法解密:密文被改动,或密钥不对');
    }
  if (s.identity) {
    const identityKey = key('identity', s.identity.keyId);
    if (!identityKey) out.identityLocked = true;
    else
      try {
        out.identity = v.parse(IdentityContent, await openPart(identityKey, 'identity', header, s.identity));
      } catch {
        problems.push('身份信息无法解密:密文被改动,或密钥不对');
      }
  } else if (o.named) out.identityLocked = true;
  return out;
}

/** The text of what was written, for search and a one-line summary. */
export function contentText(c: SealedContent | undefined): string {
  if (!c) return '';
  switch (c.kind) {
    case 'complaint':
      return [COMPLAINT_CATEGORIES.find((x) => x.id === c.category)?.zh, c.department, c.what, c.when, c.where].filter(Boolean).join(' ');
    case 'inquiry':
      return [c.department, c.question].filter(Boolean).join(' ');
    case 'hearing-opinion':
      return `${c.hearing.title} ${c.opinion}`;
    default:
      return '';
  }
}

/** The department the citizen named, to suggest when assigning. */
export function namedDepartment(c: SealedContent | undefined): string | undefined {
  if (!c) return undefined;
  if (c.kind === 'complaint' || c.kind === 'inquiry') return c.department || undefined;
  return undefined;
}
