/**
 * `npm run office -- case <命令>`: the office's cases for scripts, read with the same case module
 * as the browser (src/contract/cases.ts: states, deadlines, overdue, the quarterly report) and
 * opened with the same module (src/contract/case-open.ts). Steps are taken in the browser, by
 * signed-in people (the audit log names them); the CLI reads.
 *
 *   case list   [--keys DIR] [--overdue]        every case: number, state, department, deadline
 *   case report [--quarter 2026-Q4]              the quarterly report per department
 *
 * Common: --data DIR (the hub's data folder, default var/).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { contentText, openSealed } from '../../src/contract/case-open.ts';
import { CASE_KIND_ZH, CASE_STATE_ZH, DUE_ZH, dueStatus, quarterlyReport, quarterOf } from '../../src/contract/cases.ts';
import { fromBase64Url } from '../../src/contract/signing.ts';
import { Submission } from '../../src/contract/submission.ts';
import { formatTrackingCode } from '../../src/contract/tracking-code.ts';
import { openDb } from '../db.ts';
import { readOfficeKeys } from '../intake/keys.ts';
import { IntakeStore } from '../intake/store.ts';
import { CaseStore, caseOf } from './store.ts';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: resolve(import.meta.dirname, '../../var') },
      keys: { type: 'string' },
      quarter: { type: 'string' },
      overdue: { type: 'boolean', default: false },
    },
  });
  const db = openDb(join(resolve(values.data!), 'hub.sqlite'), []);
  try {
    new IntakeStore(db);
    const store = new CaseStore(db);
    const rows = store.all();
    const now = new Date();
    switch (positionals[0]) {
      case 'list': {
        const keys = values.keys ? await readOfficeKeys(resolve(values.keys)) : [];
        let n = 0;
        for (const row of rows) {
          const c = caseOf(row);
          const due = dueStatus(c, now);
          if (values.overdue && due !== 'overdue') continue;
          n++;
          let about = '';
          if (keys.length > 0) {
            const o = await openSealed(v.parse(Submission, JSON.parse(row.body)), (part, id) => {
              const k = keys.find((x) => x.role === part && x.id === id);
              return k ? fromBase64Url(k.privateKey) : undefined;
            });
            about = ` ${contentText(o.content).slice(0, 30)}`;
          }
          console.log(
            [
              (c.number ?? '(未登记)').padEnd(13),
              formatTrackingCode(c.trackingCode),
              CASE_KIND_ZH[c.kind],
              CASE_STATE_ZH[c.state],
              c.department ?? '',
              c.deadline ? `期限 ${c.deadline}` : '',
              DUE_ZH[due],
            ]
              .filter(Boolean)
              .join('  ') + about,
          );
        }
        console.log(`共 ${n} 件。`);
        return 0;
      }
      case 'report': {
        const quarter = values.quarter ?? quarterOf(now);
        if (!/^\d{4}-Q[1-4]$/.test(quarter)) {
          console.error('季度应写作 2026-Q4');
          return 1;
        }
        console.log(`${quarter} 各部门办理情况(收到 / 已答复 / 按期 / 超期 / 办理中 / 用时中位数 / 满意 / 基本满意 / 不满意)`);
        for (const r of quarterlyReport(
          rows.map((x) => caseOf(x)),
          quarter,
          now,
        ))
          console.log(
            `${r.department}  ${r.received} / ${r.answered} / ${r.onTime} / ${r.late} / ${r.open} / ${r.medianWorkingDays ?? '—'} / ${r.ratings.satisfied} / ${r.ratings.mostly} / ${r.ratings.unsatisfied}`,
          );
        return 0;
      }
      default:
        console.error('用法:npm run office -- case list [--keys 目录] [--overdue] | case report [--quarter 2026-Q4]');
        return positionals[0] ? 1 : 0;
    }
  } finally {
    db.close();
  }
}
