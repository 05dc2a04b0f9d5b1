/**
 * 稿件办理 in the workspace (issue 11): 待我处理, all drafts, the drafting form, a draft's page
 * with its history, 审议记录 and the diff against what is published, the 预审 / 审议 / 签发 /
 * 撤回 steps, and the period sign-off (按期签发). Loaded lazily under /office/…; every step is
 * decided by the one workflow module (src/contract/workflow.ts) on the hub, which answers with
 * its reason in Chinese when it refuses.
 */
import { useEffect, useState } from 'preact/hooks';
import { withdrawalHash } from '../../../../contract/approvals.ts';
import { categoryById } from '../../../../contract/catalogue.ts';
import { chinaMinute } from '../../../../contract/china-time.ts';
import type { Item } from '../../../../contract/feed.ts';
import {
  DELIBERATION_ASPECT_ZH,
  DELIBERATION_ASPECTS,
  type DeliberationAspect,
  periodZh,
  WORKFLOW_STATE_ZH,
} from '../../../../contract/workflow.ts';
import { DRAFT_KIND_ZH, DRAFT_KINDS, type DraftKind } from '../../../../contract/workflow-content.ts';
import { api, type DraftDetail, type DraftSummary, signIfAsked } from './api.ts';
import { BulletinPage } from './bulletin.tsx';
import { DraftTable, go, Heading, Link, type Me, useLoad } from './common.tsx';
import { Dashboard } from './dashboard.tsx';
import { blankDraft, DraftForm } from './draft-form.tsx';
import { Preview } from './preview.tsx';
import './workflow.css';

