/**
 * 投诉与咨询办理: the office's inbox in the browser (issue 13). Loaded lazily under /office/inbox…
 * (the kiosk never loads it). The hub sends the cases with their sealed parts; this page opens
 * them here with the keys held in this browser (keys.ts) and searches the opened text here: the
 * hub never sees what citizens wrote, and only the confidential (保密) role ever receives the
 * identity part. Every step goes through the one case module (src/contract/cases.ts).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { contentText, type OpenedCase, openSealed } from '../../../../contract/case-open.ts';
import {
  CASE_SOURCE_ZH,
  CASE_SOURCES,
  CASE_STATE_ZH,
  DUE_ZH,
  dueStatus,
  INBOX_TAB_ZH,
  INBOX_TABS,
  type InboxTab,
  inTab,
  workingDaysLeft,
} from '../../../../contract/cases.ts';
import { chinaDate } from '../../../../contract/china-time.ts';
import { COMPLAINT_CATEGORIES } from '../../../../contract/submission-content.ts';
import { formatTrackingCode } from '../../../../contract/tracking-code.ts';
import { type InboxData, loadInbox } from './api.ts';
import { CasePage, LetterPage } from './case-page.tsx';
import { type InboxCtx, kindLabel, summary } from './inbox-common.ts';
import { importKeyFile, listKeys, lookupFrom, makeKey, mayHold, removeKey, type StoredKey } from './keys.ts';
import { RecordPage } from './record-page.tsx';
import { ReportPage } from './report-page.tsx';
import './inbox.css';

const usePathname = () => {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const on = () => setPath(location.pathname + location.search);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  // The workspace's own navigation listens to popstate too (src/ui/views/office/office-app.tsx).
  const go = useCallback((p: string) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
    scrollTo(0, 0);
  }, []);
  return [path, go] as const;
};

export default function InboxApp() {
  const [path, go] = usePathname();
  const [data, setData] = useState<InboxData | undefined>();
  const [problem, setProblem] = useState<{ status: number; message: string } | undefined>();
  const [keys, setKeys] = useState<StoredKey[]>([]);
  const [opened, setOpened] = useState<Map<string, OpenedCase>>(new Map());

  const reload = useCallback(async () => {
    const r = await loadInbox();
    if (!r.ok) {
      setProblem(r);
      return;
    }
    setProblem(undefined);
    // Keys are read only once the hub has said who is signed in, and only that person's.
    const mine = await listKeys(r.data.me.id);
    const lookup = lookupFrom(mine, r.data.me.roles);
    const next = new Map<string, OpenedCase>();
    await Promise.all(r.data.cases.map(async (c) => next.set(c.case.id, await openSealed(c.sealed, lookup, { named: c.named }))));
    setKeys(mine);
    setOpened(next);
    setData(r.data);
  }, []);
  useEffect(() => {
    void reload();
    // New submissions and other people's steps show up without a reload of the page.
    const timer = setInterval(() => document.visibilityState === 'visible' && void reload(), 60_000);
    return () => clearInterval(timer);
  }, [reload]);

  if (problem)
    return (
      <div class="office-inbox">
        <p class="office-banner warn" role="alert">
          {problem.status === 401 ? '请先登录政务公开工作台。' : problem.message}
        </p>
        {problem.status === 401 && <a href="/office/signin">前往登录</a>}
      </div>
    );
  if (!data)
    return (
      <div class="office-inbox">
        <p>正在载入…</p>
      </div>
    );
  const ctx: InboxCtx = { data, opened, keys, reload, go };
  const url = new URL(path, location.origin);
  const m = url.pathname.match(/^\/office\/inbox\/case\/([0-9a-f-]{36})(\/letter)?$/);
  if (m?.[2]) return <LetterPage ctx={ctx} id={m[1]!} />;
  const roles = data.me.roles;
  const nav: [string, string][] = [
    ['/office/inbox', '收件箱'],
    ...(roles.some((r) => r === 'secretary' || r === 'admin') ? ([['/office/inbox/record', '登记来电/来访']] as [string, string][]) : []),
    ['/office/inbox/report', '季度报告'],
    ['/office/inbox/keys', `密钥(${keys.length})`],
  ];
  return (
    <div class="office-inbox">
      <header class="office-head no-print">
        <h1 tabIndex={-1}>投诉与咨询办理</h1>
        <nav aria-label="办理">
          {nav.map(([href, label]) => (
            <a
              key={href}
              href={href}
              aria-current={url.pathname === href ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(href);
              }}
            >
              {label}
            </a>
          ))}
        </nav>
        {data.me.department && <p class="office-me">{data.me.department}</p>}
      </header>
      <div>
        {m ? (
          <CasePage ctx={ctx} id={m[1]!} />
        ) : url.pathname === '/office/inbox/record' ? (
          <RecordPage ctx={ctx} />
        ) : url.pathname === '/office/inbox/report' ? (
          <ReportPage ctx={ctx} quarter={url.searchParams.get('q') ?? undefined} />
        ) : url.pathname === '/office/inbox/keys' ? (
          <KeysPage ctx={ctx} />
        ) : (
          <ListPage ctx={ctx} tab={(url.searchParams.get('tab') as InboxTab | null) ?? 'pending'} />
        )}
      </div>
    </div>
  );
}

// ——— The list ———

const KIND_FILTERS: [string, string][] = [
  ...COMPLAINT_CATEGORIES.map((c) => [`complaint:${c.id}`, `投诉 · ${c.zh}(${c.article})`] as [string, string]),
  ['complaint', '投诉(全部)'],
  ['inquiry', '咨询'],
  ['hearing-opinion', '听证意见'],
];

function ListPage({ ctx, tab: initialTab }: { ctx: InboxCtx; tab: InboxTab }) {
  const { data, opened, go } = ctx;
  const tab = INBOX_TABS.includes(initialTab) ? initialTab : 'pending';
  const now = new Date();
  const [kind, setKind] = useState('');
  const [department, setDepartment] = useState('');
  const [source, setSource] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const departments = useMemo(
    () =>
      [...new Set(data.cases.map((c) => c.case.department).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    [data],
  );
  const filtered = data.cases.filter((v) => {
    const c = v.case;
    const o = opened.get(c.id);
    if (kind) {
      const [k, cat] = kind.split(':');
      if (c.kind !== k) return false;
      if (cat && (o?.content?.kind !== 'complaint' || o.content.category !== cat)) return false;
    }
    if (department && c.department !== department) return false;
    if (source && c.source !== source) return false;
    const day = chinaDate(c.receivedAt);
    if (from && day < from) return false;
    if (to && day > to) return false;
    if (q.trim()) {
      const hay = `${contentText(o?.content)} ${c.number ?? ''} ${c.trackingCode} ${formatTrackingCode(c.trackingCode)} ${c.department ?? ''} ${c.answer ?? ''}`;
      if (
        !q
          .trim()
          .split(/\s+/)
          .every((w) => hay.toLowerCase().includes(w.toLowerCase()))
      )
        return false;
    }
    return true;
  });
  const inThisTab = filtered.filter((v) => inTab(v.case, tab, now, data.policy));
  const byDept = tab === 'in-progress';
  const groups = byDept
    ? [...new Set(inThisTab.map((v) => v.case.department ?? '未派单'))].map(
        (d) => [d, inThisTab.filter((v) => (v.case.department ?? '未派单') === d)] as const,
      )
    : [['', inThisTab] as const];
  return (
    <section aria-labelledby="h-inbox">
      <h2 id="h-inbox" class="visually-hidden">
        收件箱
      </h2>
      <div class="inbox-tabs" role="tablist" aria-label="分类">
        {INBOX_TABS.map((t) => {
          const n = filtered.filter((v) => inTab(v.case, t, now, data.policy)).length;
          return (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={t === tab}
              class={`inbox-tab tab-${t}`}
              onClick={() => go(`/office/inbox?tab=${t}`)}
            >
              {INBOX_TAB_ZH[t]} <span class="count">{n}</span>
            </button>
          );
        })}
      </div>
      <form class="inbox-filters" aria-label="筛选" onSubmit={(e) => e.preventDefault()}>
        <label>
          搜索
          <input type="search" value={q} placeholder="内容、编号、查询码" onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          类别
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">全部</option>
            {KIND_FILTERS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          承办部门
          <select value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
            <option value="">全部</option>
            {departments.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          来源
          <select value={source} onChange={(e) => setSource(e.currentTarget.value)}>
            <option value="">全部</option>
            {CASE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {CASE_SOURCE_ZH[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          收到日期 从
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          到
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </form>
      {ctx.keys.length === 0 && (
        <p class="office-banner warn">
          此浏览器还没有办理密钥,内容无法打开。请到
          <a
            href="/office/inbox/keys"
            onClick={(e) => {
              e.preventDefault();
              go('/office/inbox/keys');
            }}
          >
            密钥
          </a>
          页导入。
        </p>
      )}
      {inThisTab.length === 0 ? (
        <p class="muted" data-testid="inbox-empty">
          「{INBOX_TAB_ZH[tab]}」下没有符合条件的件。
        </p>
      ) : (
        groups.map(([dept, rows]) => (
          <section key={dept} aria-label={dept || INBOX_TAB_ZH[tab]}>
            {dept && (
              <h3 class="dept-head">
                {dept}({rows.length} 件)
              </h3>
            )}
            <table class="inbox-table">
              <thead>
                <tr>
                  <th scope="col">编号 / 查询码</th>
                  <th scope="col">类别</th>
                  <th scope="col">内容</th>
                  <th scope="col">来源</th>
                  <th scope="col">收到</th>
                  <th scope="col">承办部门</th>
                  <th scope="col">期限</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => {
                  const c = v.case;
                  const due = dueStatus(c, now, data.policy);
                  return (
                    <tr key={c.id} class={`due-${due}`} data-testid="case-row">
                      <td>
                        <a
                          href={`/office/inbox/case/${c.id}`}
                          onClick={(e) => {
                            e.preventDefault();
                            go(`/office/inbox/case/${c.id}`);
                          }}
                        >
                          {c.number ?? '(未登记)'}
                        </a>
                        <br />
                        <span class="code">{formatTrackingCode(c.trackingCode)}</span>
                      </td>
                      <td>{kindLabel(v, opened.get(c.id))}</td>
                      <td>{summary(opened.get(c.id))}</td>
                      <td>{CASE_SOURCE_ZH[c.source]}</td>
                      <td>{chinaDate(c.receivedAt)}</td>
                      <td>{c.department ?? ''}</td>
                      <td class="deadline">
                        {c.deadline ?? ''}
                        {due !== 'none' && (
                          <span class={`due-badge due-${due}`}>
                            {due === 'overdue' ? DUE_ZH.overdue : `${DUE_ZH[due]} · 余 ${workingDaysLeft(c, now)} 个工作日`}
                          </span>
                        )}
                      </td>
                      <td>{CASE_STATE_ZH[c.state]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))
      )}
    </section>
  );
}

// ——— Keys ———

function KeysPage({ ctx }: { ctx: InboxCtx }) {
  const { data, keys, reload } = ctx;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [made, setMade] = useState<StoredKey | undefined>();
  const roles = data.me.roles;
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const k = await importKeyFile(data.me.id, roles, await file.text());
      setMessage({
        ok: true,
        text: `已导入${k.role === 'identity' ? '保密密钥' : '办理密钥'} ${k.id}。私钥已存入本浏览器,不能再导出;请把密钥文件放回加密 U 盘保管。`,
      });
      await reload();
    } catch (e) {
      setMessage({ ok: false, text: `未能导入:${(e as Error).message}` });
    }
  };
  const onMake = async (role: 'identity' | 'content') => {
    try {
      const k = await makeKey(data.me.id, roles, role);
      setMade(k);
      await reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section class="keys-page" aria-labelledby="h-keys">
      <h2 id="h-keys">本浏览器中的密钥</h2>
      <p>
        办理密钥打开群众所写的内容;保密密钥打开姓名和电话,只交给保密人员(《政务公开投诉制度》第四条)。私钥存入本浏览器后不能再导出,
        只在您登录时使用;hub 上没有私钥。
      </p>
      {keys.length === 0 ? (
        <p class="muted">还没有密钥。</p>
      ) : (
        <ul class="key-list">
          {keys.map((k) => (
            <li key={k.key}>
              <strong>{k.role === 'identity' ? '保密密钥' : '办理密钥'}</strong> {k.id}(
              {k.origin === 'file' ? '从文件导入' : '在本浏览器生成'},{chinaDate(k.addedAt)}){' '}
              <button
                type="button"
                onClick={async () => {
                  await removeKey(data.me.id, k.id);
                  await reload();
                }}
              >
                从本浏览器移除
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="file-import">
        导入密钥文件(npm start 写在 var/office-keys/,或 npm run office -- keygen 生成)
        <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
      </label>
      <p>
        或在本浏览器生成新的一对密钥:
        <button type="button" onClick={() => void onMake('content')}>
          生成办理密钥
        </button>
        {mayHold(roles, 'identity') && (
          <button type="button" onClick={() => void onMake('identity')}>
            生成保密密钥
          </button>
        )}
      </p>
      {made && (
        <div class="office-banner ok">
          <p>已生成 {made.id}。请把下面的公钥交给信息技术人员,加入 hub 的 var/keys/office-public.json 并重新担保受理密钥:</p>
          <pre>{JSON.stringify({ id: made.id, publicKey: made.publicKey }, null, 2)}</pre>
        </div>
      )}
      {message && (
        <p class={`office-banner ${message.ok ? 'ok' : 'warn'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
