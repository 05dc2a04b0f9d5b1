/**
 * 季度报告: per department, what it received in the quarter, answered on time, answered late or
 * left past its deadline, the median working days to an answer, and the citizens' ratings
 * (《政务公开投诉制度》第六条; being late is a fault: 《政务公开责任追究制度》第六条 5). Computed here from
 * the same case module as the inbox, so the two never disagree; printable on A4.
 */
import { CASE_KIND_ZH, dueStatus, quarterlyReport, quarterOf, quarterRange } from '../../../../contract/cases.ts';
import { formatTrackingCode } from '../../../../contract/tracking-code.ts';
import type { InboxCtx } from './inbox-common.ts';

export function ReportPage({ ctx, quarter: asked }: { ctx: InboxCtx; quarter?: string | undefined }) {
  const now = new Date();
  const quarter = asked && /^\d{4}-Q[1-4]$/.test(asked) ? asked : quarterOf(now);
  const { from, to } = quarterRange(quarter);
  const cases = ctx.data.cases.map((v) => v.case);
  const rows = quarterlyReport(cases, quarter, now);
  const overdue = cases.filter((c) => dueStatus(c, now, ctx.data.policy) === 'overdue');
  const [y, q] = quarter.split('-Q');
  const prev = Number(q) === 1 ? `${Number(y) - 1}-Q4` : `${y}-Q${Number(q) - 1}`;
  const next = Number(q) === 4 ? `${Number(y) + 1}-Q1` : `${y}-Q${Number(q) + 1}`;
  return (
    <section class="report" aria-labelledby="h-report" data-testid="report">
      <p class="no-print">
        <button type="button" onClick={() => ctx.go(`/office/inbox/report?q=${prev}`)}>
          上一季度
        </button>{' '}
        <button type="button" onClick={() => ctx.go(`/office/inbox/report?q=${next}`)}>
          下一季度
        </button>{' '}
        <button type="button" onClick={() => print()}>
          打印
        </button>
      </p>
      <h2 id="h-report">
        {y} 年第 {q} 季度各部门投诉与咨询办理情况
      </h2>
      <p class="muted">
        统计期间 {from} 至 {to}(按派单日期);制表日期 {now.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })}
        ;办理期限按工作日计:投诉 {ctx.data.policy.complaint} 个、咨询 {ctx.data.policy.inquiry} 个、听证意见{' '}
        {ctx.data.policy['hearing-opinion']} 个工作日。
      </p>
      {rows.length === 0 ? (
        <p>本季度没有派单的件。</p>
      ) : (
        <table class="report-table">
          <thead>
            <tr>
              <th scope="col">承办部门</th>
              <th scope="col">收到</th>
              <th scope="col">已答复</th>
              <th scope="col">按期答复</th>
              <th scope="col">超期</th>
              <th scope="col">办理中</th>
              <th scope="col">答复用时中位数(工作日)</th>
              <th scope="col">满意</th>
              <th scope="col">基本满意</th>
              <th scope="col">不满意</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.department} class={r.late > 0 ? 'has-late' : ''} data-testid="report-row">
                <th scope="row">{r.department}</th>
                <td>{r.received}</td>
                <td>{r.answered}</td>
                <td>{r.onTime}</td>
                <td class="late">{r.late}</td>
                <td>{r.open}</td>
                <td>{r.medianWorkingDays ?? '—'}</td>
                <td>{r.ratings.satisfied}</td>
                <td>{r.ratings.mostly}</td>
                <td>{r.ratings.unsatisfied}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>目前已超期的件</h3>
      {overdue.length === 0 ? (
        <p>没有。</p>
      ) : (
        <ul>
          {overdue.map((c) => (
            <li key={c.id}>
              {c.number} {CASE_KIND_ZH[c.kind]}({formatTrackingCode(c.trackingCode)}),{c.department},期限 {c.deadline}
            </li>
          ))}
        </ul>
      )}
      <p class="report-sign">县政务公开办</p>
    </section>
  );
}
