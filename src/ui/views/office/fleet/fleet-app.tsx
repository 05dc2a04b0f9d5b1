/**
 * 设备运行状况 (/office/fleet, issue 14): every kiosk and board with its status computed by the
 * hub from its heartbeats and its own schedule, the open alarms, a filter and a sort; one
 * device's page (/office/fleet/ID) shows its last 30 days, its last rejections with their
 * reasons, and sends it 立即同步 or 重新载入. For IT and admins; its own lazy chunk.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { chinaClock, chinaMinute } from '../../../../contract/china-time.ts';
import { FLEET_STATUSES, type FleetRow, type FleetStatus, type LastBeat, STATUS_NAMES } from '../../../../contract/fleet.ts';
import { call } from '../api.ts';
import { countByStatus, type FleetSort, viewFleet } from './filter.ts';
import './fleet.css';

interface FleetData {
  now: string;
  canAct: boolean;
  webhook: { waiting: number } | null;
  devices: FleetRow[];
}

interface Alarm {
  id: number;
  kind: string;
  message: string;
  raisedAt: string;
  clearedAt: string | null;
}

interface DeviceData {
  device: FleetRow;
  enrolledAt: string;
  last: LastBeat | null;
  days: {
    day: string;
    beats: number;
    firstAt: string;
    lastAt: string;
    syncOffline: number;
    rejected: number;
    maxOutbox: number;
    maxStorage: number;
    app: string;
  }[];
  rejections: { at: string; code: string; message: string }[];
  alarms: Alarm[];
  actions: {
    id: string;
    action: string;
    issuedAt: string;
    sentAt: string | null;
    result: string | null;
    resultAt: string | null;
    message: string | null;
  }[];
}

const SHOWN_ROWS = 300;
const REFRESH_MS = 30_000;
const MODE: Record<string, string> = { kiosk: '触摸屏', board: '公开栏' };
const CHANNEL: Record<string, string> = { public: '对外', internal: '对内' };
const SCREEN: Record<string, string> = { showing: '正在显示', 'quiet-dim': '静默(调暗)', 'quiet-off': '静默(关屏)', idle: '待机画面' };
const ACTION: Record<string, string> = { sync: '立即同步', reload: '重新载入' };
const RESULT: Record<string, string> = { done: '已完成', failed: '失败', refused: '设备拒绝' };
const SORTS: { id: FleetSort; label: string }[] = [
  { id: 'status', label: '按状态(问题在前)' },
  { id: 'name', label: '按名称' },
  { id: 'place', label: '按地点' },
  { id: 'last-beat', label: '按最后心跳(最久在前)' },
];

function ago(iso: string | null, now: string): string {
  if (!iso) return '从未';
  const m = Math.round((Date.parse(now) - Date.parse(iso)) / 60_000);
  if (m < 1) return '刚刚';
  if (m < 60) return `${m} 分钟前`;
  if (m < 48 * 60) return `${Math.round(m / 60)} 小时前`;
  return `${Math.round(m / 1440)} 天前`;
}

function StatusBadge({ status }: { status: FleetStatus }) {
  return <span class={`fleet-badge fleet-${status}`}>{STATUS_NAMES[status]}</span>;
}

export default function FleetApp({ path, go }: { path: string; go: (path: string) => void }) {
  const id = path.startsWith('/office/fleet/') ? decodeURIComponent(path.slice('/office/fleet/'.length)) : '';
  return id ? <DevicePage id={id} go={go} /> : <FleetList go={go} />;
}

function FleetList({ go }: { go: (path: string) => void }) {
  const [data, setData] = useState<FleetData | null>(null);
  const [alarms, setAlarms] = useState<(Alarm & { subject: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const params = new URLSearchParams(location.search);
  const [status, setStatus] = useState<FleetStatus | 'all'>((params.get('status') as FleetStatus | null) ?? 'all');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<FleetSort>('status');
  useEffect(() => {
    const load = () => {
      void call<FleetData>('/api/office/v1/fleet').then((r) => {
        if (!r.ok) return setError(r.message);
        setData(r.data);
        setError(null);
      });
      void call<{ alarms: (Alarm & { subject: string })[] }>('/api/office/v1/alarms').then(
        (r) => r.ok && setAlarms(r.data.alarms.filter((a) => a.subject.startsWith('device:') && !a.clearedAt)),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const shown = useMemo(() => (data ? viewFleet(data.devices, { status, query, sort }) : []), [data, status, query, sort]);
  const counts = useMemo(() => (data ? countByStatus(data.devices) : null), [data]);
  return (
    <div class="fleet">
      <h1 tabIndex={-1}>设备运行状况</h1>
      <p class="office-help">
        每台触摸屏和公开栏每分钟发送一次心跳。状态由中心按心跳和设备自己的作息计算:公开栏在静默时段熄屏不算故障。每 30 秒刷新。
      </p>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {counts && (
        <ul class="fleet-tiles" aria-label="各状态设备数">
          {FLEET_STATUSES.map((s) => (
            <li key={s}>
              <button
                type="button"
                class={`fleet-tile fleet-${s}${counts[s] > 0 ? ' has' : ''}`}
                aria-pressed={status === s}
                onClick={() => setStatus(status === s ? 'all' : s)}
              >
                <span>{STATUS_NAMES[s]}</span> <strong>{counts[s]}</strong>
              </button>
            </li>
          ))}
        </ul>
      )}
      <section class="fleet-alarms" aria-labelledby="h-fleet-alarms">
        <h2 id="h-fleet-alarms">当前告警({alarms.length})</h2>
        {alarms.length === 0 ? (
          <p>没有未解除的设备告警。</p>
        ) : (
          <ul>
            {alarms.map((a) => (
              <li key={a.id}>
                <time dateTime={a.raisedAt}>{chinaMinute(a.raisedAt)}</time> {a.message}
              </li>
            ))}
          </ul>
        )}
        {data?.webhook && data.webhook.waiting > 0 && (
          <p class="office-error">告警通知(webhook)有 {data.webhook.waiting} 条尚未送达,中心会继续重试。</p>
        )}
      </section>
      <search class="fleet-filters">
        <label>
          状态
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as FleetStatus | 'all')}>
            <option value="all">全部</option>
            {FLEET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          搜索名称或地点
          <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label>
          排序
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as FleetSort)}>
            {SORTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </search>
      {data && (
        <table class="office-table fleet-table">
          <caption>
            设备 {shown.length} 台{shown.length > SHOWN_ROWS ? `(显示前 ${SHOWN_ROWS} 台,请用筛选缩小范围)` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">地点</th>
              <th scope="col">类型</th>
              <th scope="col">频道</th>
              <th scope="col">状态</th>
              <th scope="col">最后心跳</th>
              <th scope="col">屏幕</th>
              <th scope="col">内容序号</th>
              <th scope="col">待发送</th>
              <th scope="col">存储</th>
              <th scope="col">版本</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, SHOWN_ROWS).map((d) => (
              <tr key={d.id} data-status={d.status}>
                <th scope="row">
                  <a
                    href={`/office/fleet/${d.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      go(`/office/fleet/${d.id}`);
                    }}
                  >
                    {d.name}
                  </a>
                </th>
                <td class="fleet-wrap-place">{d.place || '—'}</td>
                <td>{MODE[d.mode]}</td>
                <td>{d.channels.map((c) => CHANNEL[c] ?? c).join('、')}</td>
                <td class="fleet-wrap">
                  <StatusBadge status={d.status} />
                  {d.conditions.map((c) => (
                    <div key={c.alarm} class="fleet-condition">
                      {c.message}
                    </div>
                  ))}
                </td>
                <td>{ago(d.lastBeatAt, data.now)}</td>
                <td>{d.screen ? SCREEN[d.screen] : '—'}</td>
                <td>{d.feedSeq ?? '—'}</td>
                <td>{d.outboxDepth ?? '—'}</td>
                <td>{d.storage === null ? '—' : `${Math.round(d.storage * 100)}%`}</td>
                <td>{d.app ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function DevicePage({ id, go }: { id: string; go: (path: string) => void }) {
  const [data, setData] = useState<DeviceData | null>(null);
  const [canAct, setCanAct] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const load = () => {
    void call<DeviceData>(`/api/office/v1/fleet/${encodeURIComponent(id)}`).then((r) =>
      r.ok ? setData(r.data) : setMessage({ text: r.message, error: true }),
    );
    void call<FleetData>('/api/office/v1/fleet').then((r) => r.ok && setCanAct(r.data.canAct));
  };
  useEffect(() => {
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [id]);
  const act = async (action: 'sync' | 'reload') => {
    const r = await call(`/api/office/v1/fleet/${encodeURIComponent(id)}/actions`, { action });
    setMessage(r.ok ? { text: `已发出「${ACTION[action]}」:设备下次心跳(1 分钟内)收到后执行` } : { text: r.message, error: true });
    load();
  };
  const d = data?.device;
  const b = data?.last?.beat;
  return (
    <div class="fleet">
      <p>
        <a
          href="/office/fleet"
          onClick={(e) => {
            e.preventDefault();
            go('/office/fleet');
          }}
        >
          ← 全部设备
        </a>
      </p>
      <h1 tabIndex={-1}>{d ? d.name : '设备'}</h1>
      {message && (
        <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {d && data && (
        <>
          <dl class="fleet-facts">
            <dt>状态</dt>
            <dd>
              <StatusBadge status={d.status} /> {d.conditions.map((c) => c.message).join(';')}
            </dd>
            <dt>地点</dt>
            <dd>{d.place || '—'}</dd>
            <dt>类型与配置</dt>
            <dd>
              {MODE[d.mode]} · {d.config} · {d.channels.map((c) => CHANNEL[c] ?? c).join('、')}
            </dd>
            <dt>最后心跳</dt>
            <dd>{data.last ? chinaMinute(data.last.receivedAt) : '从未'}</dd>
            {b && (
              <>
                <dt>内容</dt>
                <dd>
                  第 {b.feed.seq} 号变更,上次与中心核对 {b.feed.checkedAt ? chinaMinute(b.feed.checkedAt) : '从未'};上次同步:
                  {b.sync.message ?? b.sync.result}
                </dd>
                <dt>待发送</dt>
                <dd>
                  {b.outbox.depth} 件{b.outbox.oldestAt ? `,最早 ${chinaMinute(b.outbox.oldestAt)}` : ''}
                  {b.outbox.refused ? `,被拒收 ${b.outbox.refused} 件` : ''}
                </dd>
                <dt>存储</dt>
                <dd>
                  {b.storage.quota > 0
                    ? `${Math.round((100 * b.storage.used) / b.storage.quota)}%(${(b.storage.used / 1_048_576).toFixed(1)} / ${(b.storage.quota / 1_048_576).toFixed(0)} MB)`
                    : '未知'}
                </dd>
                <dt>屏幕</dt>
                <dd>{SCREEN[b.screen]}</dd>
                <dt>运行时长</dt>
                <dd>{Math.round(b.uptimeSeconds / 60)} 分钟</dd>
                <dt>版本</dt>
                <dd>{b.app}</dd>
                <dt>最近错误</dt>
                <dd>{b.lastError ? `${chinaMinute(b.lastError.at)} ${b.lastError.message}` : '无'}</dd>
              </>
            )}
          </dl>
          <section class="office-card" aria-labelledby="h-fleet-actions">
            <h2 id="h-fleet-actions">远程操作</h2>
            {canAct ? (
              <p>
                <button type="button" class="office-primary" onClick={() => void act('sync')}>
                  立即同步
                </button>{' '}
                <button type="button" class="office-primary" onClick={() => void act('reload')}>
                  重新载入
                </button>
              </p>
            ) : (
              <p class="office-help">本中心不持有发布密钥,不能签发远程操作;请到设备现场操作。</p>
            )}
            {data.actions.length > 0 && (
              <table class="office-table">
                <caption>最近的远程操作</caption>
                <thead>
                  <tr>
                    <th scope="col">发出时间</th>
                    <th scope="col">操作</th>
                    <th scope="col">送达</th>
                    <th scope="col">结果</th>
                  </tr>
                </thead>
                <tbody>
                  {data.actions.map((a) => (
                    <tr key={a.id}>
                      <td>{chinaMinute(a.issuedAt)}</td>
                      <td>{ACTION[a.action] ?? a.action}</td>
                      <td>{a.sentAt ? chinaMinute(a.sentAt) : '等待心跳'}</td>
                      <td>{a.result ? `${RESULT[a.result] ?? a.result}${a.message ? `:${a.message}` : ''}` : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <table class="office-table">
            <caption>最近 30 天</caption>
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">心跳次数</th>
                <th scope="col">首次 – 最后</th>
                <th scope="col">同步失败</th>
                <th scope="col">拒收变更</th>
                <th scope="col">待发送最多</th>
                <th scope="col">存储最高</th>
                <th scope="col">版本</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((x) => (
                <tr key={x.day}>
                  <td>{x.day}</td>
                  <td>{x.beats}</td>
                  <td>
                    {chinaClock(x.firstAt)} – {chinaClock(x.lastAt)}
                  </td>
                  <td>{x.syncOffline}</td>
                  <td>{x.rejected}</td>
                  <td>{x.maxOutbox}</td>
                  <td>{Math.round(x.maxStorage * 100)}%</td>
                  <td>{x.app}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="office-table">
            <caption>最近 30 天的告警</caption>
            <thead>
              <tr>
                <th scope="col">发生</th>
                <th scope="col">解除</th>
                <th scope="col">内容</th>
              </tr>
            </thead>
            <tbody>
              {data.alarms.map((a) => (
                <tr key={a.id}>
                  <td>{chinaMinute(a.raisedAt)}</td>
                  <td>{a.clearedAt ? chinaMinute(a.clearedAt) : '未解除'}</td>
                  <td>{a.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="office-table">
            <caption>最近拒收的内容变更及原因</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">原因代码</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {data.rejections.map((r, n) => (
                <tr key={n}>
                  <td>{chinaMinute(r.at)}</td>
                  <td>{r.code}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
