/**
 * The workspace's home (工作台首页): what waits for me; notices whose period must start soon
 * (《政务公开告示制度》第六条); drafts sent back; notices in their period with each board's
 * record (the compliance report, hub/display/); 按季公开 items not refreshed this quarter and
 * 长期公开 items older than a year (《政务公开制度》一). Each list links to where it is handled.
 */
import { useEffect, useState } from 'preact/hooks';
import { CADENCE_ZH, type Cadence } from '../../../../contract/catalogue.ts';
import { periodOf, periodZh } from '../../../../contract/workflow.ts';
import { api, type DraftSummary } from './api.ts';
import { DraftTable, go, Heading, Link, type Me } from './common.tsx';

interface Brief {
  id: string;
  title: string;
  department: string;
  publishedAt: string;
  cadence: Cadence;
  draft: number | null;
}
interface DashboardData {
  today: string;
  queue: DraftSummary[];
  returned: DraftSummary[];
  startingSoon: (DraftSummary & { periodStart: string; late: boolean })[];
  quarterlyStale: Brief[];
  longTermOld: Brief[];
  quarterStart: string;
}
/** The part of the compliance report (hub/display/compliance.ts) the home page shows. */
interface Compliance {
  notices: {
    id: string;
    title: string;
    department: string;
    periodStart: string;
    periodEnd: string;
    status: string;
    workingDays: number;
    boards: { device: string; name: string; status: string; shownDays: string[]; missingDays: string[] }[];
  }[];
}

const NOTICE_STATUS_ZH: Record<string, string> = {
  complete: '已按期公示完毕',
  'on-track': '公示中,至今无缺漏',
  pending: '部分公开栏尚未上报',
  missing: '有缺漏的工作日',
  upcoming: '尚未开始公示',
  'no-boards': '没有上报过的公开栏',
  invalid: '公示期日期有误',
  'not-started': '—',
};
const BOARD_STATUS_ZH: Record<string, string> = {
  complete: '全部工作日均已展示',
  'on-track': '至今每天均已展示',
  pending: '尚未上报',
  missing: '有缺漏',
  'not-started': '—',
};

