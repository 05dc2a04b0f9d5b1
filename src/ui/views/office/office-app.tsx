/**
 * 政务公开工作台 (/office/): the office's workspace on its PCs. Sign-in with a passkey,
 * enrollment from a one-time link, a navigation by role, people and roles (admin), and
 * the audit log. Its own lazy chunk: a kiosk never loads it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { chinaMinute, chinaMonth } from '../../../contract/china-time.ts';
import { lazyScreen } from '../../shell/lazy.tsx';
import { call, type Me, type PersonView } from './api.ts';
import { createPasskey, PasskeyError, passkeysAvailable, usePasskey } from './passkey.ts';

/** 投诉与咨询办理 (issue 13): its own chunk, loaded when a person opens it. */
const Inbox = lazyScreen(() => import('./inbox/inbox-app.tsx'));
const CasesSummary = lazyScreen<{ go: (path: string) => void }>(() => import('./inbox/summary.tsx'));
/** 设备运行状况 (issue 14): IT's fleet page, its own chunk. */
const Fleet = lazyScreen<{ path: string; go: (path: string) => void }>(() => import('./fleet/fleet-app.tsx'));
const CASE_ROLES = ['secretary', 'drafter', 'confidential', 'admin'];
/** 稿件办理 (issue 11): the dashboard, 待我处理, drafting, 预审/审议/签发, 按期签发, 简报; its own chunk. */
const Workflow = lazyScreen<{ me: Me }>(() => import('./workflow/workflow-app.tsx'));
const WORKFLOW_ROLES = ['drafter', 'prereview', 'deliberation', 'signoff', 'secretary', 'admin'];
const isWorkflowPath = (p: string) => /^\/office\/(queue|drafts|periods|bulletin)(\/|$)/.test(p);

export function go(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

/** Moves the focus to the page's heading when the page changes (keyboard and screen-reader users). */
function Heading({ children }: { children: preact.ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function OfficeApp() {
  const path = usePath();
  if (path === '/office/enroll') return <EnrollPage />;
  if (path === '/office/signin') return <SignInPage />;
  return <SignedIn path={path} />;
}

function Frame({ children, narrow }: { children: preact.ComponentChildren; narrow?: boolean }) {
  return (
    <div class={narrow ? 'office office-narrow' : 'office'}>
      <header class="office-top">
        <span class="office-brand">清原满族自治县 · 政务公开工作台</span>
      </header>
      <main class="office-main">{children}</main>
    </div>
  );
}

function EnrollPage() {
  const token = location.hash.slice(1);
  const [info, setInfo] = useState<{ person: { name: string; department: string | null; roles: string[] } } | null>(null);
  const [error, setError] = useState<string | null>(token ? null : '登记链接不完整,请向管理员重新索取');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!token) return;
    void call<{ person: { name: string; department: string | null; roles: string[] } }>('/api/auth/v1/enroll/options', { token }).then(
      (r) => (r.ok ? setInfo(r.data) : setError(r.message)),
    );
  }, [token]);
  const enroll = async () => {
    setBusy(true);
    setError(null);
    try {
      const o = await call<Parameters<typeof createPasskey>[0]>('/api/auth/v1/enroll/options', { token });
      if (!o.ok) throw new PasskeyError(o.message);
      const credential = await createPasskey(o.data);
      const r = await call('/api/auth/v1/enroll', { token, credential, label: navigator.platform || '通行密钥' });
      if (!r.ok) throw new PasskeyError(r.message);
      history.replaceState(null, '', '/office/enroll');
      setDone(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame narrow>
      <Heading>登记通行密钥</Heading>
      {done ? (
        <>
          <p class="office-ok" role="status">
            登记成功。以后在本工作台点「使用通行密钥登录」即可,无需密码。
          </p>
          <button type="button" class="office-primary" onClick={() => go('/office/')}>
            进入工作台
          </button>
        </>
      ) : (
        <>
          {info && (
            <p>
              {info.person.name}
              {info.person.department ? `(${info.person.department})` : ''},您的角色:{info.person.roles.join('、')}。
            </p>
          )}
          <p class="office-help">
            通行密钥代替密码:用本机的指纹、面容或开机 PIN,或插上单位发放的 USB 安全密钥。您的审批将以它签名,请勿借给他人。
          </p>
          {!passkeysAvailable() && <p class="office-error">这个浏览器不支持通行密钥,请使用最新版 Chrome、Edge 或 360 极速浏览器。</p>}
          {error && (
            <p class="office-error" role="alert">
              {error}
            </p>
          )}
          <button type="button" class="office-primary" disabled={!info || busy} onClick={() => void enroll()}>
            {busy ? '请按提示验证…' : '登记通行密钥'}
          </button>
        </>
      )}
    </Frame>
  );
}

function SignInPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = new URLSearchParams(location.search).get('next');
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const o = await call<{ challenge: string; rpId: string }>('/api/auth/v1/signin/options', {});
      if (!o.ok) throw new PasskeyError(o.message);
      const credential = await usePasskey(o.data);
      const r = await call('/api/auth/v1/signin', { credential });
      if (!r.ok) throw new PasskeyError(r.message);
      go(next?.startsWith('/office') ? next : '/office/');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame narrow>
      <Heading>登录工作台</Heading>
      <p class="office-help">用您登记过的通行密钥登录:本机指纹、面容、PIN,或 USB 安全密钥。</p>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="office-primary" disabled={busy} onClick={() => void signIn()}>
        {busy ? '请按提示验证…' : '使用通行密钥登录'}
      </button>
      <p class="office-help">还没有登记?请向管理员索取一次性登记链接。</p>
    </Frame>
  );
}

