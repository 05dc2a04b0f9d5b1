/**
 * Every reason a device can refuse something from the feed, for its log and its
 * diagnostics screen: the feed's own (signing.ts), the people's approvals
 * (approvals.ts) and the roster (roster.ts).
 */
import type { ApprovalRejectCode } from './approvals.ts';
import type { RosterCheck } from './roster.ts';
import type { RejectCode } from './signing.ts';

export type RosterRejectCode = Extract<RosterCheck, { ok: false }>['code'] | 'roster-missing';
export type SyncRejectCode = RejectCode | ApprovalRejectCode | RosterRejectCode;
