/**
 * The demo office approves what `npm start` publishes from content/: its pre-reviewer
 * and its leader sign each revision (at the times the Markdown's front matter gives),
 * its drafter is named as the author. Only for the demo: a real office's people sign
 * in their own browsers (the workspace), and devices refuse a demo roster.
 */
import { contentHash, withdrawalHash } from '../../src/contract/approvals.ts';
import type { Approver } from '../publish/index.ts';
import type { DemoOffice } from './demo-office.ts';

export function demoApprover(office: DemoOffice): Approver {
  const pre = office.passkeys.get('demo-prereview')!;
  const leader = office.passkeys.get('demo-leader')!;
  return {
    roster: office.rosterEnvelope,
    async sign(changes) {
      const out: typeof changes = [];
      for (const c of changes) {
        const hash = c.op === 'upsert' ? await contentHash(c.item) : await withdrawalHash(c);
        const approvals =
          c.op === 'upsert'
            ? [
                await pre.approve({ step: 'prereview', person: 'demo-prereview', at: c.approval.preReview.at, revisions: [hash] }),
                await leader.approve({ step: 'signoff', person: 'demo-leader', at: c.approval.signOff.at, revisions: [hash] }),
              ]
            : [await leader.approve({ step: 'withdraw', person: 'demo-leader', at: c.approval.signOff.at, revisions: [hash] })];
        out.push({ ...c, people: { approvals, drafter: 'demo-drafter' } });
      }
      return out;
    },
  };
}