const NAV: { path: string; label: string; roles?: string[] }[] = [
  { path: '/office/', label: '首页' },
  { path: '/office/queue', label: '待我处理', roles: WORKFLOW_ROLES },
  { path: '/office/drafts', label: '全部稿件', roles: WORKFLOW_ROLES },
  { path: '/office/periods/', label: '按期签发', roles: ['signoff'] },
  { path: '/office/inbox', label: '投诉与咨询', roles: ['secretary', 'drafter', 'confidential', 'admin'] },
  { path: '/office/compliance', label: '公示情况' },
  { path: '/office/fleet', label: '设备运行状况', roles: ['it', 'admin'] },
  { path: '/office/people', label: '人员与角色', roles: ['admin'] },
  { path: '/office/audit', label: '操作记录', roles: ['admin'] },
];

function SignedIn({ path }: { path: string }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call<Me>('/api/office/v1/me').then((r) => {
      if (r.ok) setMe(r.data);
      else if (r.status === 401) go(`/office/signin?next=${encodeURIComponent(location.pathname)}`);
      else setError(r.message);
    });
  }, [path]);
  if (error)
    return (
      <Frame narrow>
        <p class="office-error" role="alert">
          {error}
        </p>
      </Frame>
    );
  if (!me) return null;
  const roles = me.person.roles;
  const signOut = async () => {
    await call('/api/auth/v1/signout', {});
    go('/office/signin');
  };
  const allowed = (n: (typeof NAV)[number]) => !n.roles || n.roles.some((r) => roles.includes(r));
  return (
    <div class="office">
      <header class="office-top">
        <span class="office-brand">清原满族自治县 · 政务公开工作台</span>
        <span class="office-who">
          {me.person.name}({roles.map((r) => me.roleNames[r] ?? r).join('、')})
        </span>
        <button type="button" class="office-link" onClick={() => void signOut()}>
          退出登录
        </button>
      </header>
      <div class="office-body">
        <nav class="office-nav" aria-label="工作台导航">
          <ul>
            {NAV.filter(allowed).map((n) => (
              <li key={n.path}>
                <a
                  href={n.path}
                  aria-current={path === n.path || (n.path !== '/office/' && path.startsWith(n.path)) ? 'page' : undefined}
                  onClick={(e) => {
                    // The compliance report is a page of its own (printable); the rest stay in the app.
                    if (n.path === '/office/compliance') return;
                    e.preventDefault();
                    go(n.path === '/office/periods/' ? `/office/periods/${chinaMonth(Date.now())}` : n.path);
                  }}
                >
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="office-main">
          {path === '/office/inbox' || path.startsWith('/office/inbox/') ? (
            <Inbox />
          ) : path === '/office/fleet' || path.startsWith('/office/fleet/') ? (
            <Fleet path={path} go={go} />
          ) : path === '/office/people' ? (
            <PeoplePage me={me} />
          ) : path === '/office/audit' ? (
            <AuditPage />
          ) : isWorkflowPath(path) || (path === '/office/' && me.person.roles.some((r) => WORKFLOW_ROLES.includes(r))) ? (
            <>
              <Workflow me={me} />
              {path === '/office/' && me.person.roles.some((r) => CASE_ROLES.includes(r)) && <CasesSummary go={go} />}
            </>
          ) : (
            <Home me={me} />
          )}
        </main>
      </div>
    </div>
  );
}

function Home({ me }: { me: Me }) {
  return (
    <>
      <Heading>您好,{me.person.name}</Heading>
      <p>从左侧选择要办理的事项。您的角色:{me.person.roles.map((r) => me.roleNames[r] ?? r).join('、')}。</p>
      {me.person.roles.some((r) => CASE_ROLES.includes(r)) && <CasesSummary go={go} />}
    </>
  );
}

function PeoplePage({ me }: { me: Me }) {
  const [people, setPeople] = useState<PersonView[]>([]);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  const [name, setName] = useState('');
  const [department, setDepartment] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const load = () => void call<{ people: PersonView[] }>('/api/office/v1/people').then((r) => r.ok && setPeople(r.data.people));
  useEffect(load, []);
  const roleIds = Object.keys(me.roleNames);
  const add = async (e: Event) => {
    e.preventDefault();
    const r = await call<{ person: PersonView; link: string }>('/api/office/v1/people', {
      name,
      roles,
      ...(department ? { department } : {}),
    });
    if (!r.ok) return setMessage({ text: r.message, error: true });
    setLink({ name: r.data.person.name, url: r.data.link });
    setMessage({ text: `已添加 ${r.data.person.name}` });
    setName('');
    setDepartment('');
    setRoles([]);
    load();
  };
  const act = async (p: PersonView, what: 'disable' | 'link') => {
    const r = await call<{ link?: string }>(`/api/office/v1/people/${p.id}/${what}`, {});
    if (!r.ok) return setMessage({ text: r.message, error: true });
    if (what === 'link' && r.data.link) setLink({ name: p.name, url: r.data.link });
    else setMessage({ text: `已停用 ${p.name}` });
    load();
  };
  const toggleRole = async (p: PersonView, role: string) => {
    const next = p.roles.includes(role) ? p.roles.filter((r) => r !== role) : [...p.roles, role];
    const r = await call(`/api/office/v1/people/${p.id}/roles`, { roles: next });
    if (!r.ok) setMessage({ text: r.message, error: true });
    load();
  };
  return (
    <>
      <Heading>人员与角色</Heading>
      {message && (
        <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {link && (
        <section class="office-card" aria-label="一次性登记链接">
          <p>请把下面的链接交给 {link.name} 本人(24 小时内有效,只能用一次):</p>
          <p>
            <code class="office-code">{link.url}</code>
          </p>
        </section>
      )}
      <form class="office-card office-form" onSubmit={(e) => void add(e)}>
        <h2>添加人员</h2>
        <label>
          姓名
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={40} />
        </label>
        <label>
          部门(起草人须填写)
          <input value={department} onInput={(e) => setDepartment(e.currentTarget.value)} maxLength={60} />
        </label>
        <fieldset>
          <legend>角色</legend>
          {roleIds.map((r) => (
            <label key={r} class="office-check">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={() => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r])}
              />
              {me.roleNames[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="office-primary">
          添加并生成登记链接
        </button>
      </form>
      <table class="office-table">
        <caption>全部人员</caption>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">部门</th>
            <th scope="col">角色</th>
            <th scope="col">通行密钥</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{p.department ?? '—'}</td>
              <td>
                {roleIds.map((r) => (
                  <label key={r} class="office-check">
                    <input type="checkbox" checked={p.roles.includes(r)} disabled={!!p.disabledAt} onChange={() => void toggleRole(p, r)} />
                    {me.roleNames[r]}
                  </label>
                ))}
              </td>
              <td>{p.passkeys}</td>
              <td>{p.disabledAt ? `已于 ${chinaMinute(p.disabledAt)} 停用` : '在用'}</td>
              <td>
                {!p.disabledAt && (
                  <>
                    <button type="button" class="office-link" aria-label={`新登记链接 ${p.name}`} onClick={() => void act(p, 'link')}>
                      新登记链接
                    </button>
                    {p.id !== me.person.id && (
                      <button
                        type="button"
                        class="office-link office-danger"
                        aria-label={`停用 ${p.name}`}
                        onClick={() => void act(p, 'disable')}
                      >
                        停用
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RosterCard />
    </>
  );
}

interface RosterStatus {
  roster: { serial: number; issued: string; demo: boolean; office: string; people: number } | null;
  waiting: { id: string; name: string }[];
  roots: number;
}

/**
 * 名册 (docs/keys.md): the roster devices check people's signatures against. The admin downloads
 * the draft, has it signed with the root key on the offline PC, and imports the signed file.
 */
function RosterCard() {
  const [status, setStatus] = useState<RosterStatus | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const load = () => void call<RosterStatus>('/api/office/v1/roster').then((r) => r.ok && setStatus(r.data));
  useEffect(load, []);
  if (!status) return null;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      return setMessage({ text: '所选文件不是签署后的名册(JSON)', error: true });
    }
    const r = await call<{ serial: number; people: number }>('/api/office/v1/roster', body);
    setMessage(r.ok ? { text: `已导入名册第 ${r.data.serial} 版(${r.data.people} 人)` } : { text: r.message, error: true });
    load();
  };
  const r = status.roster;
  return (
    <section class="office-card" aria-labelledby="roster-h">
      <h2 id="roster-h">名册(各触摸屏据此核验签名)</h2>
      {message && (
        <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <p>
        {r
          ? `现行名册第 ${r.serial} 版${r.demo ? '(演示,由演示根密钥自动签署)' : ''},${r.people} 人,签署于 ${r.issued.slice(0, 10)}。`
          : '尚未导入经根密钥签署的名册:工作台签发的内容,检查名册的设备不会显示。'}
      </p>
      {status.waiting.length > 0 && (
        <p class="office-error">
          以下人员的通行密钥还不在名册中,其预审、签发各设备无法核验:{status.waiting.map((w) => w.name).join('、')}。请更新名册。
        </p>
      )}
      {status.roots === 0 && <p class="office-error">hub 没有配置名册根公钥(ROSTER_ROOTS),无法导入名册,请联系信息技术人员。</p>}
      <ol class="office-help">
        <li>
          <a href="/api/office/v1/roster/draft" download>
            下载名册草稿
          </a>
          (人员、角色和通行密钥的公钥,不含任何秘密)
        </li>
        <li>拷到保管根密钥的离线电脑,运行 npm run office -- roster sign 签署(见 docs/keys.md)</li>
        <li>
          <label>
            导入签署后的名册 <input type="file" accept=".json,application/json" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          </label>
        </li>
      </ol>
    </section>
  );
}

interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string;
  from: string | null;
  to: string | null;
}

function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  useEffect(() => void call<{ entries: AuditEntry[] }>('/api/office/v1/audit').then((r) => r.ok && setEntries(r.data.entries)), []);
  return (
    <>
      <Heading>操作记录</Heading>
      <p class="office-help">谁在何时做了什么,只增不改(《政务公开责任追究制度》)。</p>
      <table class="office-table">
        <caption>最近 200 条</caption>
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            <th scope="col">对象</th>
            <th scope="col">从</th>
            <th scope="col">到</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{chinaMinute(e.at)}</td>
              <td>{e.actor ?? '系统'}</td>
              <td>{e.action}</td>
              <td>{e.subject}</td>
              <td>{e.from ?? ''}</td>
              <td>{e.to ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
