/**
 * What a citizen has typed so far, per form. Drafts live in component memory
 * only: never in IndexedDB, localStorage, the URL or a log. They are wiped on
 * submit, on idle (onSessionReset) and on handoff to a phone.
 */
import { COMPLAINT_CATEGORY_IDS } from '../../../contract/submission-content.ts';

export interface ComplaintDraft {
  kind: 'complaint';
  /** One of COMPLAINT_CATEGORY_IDS, or '' before the citizen chose. */
  category: string;
  department: string;
  what: string;
  when: string;
  where: string;
  major: boolean;
  /** 实名 (true) or 匿名 (false); undefined until the citizen chose. */
  named: boolean | undefined;
  name: string;
  phone: string;
}

export interface InquiryDraft {
  kind: 'inquiry';
  question: string;
  department: string;
  wantsReply: boolean;
  name: string;
  phone: string;
}

export interface OpinionDraft {
  kind: 'hearing-opinion';
  hearingId: string;
  opinion: string;
  name: string;
  phone: string;
}

export type Draft = ComplaintDraft | InquiryDraft | OpinionDraft;

export const emptyComplaint = (): ComplaintDraft => ({
  kind: 'complaint',
  category: '',
  department: '',
  what: '',
  when: '',
  where: '',
  major: false,
  named: undefined,
  name: '',
  phone: '',
});
export const emptyInquiry = (): InquiryDraft => ({ kind: 'inquiry', question: '', department: '', wantsReply: false, name: '', phone: '' });
export const emptyOpinion = (hearingId: string): OpinionDraft => ({ kind: 'hearing-opinion', hearingId, opinion: '', name: '', phone: '' });

/** Whether the citizen has typed or chosen anything yet (worth carrying to a phone). */
export function isBlank(d: Draft): boolean {
  const empty = d.kind === 'complaint' ? emptyComplaint() : d.kind === 'inquiry' ? emptyInquiry() : emptyOpinion(d.hearingId);
  return JSON.stringify(d) === JSON.stringify(empty);
}

/** Positional form of a draft for the handoff QR: short, no field names. */
export function draftToTuple(d: Draft): unknown[] {
  switch (d.kind) {
    case 'complaint':
      return [
        'c',
        COMPLAINT_CATEGORY_IDS.indexOf(d.category as never),
        d.department,
        d.what,
        d.when,
        d.where,
        d.major ? 1 : 0,
        d.named === undefined ? -1 : d.named ? 1 : 0,
        d.name,
        d.phone,
      ];
    case 'inquiry':
      return ['i', d.question, d.department, d.wantsReply ? 1 : 0, d.name, d.phone];
    case 'hearing-opinion':
      return ['o', d.hearingId, d.opinion, d.name, d.phone];
  }
}

const str = (x: unknown, max: number): string => (typeof x === 'string' ? x.slice(0, max) : '');

/** The inverse of draftToTuple; anything malformed (a stranger's QR code) gives undefined. */
export function tupleToDraft(t: unknown): Draft | undefined {
  if (!Array.isArray(t)) return undefined;
  if (t[0] === 'c' && t.length === 10) {
    const cat = typeof t[1] === 'number' ? COMPLAINT_CATEGORY_IDS[t[1]] : undefined;
    return {
      kind: 'complaint',
      category: cat ?? '',
      department: str(t[2], 100),
      what: str(t[3], 2000),
      when: str(t[4], 200),
      where: str(t[5], 200),
      major: t[6] === 1,
      named: t[7] === 1 ? true : t[7] === 0 ? false : undefined,
      name: str(t[8], 100),
      phone: str(t[9], 40),
    };
  }
  if (t[0] === 'i' && t.length === 6)
    return {
      kind: 'inquiry',
      question: str(t[1], 2000),
      department: str(t[2], 100),
      wantsReply: t[3] === 1,
      name: str(t[4], 100),
      phone: str(t[5], 40),
    };
  if (t[0] === 'o' && t.length === 5 && typeof t[1] === 'string' && /^[a-z0-9][a-z0-9-]{0,79}$/.test(t[1]))
    return { kind: 'hearing-opinion', hearingId: t[1], opinion: str(t[2], 2000), name: str(t[3], 100), phone: str(t[4], 40) };
  return undefined;
}
