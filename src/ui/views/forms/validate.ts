/**
 * Field checks that tell a citizen, in plain words, what is wrong and how to
 * fix it; then the draft turned into the sealed content of its kind, checked
 * once more against the contract's schema (src/contract/submission-content.ts).
 */
import * as v from 'valibot';
import {
  COMPLAINT_CATEGORY_IDS,
  ComplaintContent,
  FIELD_LIMITS,
  HearingOpinionContent,
  type IdentityContent,
  InquiryContent,
  NoticeOpinionContent,
  normaliseMainlandPhone,
  UNKNOWN_DEPARTMENT,
} from '../../../contract/submission-content.ts';
import { ti } from '../../i18n/intake.ts';
import type { ComplaintDraft, Draft, InquiryDraft, OpinionDraft } from './drafts.ts';

export type FieldErrors = Record<string, string>;

/** Counted as the contract's schemas count (UTF-16 units: a Chinese character is one, an emoji two). */
export const length = (s: string) => s.trim().length;

function checkText(
  errors: FieldErrors,
  field: string,
  value: string,
  min: number = FIELD_LIMITS.text.min,
  max: number = FIELD_LIMITS.text.max,
) {
  const n = length(value);
  if (n < min) errors[field] = ti('errShort', { min });
  else if (n > max) errors[field] = ti('errLong', { max, n });
}

function checkOptional(errors: FieldErrors, field: string, value: string, max: number) {
  const n = length(value);
  if (n > max) errors[field] = ti('errLong', { max, n });
}

function checkContact(errors: FieldErrors, d: { name: string; phone: string }, need: { name: boolean; phone: boolean }) {
  const n = length(d.name);
  if (n === 0 && need.name) errors.name = ti('errName');
  else if (n > 0 && n < FIELD_LIMITS.name.min) errors.name = ti('errNameShort', { min: FIELD_LIMITS.name.min });
  else if (n > FIELD_LIMITS.name.max) errors.name = ti('errNameLong', { max: FIELD_LIMITS.name.max });
  if (d.phone.trim() === '') {
    if (need.phone) errors.phone = ti('errPhoneMissing');
  } else if (!normaliseMainlandPhone(d.phone)) errors.phone = ti('errPhone');
}

export function validateComplaint(d: ComplaintDraft): FieldErrors {
  const e: FieldErrors = {};
  if (!COMPLAINT_CATEGORY_IDS.includes(d.category as never)) e.category = ti('errCategory');
  if (d.department.trim() === '') e.department = ti('errDepartment');
  checkText(e, 'what', d.what);
  checkOptional(e, 'when', d.when, FIELD_LIMITS.when);
  checkOptional(e, 'where', d.where, FIELD_LIMITS.where);
  if (d.named === undefined) e.named = ti('errNaming');
  // 《政务公开投诉制度》第四条: 涉及重大事项的投诉,应采用署名书面形式.
  else if (d.major && !d.named) e.named = ti('errMajorAnonymous');
  if (d.named) checkContact(e, d, { name: true, phone: d.major });
  return e;
}

export function validateInquiry(d: InquiryDraft): FieldErrors {
  const e: FieldErrors = {};
  checkText(e, 'question', d.question);
  checkOptional(e, 'department', d.department, FIELD_LIMITS.department);
  if (d.wantsReply) checkContact(e, d, { name: true, phone: true });
  return e;
}

export function validateOpinion(d: OpinionDraft): FieldErrors {
  const e: FieldErrors = {};
  checkText(e, 'opinion', d.opinion);
  checkContact(e, d, { name: false, phone: false });
  return e;
}

export function validateDraft(d: Draft): FieldErrors {
  return d.kind === 'complaint' ? validateComplaint(d) : d.kind === 'inquiry' ? validateInquiry(d) : validateOpinion(d);
}

const optional = <K extends string>(key: K, value: string) => (value.trim() ? { [key]: value.trim() } : {}) as Partial<Record<K, string>>;

/** Name and phone as sealed; undefined when there is nothing to seal (anonymous). */
export function identityOf(d: Draft): IdentityContent | undefined {
  if (d.kind === 'complaint' && !d.named) return undefined;
  if (d.kind === 'inquiry' && !d.wantsReply) return undefined;
  const phone = d.phone.trim() ? normaliseMainlandPhone(d.phone) : undefined;
  const id = { ...optional('name', d.name), ...(phone ? { phone } : {}) };
  return Object.keys(id).length > 0 ? id : undefined;
}

export function complaintContent(d: ComplaintDraft): ComplaintContent {
  return v.parse(ComplaintContent, {
    kind: 'complaint',
    category: d.category,
    department: d.department.trim() || UNKNOWN_DEPARTMENT,
    what: d.what.trim(),
    ...optional('when', d.when),
    ...optional('where', d.where),
    major: d.major,
    named: d.named === true,
  });
}

export function inquiryContent(d: InquiryDraft): InquiryContent {
  return v.parse(InquiryContent, {
    kind: 'inquiry',
    question: d.question.trim(),
    ...optional('department', d.department),
    wantsReply: d.wantsReply,
  });
}

export function noticeOpinionContent(d: OpinionDraft, notice: { id: string; title: string; periodEnd: string }): NoticeOpinionContent {
  return v.parse(NoticeOpinionContent, { kind: 'notice-opinion', notice, opinion: d.opinion.trim() });
}

export function opinionContent(d: OpinionDraft, hearing: { id: string; title: string; startsAt: string }): HearingOpinionContent {
  return v.parse(HearingOpinionContent, { kind: 'hearing-opinion', hearing, opinion: d.opinion.trim() });
}

/** Spread into a SubmissionInput: the identity part only when there is one. */
export const withIdentity = <T>(identity: T | undefined): { identity?: T } => (identity ? { identity } : {});