export function Dashboard({ me }: { me: Me }) {
  const [data, setData] = useState<DashboardData>();
  const [compliance, setCompliance] = useState<Compliance>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<DashboardData>('/api/office/v1/workflow/dashboard').then((r) => (r.ok ? setData(r.data) : setError(r.message)));
    void api<Compliance>('/api/display/v1/compliance').then((r) => r.ok && setCompliance(r.data));
  }, []);
  const roles = me.person.roles;
  const period = periodOf(new Date());
  const inPeriod = (compliance?.notices ?? []).filter((n) => data && n.periodStart <= data.today && data.today <= n.periodEnd);
  return (
    <>
      <Heading>您好,{me.person.name}</Heading>
      <p class="office-help">
        {me.person.department ? `${me.person.department} · ` : ''}
        {roles.map((r) => me.roleNames[r] ?? r).join('、')}
        {data && ` · 今天 ${data.today}`}
      </p>
      <div class="wf-quick">
        {roles.includes('drafter') && (
          <button type="button" class="office-primary" onClick={() => go('/office/drafts/new?kind=notice')}>
            起草告示
          </button>
        )}
        <button type="button" class="office-secondary" onClick={() => go('/office/queue')}>
          待我处理{data ? `(${data.queue.length})` : ''}
        </button>
        {roles.includes('signoff') && (
          <button type="button" class="office-secondary" onClick={() => go(`/office/periods/${period}`)}>
            按期签发 {periodZh(period)}
          </button>
        )}
        <button type="button" class="office-secondary" onClick={() => go(`/office/bulletin/${period}`)}>
          本期《政务公开简报》
        </button>
      </div>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <div class="wf-dash">
          <section class="office-card" aria-labelledby="d-queue">
            <h2 id="d-queue">待我处理 {data.queue.length} 件</h2>
            <DraftTable drafts={data.queue.slice(0, 8)} caption="最近的" empty="眼下没有等您办理的稿件。" />
            {data.queue.length > 8 && <Link href="/office/queue">查看全部 {data.queue.length} 件</Link>}
          </section>

          <section class="office-card" aria-labelledby="d-soon">
            <h2 id="d-soon">告示期即将开始、尚未签发 {data.startingSoon.length} 件</h2>
            <p class="office-help">告示期从发布之日起算(《政务公开告示制度》第六条):5 个工作日内要开始的,须尽快预审、审议、签发。</p>
            {data.startingSoon.length === 0 ? (
              <p class="office-help">没有。</p>
            ) : (
              <ul class="wf-list">
                {data.startingSoon.map((d) => (
                  <li key={d.id}>
                    <Link href={`/office/drafts/${d.id}`}>{d.title}</Link> · {d.department} · 告示期 {d.periodStart} 开始 ·{' '}
                    <span class={`wf-state wf-state-${d.state}`}>{d.stateZh}</span>
                    {d.late && <strong class="wf-late"> 开始日期已过,须改期后重新送审</strong>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section class="office-card" aria-labelledby="d-returned">
            <h2 id="d-returned">退回修改 {data.returned.length} 件</h2>
            <DraftTable drafts={data.returned} caption="退回的稿件" empty="没有退回的稿件。" />
          </section>

          <section class="office-card" aria-labelledby="d-boards">
            <h2 id="d-boards">告示期内的告示与各公开栏展示情况</h2>
            {!compliance ? (
              <p class="office-help">正在读取公开栏的展示记录…</p>
            ) : inPeriod.length === 0 ? (
              <p class="office-help">今天没有在告示期内的告示。</p>
            ) : (
              <table class="office-table">
                <caption>
                  共 {inPeriod.length} 条 · <a href="/office/compliance">完整的公示情况报告</a>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">告示</th>
                    <th scope="col">告示期</th>
                    <th scope="col">情况</th>
                    <th scope="col">各公开栏</th>
                  </tr>
                </thead>
                <tbody>
                  {inPeriod.map((n) => (
                    <tr key={n.id}>
                      <th scope="row">
                        {n.title}
                        <p class="wf-muted">{n.department}</p>
                      </th>
                      <td>
                        {n.periodStart} 至 {n.periodEnd}({n.workingDays} 个工作日)
                      </td>
                      <td class={n.status === 'missing' ? 'wf-late' : undefined}>{NOTICE_STATUS_ZH[n.status] ?? n.status}</td>
                      <td>
                        {n.boards.length === 0
                          ? '—'
                          : n.boards.map((b) => (
                              <p key={b.device}>
                                {b.name}:{BOARD_STATUS_ZH[b.status] ?? b.status}
                                {b.missingDays.length > 0 && `(缺 ${b.missingDays.join('、')})`}
                              </p>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <StaleList
            id="d-quarter"
            title={`本季度(${data.quarterStart} 起)尚未更新的按季公开内容`}
            help="《政务公开制度》一:经常性工作按季公开。请起草本季度的新版本。"
            items={data.quarterlyStale}
          />
          <StaleList
            id="d-longterm"
            title="发布已满一年的长期公开内容"
            help="《政务公开制度》一:长期性内容固定公开。请核对是否仍然有效,需要时修订。"
            items={data.longTermOld}
          />
        </div>
      )}
    </>
  );
}

function StaleList({ id, title, help, items }: { id: string; title: string; help: string; items: Brief[] }) {
  return (
    <section class="office-card" aria-labelledby={id}>
      <h2 id={id}>
        {title} {items.length} 条
      </h2>
      <p class="office-help">{help}</p>
      {items.length === 0 ? (
        <p class="office-help">没有。</p>
      ) : (
        <ul class="wf-list">
          {items.map((x) => (
            <li key={x.id}>
              {x.draft ? <Link href={`/office/drafts/${x.draft}`}>{x.title}</Link> : x.title} · {x.department} · {CADENCE_ZH[x.cadence]} ·
              发布于 {x.publishedAt}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
