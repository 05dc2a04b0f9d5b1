/**
 * One case: what was written (opened here), who wrote it (the 保密 role only), the steps the
 * signed-in person may take now (from src/contract/cases.ts), its history, 责任追究 when it was
 * late or rated 不满意, and the written reply (书面答复) as a printable A4 letter.
 */
import { useEffect, useState } from 'preact/hooks';
import type { OpenedCase } from '../../../../contract/case-open.ts';
import { namedDepartment } from '../../../../contract/case-open.ts';
import {
  ACCOUNTABILITY_OUTCOMES,
  ACTION_ZH,
  type AccountabilityMatter,
  accountabilityGrounds,
  availableActions,
  CASE_KIND_ZH,
  CASE_SOURCE_ZH,
  CASE_STATE_ZH,
  type CaseActionType,
  DUE_ZH,
  dueStatus,
  HOTLINE,
  type OfficeCaseView,
  RATING_ZH,
  workingDaysLeft,
} from '../../../../contract/cases.ts';
import { chinaDate } from '../../../../contract/china-time.ts';
import { COMPLAINT_CATEGORIES } from '../../../../contract/submission-content.ts';
import { formatTrackingCode } from '../../../../contract/tracking-code.ts';
import { act, api, type HistoryEntry, loadCase, loadMatters } from './api.ts';
import { type InboxCtx, kindLabel } from './inbox-common.ts';

const zhDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function Written({ o }: { o: OpenedCase | undefined }) {
  const c = o?.content;
  if (!c) return <p class="office-banner warn">{o?.problems.join(';') || '正在打开…'}</p>;
  const rows: [string, string][] = [];
  if (c.kind === 'complaint') {
    const cat = COMPLAINT_CATEGORIES.find((x) => x.id === c.category);
    rows.push(['投诉类别', cat ? `${cat.zh}(《政务公开投诉制度》${cat.article})` : c.category]);
    rows.push(['被投诉部门', c.department], ['事情经过', c.what]);
    if (c.when) rows.push(['时间', c.when]);
    if (c.where) rows.push(['地点', c.where]);
    rows.push(['重大事项', c.major ? '是(须署名书面投诉,第四条)' : '否']);
  } else if (c.kind === 'inquiry') {
    rows.push(['咨询内容', c.question]);
    if (c.department) rows.push(['涉及部门', c.department]);
    rows.push(['书面答复', c.wantsReply ? '要求送达' : '凭查询码查看']);
  } else if (c.kind === 'hearing-opinion') {
    rows.push(['听证事项', c.hearing.title], ['意见', c.opinion]);
  }
  return (
    <dl class="case-facts" data-testid="case-written">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Identity({ v, o }: { v: OfficeCaseView; o: OpenedCase | undefined }) {
  if (o?.identity)
    return (
      <p data-testid="case-identity">
        {o.identity.name ?? '(未留姓名)'} {o.identity.phone ?? ''} {o.identity.address ?? ''}
      </p>
    );
  if (v.named)
    return (
      <p class="muted" data-testid="case-identity-locked">
        实名提交,身份已加密,仅保密人员可见(《政务公开投诉制度》第四条)
      </p>
    );
  return <p class="muted">匿名</p>;
}

export function CasePage({ ctx, id }: { ctx: InboxCtx; id: string }) {
  const { data, opened, reload, go } = ctx;
  const v = data.cases.find((x) => x.case.id === id);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [matters, setMatters] = useState<AccountabilityMatter[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const isOffice = data.me.roles.some((r) => r === 'secretary' || r === 'admin');
  useEffect(() => {
    void loadCase(id).then((r) => r.ok && setHistory(r.data.history));
    if (isOffice) void loadMatters().then((r) => r.ok && setMatters(r.data.matters.filter((m) => m.caseId === id)));
  }, [id, v?.case.state, v?.case.rating, isOffice]);
  if (!v) return <p class="office-banner warn">没有这件,或不归您的部门办理。</p>;
  const c = v.case;
  const o = opened.get(id);
  const now = new Date();
  const due = dueStatus(c, now, data.policy);
  const actions = availableActions(c, { person: data.me });
  const run = async (type: CaseActionType, extra: Record<string, unknown> = {}) => {
    setBusy(true);
    setMessage(undefined);
    const r = await act(id, { type, ...extra });
    setBusy(false);
    if (!r.ok) return setMessage({ ok: false, text: r.message });
    setMessage({ ok: true, text: `已${ACTION_ZH[type]}:此件现为「${CASE_STATE_ZH[r.data.case.state]}」。` });
    await reload();
  };
  const grounds = accountabilityGrounds(c, now);
  return (
    <article class="case-page" aria-labelledby="h-case">
      <p class="no-print">
        <a
          href="/office/inbox"
          onClick={(e) => {
            e.preventDefault();
            window.history.length > 1 ? window.history.back() : go('/office/inbox');
          }}
        >
          ← 返回收件箱
        </a>
      </p>
      <h2 id="h-case">
        {c.number ?? '待登记'} <span class="code">查询码 {formatTrackingCode(c.trackingCode)}</span>
      </h2>
      <p class="case-status">
        <span class="state" data-testid="case-state">
          {CASE_STATE_ZH[c.state]}
        </span>
        {due !== 'none' && (
          <span class={`due-badge due-${due}`} data-testid="case-due">
            {due === 'overdue' ? `${DUE_ZH.overdue}(期限 ${c.deadline})` : `${DUE_ZH[due]} · 余 ${workingDaysLeft(c, now)} 个工作日`}
          </span>
        )}
        {c.rating && <span class="rating">群众评价:{RATING_ZH[c.rating]}</span>}
      </p>
      <dl class="case-facts">
        <div>
          <dt>类别</dt>
          <dd>{kindLabel(v, o)}</dd>
        </div>
        <div>
          <dt>来源</dt>
          <dd>
            {CASE_SOURCE_ZH[c.source]}
            {v.deviceName ? `(${v.deviceName})` : ''}
          </dd>
        </div>
        <div>
          <dt>收到</dt>
          <dd>{new Date(c.receivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</dd>
        </div>
        {c.department && (
          <div>
            <dt>承办部门</dt>
            <dd>{c.department}</dd>
          </div>
        )}
        {c.deadline && (
          <div>
            <dt>答复期限</dt>
            <dd>{zhDate(c.deadline)}</dd>
          </div>
        )}
      </dl>
      <section aria-labelledby="h-written">
        <h3 id="h-written">群众所写</h3>
        <Written o={o} />
      </section>
      <section aria-labelledby="h-who">
        <h3 id="h-who">提出人</h3>
        <Identity v={v} o={o} />
      </section>
      {(c.answer || c.returnReason) && (
        <section aria-labelledby="h-answer">
          <h3 id="h-answer">答复</h3>
          {c.returnReason && c.state === 'in-progress' && <p class="office-banner warn">已退回修改:{c.returnReason}</p>}
          {c.answer && <p class="answer-text">{c.answer}</p>}
        </section>
      )}
      <section class="case-actions no-print" aria-labelledby="h-actions">
        <h3 id="h-actions">办理</h3>
        {actions.length === 0 && <p class="muted">您现在没有可做的步骤。</p>}
        {actions.includes('register') && (
          <button type="button" class="primary" disabled={busy} onClick={() => void run('register')}>
            登记(给予案件编号)
          </button>
        )}
        {actions.includes('assign') && <AssignForm v={v} o={o} ctx={ctx} busy={busy} run={run} />}
        {actions.includes('accept') && (
          <button type="button" disabled={busy} onClick={() => void run('accept')}>
            接收办理
          </button>
        )}
        {actions.includes('submit-answer') && <AnswerForm initial={c.answer ?? ''} busy={busy} run={run} />}
        {actions.includes('approve') && (
          <button type="button" class="primary" disabled={busy} onClick={() => void run('approve')}>
            审核通过,书面答复
          </button>
        )}
        {actions.includes('return') && <ReturnForm busy={busy} run={run} />}
        {actions.includes('publish') && <PublishForm busy={busy} run={run} />}
        {actions.includes('close') && (
          <button type="button" disabled={busy} onClick={() => void run('close')}>
            办结
          </button>
        )}
        {c.answeredAt && (
          <p>
            <a
              href={`/office/inbox/case/${id}/letter`}
              onClick={(e) => {
                e.preventDefault();
                go(`/office/inbox/case/${id}/letter`);
              }}
            >
              书面答复(A4 打印)
            </a>
          </p>
        )}
        {message && (
          <p class={`office-banner ${message.ok ? 'ok' : 'warn'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </section>
      {isOffice && (grounds.length > 0 || matters.length > 0) && (
        <Accountability id={id} grounds={grounds} matters={matters} onChange={setMatters} />
      )}
      <section aria-labelledby="h-history">
        <h3 id="h-history">办理记录</h3>
        <ol class="case-history">
          {history.map((h) => (
            <li key={`${h.at}${h.action}`}>
              <time>{new Date(h.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</time> {h.actorName}{' '}
              {ACTION_ZH[h.action.replace(/^case\./, '') as CaseActionType] ?? h.action}
              {h.to
                ? `:${h.from ? `${CASE_STATE_ZH[h.from as keyof typeof CASE_STATE_ZH] ?? h.from} → ` : ''}${CASE_STATE_ZH[h.to as keyof typeof CASE_STATE_ZH] ?? h.to}`
                : ''}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

type Run = (type: CaseActionType, extra?: Record<string, unknown>) => Promise<void>;

function AssignForm({ v, o, ctx, busy, run }: { v: OfficeCaseView; o: OpenedCase | undefined; ctx: InboxCtx; busy: boolean; run: Run }) {
  const suggested = namedDepartment(o?.content);
  const [department, setDepartment] = useState(v.case.department ?? (suggested && suggested !== '不清楚' ? suggested : ''));
  const [days, setDays] = useState(String(ctx.data.policy[v.case.kind]));
  const known = [...new Set(ctx.data.cases.map((x) => x.case.department).filter((d): d is string => !!d))];
  return (
    <form
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run('assign', { department, workingDays: Number(days) });
      }}
    >
      <label>
        承办部门
        <input list="departments" required value={department} onInput={(e) => setDepartment(e.currentTarget.value)} />
        <datalist id="departments">
          {known.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </label>
      <label>
        办理期限(工作日,{CASE_KIND_ZH[v.case.kind]}默认 {ctx.data.policy[v.case.kind]} 个)
        <input type="number" min={1} max={60} required value={days} onInput={(e) => setDays(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {v.case.department ? '改派' : '派单'}
      </button>
    </form>
  );
}

function AnswerForm({ initial, busy, run }: { initial: string; busy: boolean; run: Run }) {
  const [text, setText] = useState(initial);
  return (
    <form
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run('submit-answer', { text });
      }}
    >
      <label>
        答复内容(将书面送达提出人;公开时另写不含个人信息的摘要)
        <textarea rows={8} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        提交审核
      </button>
    </form>
  );
}

function ReturnForm({ busy, run }: { busy: boolean; run: Run }) {
  const [reason, setReason] = useState('');
  return (
    <form
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run('return', { reason });
      }}
    >
      <label>
        退回理由
        <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        退回修改
      </button>
    </form>
  );
}

function PublishForm({ busy, run }: { busy: boolean; run: Run }) {
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  return (
    <form
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run('publish', { title, question });
      }}
    >
      <p class="muted">
        公开到触摸屏和政务公开栏(《政务公开制度》七;《政务公开投诉制度》第六条)。用本办自己的话概括问题,不得含姓名、电话、身份证号。
      </p>
      <label>
        公开标题
        <input required value={title} placeholder="关于……的答复" onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        问题摘要
        <textarea rows={3} required value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        公开答复
      </button>
    </form>
  );
}

function Accountability({
  id,
  grounds,
  matters,
  onChange,
}: {
  id: string;
  grounds: string[];
  matters: AccountabilityMatter[];
  onChange: (m: AccountabilityMatter[]) => void;
}) {
  const [message, setMessage] = useState('');
  const [finding, setFinding] = useState('');
  const [outcomes, setOutcomes] = useState<string[]>([]);
  const open = matters.find((m) => m.state === 'open');
  const refresh = async () => {
    const r = await loadMatters();
    if (r.ok) onChange(r.data.matters.filter((m) => m.caseId === id));
  };
  return (
    <section class="accountability no-print" aria-labelledby="h-acc">
      <h3 id="h-acc">责任追究</h3>
      {grounds.length > 0 && <p>依据:{grounds.join(';')}</p>}
      {matters
        .filter((m) => m.state === 'decided')
        .map((m) => (
          <div key={m.id} class="office-banner ok" data-testid="accountability-decided">
            已决定({chinaDate(m.decidedAt!)}):{m.finding} 处理:
            {m.outcomes?.map((x) => ACCOUNTABILITY_OUTCOMES.find((y) => y.id === x)?.zh).join('、')}(已备案)
          </div>
        ))}
      {!open && grounds.length > 0 && (
        <button
          type="button"
          onClick={async () => {
            const r = await api<{ matter: AccountabilityMatter }>(`/api/office/v1/cases/${id}/accountability`, {
              method: 'POST',
              body: {},
            });
            if (!r.ok) setMessage(r.message);
            await refresh();
          }}
        >
          启动责任追究(调查核实)
        </button>
      )}
      {open && (
        <form
          class="action-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await api(`/api/office/v1/accountability/${open.id}/decision`, { method: 'POST', body: { finding, outcomes } });
            if (!r.ok) setMessage(r.message);
            else setMessage('');
            await refresh();
          }}
        >
          <p>调查中(启动于 {chinaDate(open.openedAt)})。领导小组集体研究后记录决定(《政务公开责任追究制度》第五条)。</p>
          <label>
            调查核实情况
            <textarea rows={3} value={finding} onInput={(e) => setFinding(e.currentTarget.value)} />
          </label>
          <fieldset>
            <legend>追究方式(第七条,可单处也可并处)</legend>
            {ACCOUNTABILITY_OUTCOMES.map((x) => (
              <label key={x.id} class="check">
                <input
                  type="checkbox"
                  checked={outcomes.includes(x.id)}
                  onChange={(e) => setOutcomes(e.currentTarget.checked ? [...outcomes, x.id] : outcomes.filter((y) => y !== x.id))}
                />
                {x.zh}
              </label>
            ))}
          </fieldset>
          <button type="submit">记录决定并备案</button>
        </form>
      )}
      {message && (
        <p class="office-banner warn" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}

// ——— 书面答复 (《政务公开制度》七: 书面送达) ———

export function LetterPage({ ctx, id }: { ctx: InboxCtx; id: string }) {
  const v = ctx.data.cases.find((x) => x.case.id === id);
  const answer = v?.case.answer;
  const answeredAt = v?.case.answeredAt;
  if (!v || !answer || !answeredAt) return <p class="office-banner warn">此件还没有经审核的答复,不能打印书面答复。</p>;
  const c = v.case;
  const o = ctx.opened.get(id);
  const who = o?.identity?.name ? `${o.identity.name}:` : `查询码 ${formatTrackingCode(c.trackingCode)} 的提出人:`;
  const what = c.kind === 'complaint' ? '投诉' : CASE_KIND_ZH[c.kind];
  const date = zhDate(chinaDate(answeredAt));
  return (
    <div class="letter-wrap">
      <p class="no-print letter-tools">
        <button type="button" onClick={() => print()}>
          打印
        </button>{' '}
        <a
          href={`/office/inbox/case/${id}`}
          onClick={(e) => {
            e.preventDefault();
            ctx.go(`/office/inbox/case/${id}`);
          }}
        >
          返回
        </a>
      </p>
      <article class="letter" data-testid="letter">
        <header>
          <p class="letter-org">清原满族自治县政务公开办公室</p>
          <h1>书面答复</h1>
          <p class="letter-meta">
            <span>编号:{c.number}</span>
            <span>日期:{date}</span>
          </p>
        </header>
        <p>{who}</p>
        <p class="indent">
          您于{zhDate(chinaDate(c.receivedAt))}通过{CASE_SOURCE_ZH[c.source]}提出的{what}(查询码 {formatTrackingCode(c.trackingCode)}
          ),本办已登记并交
          {c.department}办理。现答复如下:
        </p>
        <div class="letter-body">
          {answer.split(/\n+/).map((p) => (
            <p key={p} class="indent">
              {p}
            </p>
          ))}
        </div>
        <p class="indent">
          如对答复有意见,可凭查询码在政务服务中心触摸屏或手机上查询办理进度并作出评价,也可拨打举报电话 {HOTLINE}
          。本办对您的身份予以保密(《政务公开投诉制度》第四条)。
        </p>
        <footer class="letter-sign">
          <p>清原满族自治县政务公开办公室</p>
          <p>{date}</p>
        </footer>
      </article>
    </div>
  );
}