function usePath(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const on = () => setPath(location.pathname + location.search);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

/** /office/queue, /office/drafts…, /office/periods/…, /office/bulletin/…, and the dashboard at /office/. */
export default function WorkflowApp({ me }: { me: Me }) {
  const path = usePath();
  const [pathname, query] = path.split('?') as [string, string | undefined];
  const params = new URLSearchParams(query ?? '');
  if (pathname === '/office/' || pathname === '/office') return <Dashboard me={me} />;
  if (pathname === '/office/queue') return <QueuePage me={me} />;
  if (pathname === '/office/drafts') return <DraftList me={me} />;
  if (pathname === '/office/drafts/new') {
    const kind = (DRAFT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as DraftKind) : 'notice';
    return <NewDraft key={kind} kind={kind} />;
  }
  const edit = /^\/office\/drafts\/(\d+)\/edit$/.exec(pathname)?.[1];
  if (edit) return <EditDraft key={edit} id={Number(edit)} />;
  const draft = /^\/office\/drafts\/(\d+)$/.exec(pathname)?.[1];
  if (draft) return <DraftPage key={draft} id={Number(draft)} me={me} />;
  const period = /^\/office\/periods\/(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(pathname)?.[1];
  if (period) return <PeriodPage key={period} period={period} me={me} />;
  const bulletin = /^\/office\/bulletin\/(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(pathname)?.[1];
  if (bulletin) return <BulletinPage key={bulletin} period={bulletin} />;
  return (
    <>
      <Heading>没有这个页面</Heading>
      <p>
        <Link href="/office/">回到首页</Link>
      </p>
    </>
  );
}

function NewButtons({ me }: { me: Me }) {
  if (!me.person.roles.includes('drafter')) return null;
  return (
    <div class="wf-new">
      {DRAFT_KINDS.filter((k) => k !== 'answer' && k !== 'result').map((k) => (
        <button
          key={k}
          type="button"
          class={k === 'notice' ? 'office-primary' : 'office-secondary'}
          onClick={() => go(`/office/drafts/new?kind=${k}`)}
        >
          起草{DRAFT_KIND_ZH[k]}
        </button>
      ))}
      <button type="button" class="office-secondary" onClick={() => go('/office/drafts/new?kind=answer')}>
        起草答复
      </button>
    </div>
  );
}

function QueuePage({ me }: { me: Me }) {
  const [data, error] = useLoad<{ drafts: DraftSummary[] }>('/api/office/v1/workflow/queue');
  return (
    <>
      <Heading>待我处理</Heading>
      <p class="office-help">
        按您的角色({me.person.roles.map((r) => me.roleNames[r] ?? r).join('、')})等您办理的稿件;自己起草的稿件不会交给自己审核。
      </p>
      <NewButtons me={me} />
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {data && <DraftTable drafts={data.drafts} caption={`共 ${data.drafts.length} 件`} empty="眼下没有等您办理的稿件。" />}
    </>
  );
}

function DraftList({ me }: { me: Me }) {
  const [state, setState] = useState('');
  const [data, error] = useLoad<{ drafts: DraftSummary[] }>(`/api/office/v1/workflow/drafts${state ? `?state=${state}` : ''}`);
  return (
    <>
      <Heading>全部稿件</Heading>
      <NewButtons me={me} />
      <label class="wf-filter">
        状态{' '}
        <select value={state} onChange={(e) => setState(e.currentTarget.value)}>
          <option value="">全部</option>
          {Object.entries(WORKFLOW_STATE_ZH).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {data && <DraftTable drafts={data.drafts} caption={`共 ${data.drafts.length} 件`} empty="没有符合条件的稿件。" />}
    </>
  );
}

function NewDraft({ kind }: { kind: DraftKind }) {
  return (
    <>
      <Heading>起草{DRAFT_KIND_ZH[kind]}</Heading>
      <DraftForm initial={blankDraft(kind)} onSaved={(d) => go(`/office/drafts/${d.id}`)} />
    </>
  );
}

function EditDraft({ id }: { id: number }) {
  const [d, error] = useLoad<DraftDetail>(`/api/office/v1/workflow/drafts/${id}`);
  return (
    <>
      <Heading>{d ? `修改:${d.title}` : '修改稿件'}</Heading>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {d && (
        <>
          {d.state === 'published' && (
            <p class="office-help">此稿已发布。保存修改即开始修订:新稿须重新预审、审议、签发,签发前公开的仍是已发布的版本。</p>
          )}
          {d.returned && d.state === 'returned' && (
            <p class="wf-returned" role="note">
              {d.returned.name} 于 {chinaMinute(d.returned.at)} 退回:{d.returned.reason}
            </p>
          )}
          <DraftForm initial={d.content} draft={d} onSaved={(x) => go(`/office/drafts/${x.id}`)} />
        </>
      )}
    </>
  );
}

const approvalOf = (d: DraftDetail) =>
  d.workflow.preReview && d.workflow.signOff
    ? {
        preReview: { by: d.workflow.preReview.name, at: d.workflow.preReview.at },
        signOff: { by: d.workflow.signOff.name, at: d.workflow.signOff.at },
      }
    : undefined;

function DraftPage({ id, me }: { id: number; me: Me }) {
  const [d, error, reload] = useLoad<DraftDetail>(`/api/office/v1/workflow/drafts/${id}`);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setMessage(null);
    // 预审, 签发 and 撤回: the person's passkey signs exactly what they approve (issue 12).
    const steps: Record<string, 'prereview' | 'signoff' | 'withdraw' | undefined> = {
      'prereview-pass': 'prereview',
      sign: 'signoff',
      withdraw: 'withdraw',
    };
    const step = steps[String(body.type)];
    if (step && d) {
      const revisions =
        step === 'withdraw' ? [await withdrawalHash({ id: d.itemId, reason: String(body.reason ?? '').trim() })] : [String(body.hash)];
      const signed = await signIfAsked(step, me.person.id, revisions);
      if (!signed.ok) {
        setBusy(false);
        return setMessage({ text: signed.message, error: true });
      }
      if (signed.approval) body = { ...body, approval: signed.approval };
    }
    const r = await api<DraftDetail>(`/api/office/v1/workflow/drafts/${id}/actions`, 'POST', body);
    setBusy(false);
    if (!r.ok)
      return setMessage({
        text: r.problems?.length ? `${r.message}:${r.problems.map((p) => p.message).join(';')}` : r.message,
        error: true,
      });
    setMessage({ text: done });
    reload();
  };
  if (error)
    return (
      <p class="office-error" role="alert">
        {error}
      </p>
    );
  if (!d) return null;
  const item = d.item as unknown as Item;
  const complete = d.problems.length === 0;
  const category = categoryById(String(d.item.category ?? ''));
  return (
    <>
      <Heading>{d.title}</Heading>
      <p class="wf-facts">
        <span class={`wf-state wf-state-${d.state}`}>{d.stateZh}</span> {DRAFT_KIND_ZH[d.kind]} · {d.department} · {periodZh(d.period)} · 第{' '}
        {d.revision} 稿{category && ` · ${category.zh}`}
        {d.demo && <span class="wf-tag">演示</span>}
      </p>
      {message && (
        <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {d.state === 'returned' && d.returned && (
        <p class="wf-returned" role="note">
          {d.returned.name} 于 {chinaMinute(d.returned.at)} 退回修改:{d.returned.reason}
        </p>
      )}
      {d.problems.length > 0 && (
        <section class="wf-problems" aria-label="发布规则检查">
          <h2>还有 {d.problems.length} 个问题</h2>
          <ul>
            {d.problems.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        </section>
      )}
      <Actions d={d} me={me} busy={busy} act={act} complete={complete} />
      <div class="wf-columns">
        <div>
          <Diff d={d} />
          <History d={d} />
          <Deliberations d={d} />
        </div>
        <Preview item={complete ? item : undefined} approval={approvalOf(d)} stale={false} />
      </div>
    </>
  );
}

function Actions({
  d,
  me,
  busy,
  act,
  complete,
}: {
  d: DraftDetail;
  me: Me;
  busy: boolean;
  act: (body: Record<string, unknown>, done: string) => Promise<void>;
  complete: boolean;
}) {
  const [reason, setReason] = useState('');
  const [aspects, setAspects] = useState<Record<DeliberationAspect, { ok: boolean; note: string }>>(
    () =>
      Object.fromEntries(DELIBERATION_ASPECTS.map((k) => [k, { ok: true, note: '' }])) as Record<
        DeliberationAspect,
        { ok: boolean; note: string }
      >,
  );
  const [summary, setSummary] = useState('');
  const can = (a: string) => d.actions.includes(a);
  const mine = d.workflow.authors.includes(me.person.id);
  if (d.actions.length === 0)
    return (
      <p class="office-help">
        {mine && ['prereview', 'deliberation', 'signoff'].includes(d.state)
          ? '这是您起草的稿件,须由他人审核。'
          : `此稿当前为「${d.stateZh}」,没有需要您办理的步骤。`}
      </p>
    );
  const returnBox = (
    <div class="wf-field">
      <label for="wf-reason">{can('withdraw') ? '撤回理由(必填,存档)' : '退回理由(必填,起草人据此修改)'}</label>
      <textarea id="wf-reason" rows={2} maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
    </div>
  );
  return (
    <section class="office-card wf-actions" aria-labelledby="wf-actions-h">
      <h2 id="wf-actions-h">办理</h2>
      {(can('edit') || can('submit') || can('revise')) && (
        <div class="wf-buttons">
          <button type="button" class="office-secondary" onClick={() => go(`/office/drafts/${d.id}/edit`)}>
            {can('revise') ? '修订' : '修改稿件'}
          </button>
          {can('submit') && (
            <button
              type="button"
              class="office-primary"
              disabled={busy || !complete}
              onClick={() => void act({ type: 'submit' }, '已提交预审')}
            >
              提交预审
            </button>
          )}
        </div>
      )}
      {can('prereview-pass') && (
        <>
          <p>
            预审:审查内容是否客观、全面、及时,是否泄露秘密(《政务公开预审制度》第一条、第四条)。通过即交审议小组;未经预审通过的内容不得公开(第三条)。
          </p>
          {returnBox}
          <div class="wf-buttons">
            <button
              type="button"
              class="office-primary"
              disabled={busy}
              onClick={() => void act({ type: 'prereview-pass', hash: d.hash }, '预审通过,已交审议')}
            >
              预审通过
            </button>
            <button
              type="button"
              class="office-secondary"
              disabled={busy}
              onClick={() => void act({ type: 'return', reason }, '已退回起草人修改')}
            >
              退回修改
            </button>
          </div>
        </>
      )}
      {can('deliberate') && (
        <fieldset class="wf-deliberation">
          <legend>审议记录(《政务公开工作审议制度》二:四个方面逐项审议,记录存档备查)</legend>
          {DELIBERATION_ASPECTS.map((k) => (
            <div key={k} class="wf-aspect">
              <p class="wf-aspect-name" id={`wf-asp-${k}`}>
                {DELIBERATION_ASPECT_ZH[k]}
              </p>
              <div role="radiogroup" aria-labelledby={`wf-asp-${k}`}>
                <label class="office-check">
                  <input
                    type="radio"
                    name={`asp-${k}`}
                    checked={aspects[k].ok}
                    onChange={() => setAspects({ ...aspects, [k]: { ...aspects[k], ok: true } })}
                  />
                  符合
                </label>
                <label class="office-check">
                  <input
                    type="radio"
                    name={`asp-${k}`}
                    checked={!aspects[k].ok}
                    onChange={() => setAspects({ ...aspects, [k]: { ...aspects[k], ok: false } })}
                  />
                  不符合
                </label>
              </div>
              <label for={`wf-note-${k}`}>审议意见</label>
              <textarea
                id={`wf-note-${k}`}
                rows={2}
                maxLength={1000}
                value={aspects[k].note}
                onInput={(e) => setAspects({ ...aspects, [k]: { ...aspects[k], note: e.currentTarget.value } })}
              />
            </div>
          ))}
          <label for="wf-summary">其他意见(可不填)</label>
          <textarea id="wf-summary" rows={2} maxLength={1000} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
          <div class="wf-buttons">
            <button
              type="button"
              class="office-primary"
              disabled={busy}
              onClick={() =>
                void act(
                  { type: 'deliberate', hash: d.hash, aspects, summary },
                  DELIBERATION_ASPECTS.every((k) => aspects[k].ok) ? '已记录审议,交分管领导签发' : '已记录审议,退回起草人修改',
                )
              }
            >
              记录审议
            </button>
          </div>
          {returnBox}
          <button
            type="button"
            class="office-secondary"
            disabled={busy}
            onClick={() => void act({ type: 'return', reason }, '已退回起草人修改')}
          >
            退回修改
          </button>
        </fieldset>
      )}
      {can('sign') && (
        <>
          <p>
            签发:分管领导审核签字后立即发布到各触摸屏和公示栏(《政务公开制度》四)。签发的是第 {d.revision} 稿,内容摘要 {d.hash.slice(0, 12)}
            …
          </p>
          {returnBox}
          <div class="wf-buttons">
            <button
              type="button"
              class="office-primary"
              disabled={busy}
              onClick={() => void act({ type: 'sign', hash: d.hash }, '已签发,已发布到各触摸屏和公示栏')}
            >
              签发
            </button>
            <button
              type="button"
              class="office-secondary"
              disabled={busy}
              onClick={() => void act({ type: 'return', reason }, '已退回起草人修改')}
            >
              退回修改
            </button>
            <Link href={`/office/periods/${d.period}`}>按期签发 {periodZh(d.period)}</Link>
          </div>
        </>
      )}
      {can('withdraw') && (
        <>
          <p>撤回:已发布的内容从各触摸屏和公示栏撤下,撤回理由公开并存档。</p>
          {returnBox}
          <button
            type="button"
            class="office-danger-button"
            disabled={busy}
            onClick={() => void act({ type: 'withdraw', reason }, '已撤回')}
          >
            撤回
          </button>
        </>
      )}
    </section>
  );
}

function Diff({ d }: { d: DraftDetail }) {
  if (!d.diff) return null;
  return (
    <section class="wf-diff" aria-labelledby="wf-diff-h">
      <h2 id="wf-diff-h">{d.diff.published ? `与已发布的第 ${d.diff.against} 稿相比` : `与第 ${d.diff.against} 稿相比`}</h2>
      {d.diff.fields.length === 0 ? (
        <p class="office-help">内容没有变化。</p>
      ) : (
        <dl>
          {d.diff.fields.map((f) => (
            <div key={f.path}>
              <dt>{f.label}</dt>
              <dd>
                {f.lines ? (
                  <ul class="wf-lines">
                    {f.lines.map((l, i) => (
                      <li key={`${i}-${l.op}`} class={`wf-${l.op}`}>
                        {l.op === 'add' ? <ins>{l.text}</ins> : l.op === 'del' ? <del>{l.text}</del> : l.text}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <>
                    {f.before !== undefined && <del>{f.before}</del>} {f.after !== undefined && <ins>{f.after}</ins>}
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function History({ d }: { d: DraftDetail }) {
  return (
    <section aria-labelledby="wf-history-h">
      <h2 id="wf-history-h">办理记录</h2>
      <ol class="wf-history">
        {d.steps.map((s) => (
          <li key={s.seq}>
            <time>{chinaMinute(s.at)}</time> {s.name} {s.actionZh}
            {s.from !== s.to && (
              <span class="wf-muted">
                {' '}
                ({WORKFLOW_STATE_ZH[s.from]} → {WORKFLOW_STATE_ZH[s.to]})
              </span>
            )}
            <span class="wf-muted"> 第 {s.revision} 稿</span>
            {s.detail?.reason && <p class="wf-reason">理由:{s.detail.reason}</p>}
          </li>
        ))}
      </ol>
      <p class="office-help">共 {d.revisions.length} 稿,每稿有内容摘要,审核针对的是具体某一稿:修改后须重新审核。</p>
    </section>
  );
}

function Deliberations({ d }: { d: DraftDetail }) {
  if (d.deliberations.length === 0) return null;
  return (
    <section aria-labelledby="wf-delib-h">
      <h2 id="wf-delib-h">审议记录(存档备查)</h2>
      {d.deliberations.map((r) => (
        <div key={`${r.at}-${r.by}`} class="office-card">
          <p>
            {r.name} · {chinaMinute(r.at)} · 第 {r.revision} 稿
          </p>
          <dl class="wf-aspects">
            {DELIBERATION_ASPECTS.map((k) => (
              <div key={k}>
                <dt>{DELIBERATION_ASPECT_ZH[k]}</dt>
                <dd>
                  <b>{r.aspects[k].ok ? '符合' : '不符合'}</b>:{r.aspects[k].note}
                </dd>
              </div>
            ))}
          </dl>
          {r.summary && <p>其他意见:{r.summary}</p>}
        </div>
      ))}
    </section>
  );
}

interface PeriodDraft extends DraftSummary {
  mine: boolean;
  prereviewedByMe: boolean;
}

function PeriodPage({ period, me }: { period: string; me: Me }) {
  const [data, error, reload] = useLoad<{ drafts: PeriodDraft[] }>(`/api/office/v1/workflow/periods/${period}`);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const waiting = (data?.drafts ?? []).filter((d) => d.state === 'signoff');
  const signable = waiting.filter((d) => !d.mine && !d.prereviewedByMe);
  const selected = chosen ?? new Set(signable.map((d) => d.itemId));
  const isSigner = me.person.roles.includes('signoff');
  const sign = async () => {
    setBusy(true);
    setMessage(null);
    const items = Object.fromEntries(signable.filter((d) => selected.has(d.itemId)).map((d) => [d.itemId, d.hash]));
    // One passkey signature over the whole period's revisions (政务公开制度 四).
    const signed = await signIfAsked('signoff', me.person.id, Object.values(items));
    if (!signed.ok) {
      setBusy(false);
      return setMessage({ text: signed.message, error: true });
    }
    const r = await api<{ signed: string[] }>(`/api/office/v1/workflow/periods/${period}/sign`, 'POST', {
      items,
      ...(signed.approval ? { approval: signed.approval } : {}),
    });
    setBusy(false);
    if (!r.ok)
      return setMessage({
        text: r.problems?.length ? `${r.message}:${r.problems.map((p) => p.message).join(';')}` : r.message,
        error: true,
      });
    setMessage({ text: `已签发 ${r.data.signed.length} 件,已发布到各触摸屏和公示栏` });
    setChosen(null);
    reload();
  };
  const [y, mo] = period.split('-').map(Number) as [number, number];
  const prev = `${mo === 1 ? y - 1 : y}-${String(mo === 1 ? 12 : mo - 1).padStart(2, '0')}`;
  const next = `${mo === 12 ? y + 1 : y}-${String(mo === 12 ? 1 : mo + 1).padStart(2, '0')}`;
  return (
    <>
      <Heading>按期签发:{periodZh(period)}</Heading>
      <p class="office-help">
        《政务公开制度》四:每期政务公开内容都必须交分管领导审核签字。勾选本期已审议的稿件,一次签发;任何一件不能签发,则本期都不签发。
      </p>
      <nav class="wf-period-nav" aria-label="选择期">
        <Link href={`/office/periods/${prev}`}>← {periodZh(prev)}</Link>
        <Link href={`/office/periods/${next}`}>{periodZh(next)} →</Link>
        <Link href={`/office/bulletin/${period}`}>本期《政务公开简报》</Link>
      </nav>
      {message && (
        <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {data && waiting.length === 0 && <p class="office-help">本期没有待签发的稿件。</p>}
      {waiting.length > 0 && (
        <table class="office-table wf-table">
          <caption>本期待签发 {waiting.length} 件</caption>
          <thead>
            <tr>
              <th scope="col">签发</th>
              <th scope="col">标题</th>
              <th scope="col">部门</th>
              <th scope="col">稿次</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.mine || d.prereviewedByMe ? (
                    <span class="wf-muted">{d.mine ? '本人起草,须由他人签发' : '本人已预审,须由他人签发'}</span>
                  ) : (
                    <input
                      type="checkbox"
                      aria-label={`签发 ${d.title}`}
                      checked={selected.has(d.itemId)}
                      disabled={!isSigner}
                      onChange={() => {
                        const s = new Set(selected);
                        if (s.has(d.itemId)) s.delete(d.itemId);
                        else s.add(d.itemId);
                        setChosen(s);
                      }}
                    />
                  )}
                </td>
                <th scope="row">
                  <Link href={`/office/drafts/${d.id}`}>{d.title}</Link>
                </th>
                <td>{d.department}</td>
                <td>第 {d.revision} 稿</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isSigner && signable.length > 0 && (
        <div class="wf-buttons">
          <button type="button" class="office-primary" disabled={busy || selected.size === 0} onClick={() => void sign()}>
            签发选中的 {selected.size} 件
          </button>
        </div>
      )}
      {data && <DraftTable drafts={data.drafts.filter((d) => d.state !== 'signoff')} caption="本期其他稿件" empty="本期没有其他稿件。" />}
    </>
  );
}
