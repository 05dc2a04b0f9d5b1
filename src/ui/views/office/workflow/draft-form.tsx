/**
 * 起草: the drafting form for every kind of item the publisher accepts — 告示 with the elements
 * of 《政务公开告示制度》第八条, 听证 with 《政务公开听证制度》第九条, catalogue disclosures by
 * category and channel, questionnaires (their JSON uploaded and checked), answers — with
 * attachments and cadence. As the clerk types, the hub runs the publisher's own schema and rules
 * on the draft (debounced) and each problem is shown beside its field with its article, in
 * Chinese; the preview beside the form shows the kiosk, the board and the phone.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CADENCE_ZH, CADENCES, CATEGORIES } from '../../../../contract/catalogue.ts';
import { chinaDate } from '../../../../contract/china-time.ts';
import type { Item } from '../../../../contract/feed.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { isPeriod, periodOf, periodZh } from '../../../../contract/workflow.ts';
import {
  DRAFT_KIND_ZH,
  type DraftAttachment,
  type DraftContent,
  type DraftKind,
  type DraftProblem,
} from '../../../../contract/workflow-content.ts';
import { countWorkingDays, isValidDate } from '../../../../contract/working-days.ts';
import { api, type CheckAnswer, type DraftDetail } from './api.ts';
import { Preview } from './preview.tsx';

const 告示制度 = '《政务公开告示制度》';
const 听证制度 = '《政务公开听证制度》';

/** A fresh draft of a kind, with what a clerk would write first already in place. */
export function blankDraft(kind: DraftKind, today = chinaDate()): DraftContent {
  const base: DraftContent = {
    kind,
    channel: 'public',
    category: kind === 'answer' ? 'complaint-channels' : 'other-public',
    cadence: kind === 'notice' || kind === 'hearing' || kind === 'questionnaire' ? 'one-off' : 'long-term',
    title: '',
    body: '',
    publishedAt: today,
  };
  if (kind === 'notice')
    return {
      ...base,
      notice: {
        type: 'execution',
        periodStart: today,
        periodEnd: '',
        basis: { cause: '', time: '', place: '', scope: '' },
        impact: '',
        measures: '',
        annex: '',
      },
    };
  if (kind === 'hearing') return { ...base, hearing: { matter: '', startsAt: '', place: '', noticeDate: today, howToJoin: '' } };
  if (kind === 'questionnaire') return { ...base, questionnaire: { opensOn: today, closesOn: '', subject: '' } };
  return base;
}

type Path = string;
/** Reads a dotted path of the draft (e.g. 'notice.basis.cause'). */
function read(c: DraftContent, path: Path): string {
  let v: unknown = c;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : '';
}
/** The draft with one dotted path set. */
function write(c: DraftContent, path: Path, value: unknown): DraftContent {
  const keys = path.split('.');
  const set = (o: Record<string, unknown>, i: number): Record<string, unknown> => {
    const k = keys[i]!;
    if (i === keys.length - 1) return { ...o, [k]: value };
    const inner = (o[k] && typeof o[k] === 'object' ? o[k] : {}) as Record<string, unknown>;
    return { ...o, [k]: set(inner, i + 1) };
  };
  return set(c as unknown as Record<string, unknown>, 0) as unknown as DraftContent;
}

const fieldId = (path: Path) => `wf-${path.replaceAll('.', '-')}`;

/** Problems keyed by the field they are shown beside; a problem about an unknown field goes to the top. */
function byField(problems: readonly DraftProblem[], shown: ReadonlySet<string>) {
  const map = new Map<string, DraftProblem[]>();
  const general: DraftProblem[] = [];
  for (const p of problems) {
    // A problem about a group (notice.basis) is shown beside its first field.
    const field = p.field && !shown.has(p.field) && shown.has(`${p.field}.cause`) ? `${p.field}.cause` : p.field;
    if (field && shown.has(field)) map.set(field, [...(map.get(field) ?? []), p]);
    else general.push(p);
  }
  return { map, general };
}

interface FieldProps {
  path: Path;
  label: string;
  hint?: ComponentChildren;
  required?: boolean;
  problems: Map<string, DraftProblem[]>;
  children: (a: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

function Field({ path, label, hint, required, problems, children }: FieldProps) {
  const id = fieldId(path);
  const mine = problems.get(path) ?? [];
  const describedBy = [hint ? `${id}-hint` : '', mine.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`wf-field${mine.length ? ' wf-field-bad' : ''}`}>
      <label for={id}>
        {label}
        {required && <span class="wf-req"> (必填)</span>}
      </label>
      {hint && (
        <p class="wf-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, describedBy, invalid: mine.length > 0 })}
      {mine.length > 0 && (
        <ul class="wf-errors" id={`${id}-err`} data-field={path}>
          {mine.map((p) => (
            <li key={p.message}>
              {p.message}
              {p.article && !p.message.includes(p.article) && <span class="wf-article">({p.article})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DraftForm({
  initial,
  draft,
  onSaved,
}: {
  initial: DraftContent;
  /** The draft being changed; a new one when absent. */
  draft?: DraftDetail | undefined;
  onSaved: (d: DraftDetail, submitted: boolean) => void;
}) {
  const [c, setC] = useState<DraftContent>(initial);
  const [period, setPeriod] = useState(draft?.period ?? periodOf(new Date()));
  const [check, setCheck] = useState<CheckAnswer | null>(null);
  const [lastComplete, setLastComplete] = useState<Item | undefined>(undefined);
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const seq = useRef(0);
  const kind = c.kind;

  // The publisher's checks on the draft as typed: 400 ms after the last keystroke, the latest answer wins.
  useEffect(() => {
    const n = ++seq.current;
    setChecking(true);
    const t = setTimeout(() => {
      void api<CheckAnswer>('/api/office/v1/workflow/check', 'POST', { content: c, ...(draft ? { draftId: draft.id } : {}) }).then((r) => {
        if (n !== seq.current) return;
        setChecking(false);
        if (!r.ok) return setMessage({ text: r.message, error: true });
        setCheck(r.data);
        if (r.data.complete) setLastComplete(r.data.item as unknown as Item);
      });
    }, 400);
    return () => clearTimeout(t);
  }, [c, draft]);

  const set = (path: Path) => (e: Event) => setC(write(c, path, (e.currentTarget as HTMLInputElement).value));

  const shown = useMemo(() => {
    const common = ['title', 'summary', 'channel', 'category', 'cadence', 'publishedAt', 'validFrom', 'validUntil', 'body', 'attachments'];
    const notice = [
      'notice.type',
      'notice.periodStart',
      'notice.periodEnd',
      'notice.basis.cause',
      'notice.basis.time',
      'notice.basis.place',
      'notice.basis.scope',
      'notice.impact',
      'notice.measures',
      'notice.annex',
    ];
    const hearing = ['hearing.matter', 'hearing.startsAt', 'hearing.place', 'hearing.noticeDate', 'hearing.howToJoin'];
    const questionnaire = ['questionnaire.opensOn', 'questionnaire.closesOn', 'questionnaire.subject', 'form'];
    return new Set([
      ...common,
      ...(kind === 'notice' ? notice : kind === 'hearing' ? hearing : kind === 'questionnaire' ? questionnaire : []),
    ]);
  }, [kind]);
  const problems = check?.problems ?? [];
  const { map, general } = byField(problems, shown);
  const channel = c.channel ?? 'public';

  const text = (path: Path, label: string, o: { hint?: ComponentChildren; required?: boolean; rows?: number; max?: number } = {}) => (
    <Field path={path} label={label} hint={o.hint} required={o.required} problems={map}>
      {({ id, describedBy, invalid }) =>
        o.rows ? (
          <textarea
            id={id}
            rows={o.rows}
            maxLength={o.max}
            value={read(c, path)}
            onInput={set(path)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        ) : (
          <input
            id={id}
            value={read(c, path)}
            maxLength={o.max}
            onInput={set(path)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )
      }
    </Field>
  );
  const date = (path: Path, label: string, o: { hint?: ComponentChildren; required?: boolean } = {}) => (
    <Field path={path} label={label} hint={o.hint} required={o.required} problems={map}>
      {({ id, describedBy, invalid }) => (
        <input id={id} type="date" value={read(c, path)} onInput={set(path)} aria-describedby={describedBy} aria-invalid={invalid} />
      )}
    </Field>
  );

  const periodDays = (() => {
    const s = c.notice?.periodStart ?? '';
    const e = c.notice?.periodEnd ?? '';
    if (!isValidDate(s) || !isValidDate(e) || e < s) return null;
    try {
      return countWorkingDays(s, e);
    } catch {
      return null;
    }
  })();

  const upload = async (files: FileList | null) => {
    setUploadError(null);
    for (const f of Array.from(files ?? [])) {
      if (f.size > LIMITS.attachmentBytes) {
        setUploadError(`「${f.name}」超过 ${LIMITS.attachmentBytes / 1024 / 1024} MB,请压缩后再上传`);
        continue;
      }
      const type = f.type || (f.name.toLowerCase().endsWith('.pdf') ? 'application/pdf' : '');
      let res: Response;
      try {
        res = await fetch(`/api/office/v1/workflow/files?name=${encodeURIComponent(f.name)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': type || 'application/octet-stream' },
          body: f,
        });
      } catch {
        setUploadError('连不上服务器,附件没有上传');
        continue;
      }
      const data = (await res.json().catch(() => null)) as (DraftAttachment & { message?: string }) | null;
      if (!res.ok || !data) {
        setUploadError(`「${f.name}」:${data?.message ?? '上传失败'}`);
        continue;
      }
      setC((prev) => ({ ...prev, attachments: [...(prev.attachments ?? []).filter((a) => a.sha256 !== data.sha256), data] }));
    }
  };

  const uploadForm = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    try {
      const form = JSON.parse(await f.text()) as unknown;
      setC((prev) => ({ ...prev, form }));
      setUploadError(null);
    } catch (e) {
      setUploadError(`问卷文件「${f.name}」不是有效的 JSON:${(e as Error).message}`);
    }
  };

  const save = async (submit: boolean) => {
    setBusy(true);
    setMessage(null);
    const body = { content: c, ...(isPeriod(period) ? { period } : {}) };
    const r = draft
      ? await api<DraftDetail>(`/api/office/v1/workflow/drafts/${draft.id}`, 'PUT', body)
      : await api<DraftDetail>('/api/office/v1/workflow/drafts', 'POST', body);
    if (!r.ok) {
      setBusy(false);
      return setMessage({ text: r.message, error: true });
    }
    if (submit) {
      const s = await api<DraftDetail>(`/api/office/v1/workflow/drafts/${r.data.id}/actions`, 'POST', { type: 'submit' });
      setBusy(false);
      if (!s.ok) {
        setMessage({ text: `已保存,但${s.message}`, error: true });
        return onSaved(r.data, false);
      }
      return onSaved(s.data, true);
    }
    setBusy(false);
    onSaved(r.data, false);
  };

  return (
    <div class="wf-edit">
      <form
        class="wf-form"
        aria-label={`${DRAFT_KIND_ZH[kind]}稿`}
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <div class="wf-status" aria-live="polite">
          {checking ? (
            <span class="wf-checking">正在检查…</span>
          ) : problems.length === 0 && check ? (
            <span class="wf-clean">✓ 已按发布规则检查,没有问题,可以提交预审</span>
          ) : check ? (
            <span class="wf-count" data-testid="problem-count">
              还有 {problems.length} 个问题,改正后才能提交预审
            </span>
          ) : null}
        </div>
        {general.length > 0 && (
          <ul class="wf-errors wf-general" aria-label="稿件的其他问题">
            {general.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        )}

        <fieldset>
          <legend>基本信息</legend>
          {text('title', '标题', {
            required: true,
            max: 200,
            hint: kind === 'notice' ? '如:关于G202线清原段道路施工期间交通管制的告示' : undefined,
          })}
          {text('summary', '摘要(列表中显示,可不填)', { max: 300 })}
          <div class="wf-row">
            <Field path="channel" label="公开范围" problems={map} hint="内外有别(《政务公开工作制度》一):对内公开只在内部设备和工作台显示">
              {({ id, describedBy, invalid }) => (
                <select
                  id={id}
                  value={channel}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => {
                    const ch = e.currentTarget.value as 'public' | 'internal';
                    setC({ ...c, channel: ch, category: CATEGORIES.find((x) => x.channel === ch)?.id ?? c.category });
                  }}
                >
                  <option value="public">对外公开</option>
                  <option value="internal">对内公开</option>
                </select>
              )}
            </Field>
            <Field path="category" label="公开类别" required problems={map} hint="《政务公开工作制度》二 的公开目录">
              {({ id, describedBy, invalid }) => (
                <select id={id} value={c.category ?? ''} onChange={set('category')} aria-describedby={describedBy} aria-invalid={invalid}>
                  {CATEGORIES.filter((x) => x.channel === channel).map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.article} {x.zh}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              path="cadence"
              label="公开时限"
              required
              problems={map}
              hint="《政务公开制度》一:长期固定公开、经常性按季公开、一次性随时公开、热点及时公开"
            >
              {({ id, describedBy, invalid }) => (
                <select id={id} value={c.cadence ?? ''} onChange={set('cadence')} aria-describedby={describedBy} aria-invalid={invalid}>
                  {CADENCES.map((x) => (
                    <option key={x} value={x}>
                      {CADENCE_ZH[x]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div class="wf-row">
            {date('publishedAt', '发布日期', { required: true, hint: '签发当天或以后;告示期、听证通知从发布之日起算' })}
            {kind !== 'notice' && date('validFrom', '有效期起(可不填)')}
            {kind !== 'notice' && date('validUntil', '有效期止(可不填)')}
            <div class="wf-field">
              <label for="wf-period">期号(按期审议、签发)</label>
              <input
                id="wf-period"
                type="month"
                value={period}
                onInput={(e) => setPeriod(e.currentTarget.value)}
                aria-describedby="wf-period-hint"
              />
              <p class="wf-hint" id="wf-period-hint">
                {isPeriod(period) ? periodZh(period) : '格式 2026-12'}:《政务公开制度》四,每期公开内容交分管领导审核签字
              </p>
            </div>
          </div>
        </fieldset>

        {kind === 'notice' && (
          <>
            <fieldset>
              <legend>告示类别与告示期({告示制度}第五条、第六条)</legend>
              <div class="wf-row">
                <Field path="notice.type" label="告示类别" required problems={map}>
                  {({ id, describedBy, invalid }) => (
                    <select
                      id={id}
                      value={read(c, 'notice.type')}
                      onChange={set('notice.type')}
                      aria-describedby={describedBy}
                      aria-invalid={invalid}
                    >
                      <option value="decision">决策类(征求意见,不少于 20 个工作日)</option>
                      <option value="execution">执行类(不少于 7 个工作日)</option>
                      <option value="emergency">应急类(实时告示)</option>
                    </select>
                  )}
                </Field>
                {date('notice.periodStart', '告示期开始', { required: true, hint: '不得早于发布日期' })}
                {date('notice.periodEnd', '告示期结束', {
                  required: true,
                  hint: periodDays !== null ? `共 ${periodDays} 个工作日(节假日不计)` : '按工作日计算,节假日不计',
                })}
              </div>
            </fieldset>
            <fieldset>
              <legend>(一)基本情况({告示制度}第八条(一))</legend>
              {text('notice.basis.cause', '事件发生的原因', { required: true, rows: 2, max: 2000 })}
              <div class="wf-row">
                {text('notice.basis.time', '时间', { required: true, max: 200 })}
                {text('notice.basis.place', '地点', { required: true, max: 200 })}
              </div>
              {text('notice.basis.scope', '范围', { required: true, max: 500, hint: '涉及哪些群众、哪些村(社区)、哪些路段' })}
            </fieldset>
            <fieldset>
              <legend>(二)事件的影响({告示制度}第八条(二))</legend>
              {text('notice.impact', '性质和影响程度的预计', { required: true, rows: 3, max: 2000 })}
            </fieldset>
            <fieldset>
              <legend>(三)拟采用的处理措施、方法({告示制度}第八条(三))</legend>
              {text('notice.measures', '处理情况、组织措施、需要群众做出哪些配合、注意事项', { required: true, rows: 4, max: 4000 })}
            </fieldset>
            <fieldset>
              <legend>(四)附件({告示制度}第八条(四))</legend>
              {text('notice.annex', '补充说明(可不填)', { rows: 2, max: 4000 })}
            </fieldset>
          </>
        )}

        {kind === 'hearing' && (
          <fieldset>
            <legend>听证事项({听证制度}第九条)</legend>
            {text('hearing.matter', '听证事项', { required: true, max: 500 })}
            <div class="wf-row">
              <Field path="hearing.startsAt" label="听证会时间" required problems={map} hint="北京时间">
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    type="datetime-local"
                    value={read(c, 'hearing.startsAt').slice(0, 16)}
                    onInput={(e) => setC(write(c, 'hearing.startsAt', e.currentTarget.value ? `${e.currentTarget.value}:00+08:00` : ''))}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                  />
                )}
              </Field>
              {text('hearing.place', '地点', { required: true, max: 200 })}
              {date('hearing.noticeDate', '通知日期', { required: true, hint: '须在听证会 5 个工作日前' })}
            </div>
            {text('hearing.howToJoin', '参加办法(报名方式、要求)', { required: true, rows: 3, max: 2000 })}
          </fieldset>
        )}

        {kind === 'questionnaire' && (
          <fieldset>
            <legend>评议问卷(《政务公开评议制度》第四条(一))</legend>
            <div class="wf-row">
              {date('questionnaire.opensOn', '开始日期', { required: true })}
              {date('questionnaire.closesOn', '截止日期', { required: true })}
            </div>
            {text('questionnaire.subject', '评议对象(可不填)', { max: 200 })}
            <Field path="form" label="问卷表单(JSON 文件)" required problems={map} hint="格式见 docs/questionnaire.md;上传后立即检查">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="file"
                  accept="application/json,.json"
                  onChange={(e) => void uploadForm(e.currentTarget.files)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
            {c.form !== undefined && <p class="wf-hint">已载入问卷表单。</p>}
          </fieldset>
        )}

        <fieldset>
          <legend>正文与附件</legend>
          {text('body', '正文', {
            rows: 8,
            max: 100_000,
            required: kind !== 'questionnaire',
            hint: '可用 Markdown:空一行分段,# 开头为标题,- 开头为列表',
          })}
          <Field path="attachments" label="附件(PDF 或图片,每个不超过 20 MB)" problems={map}>
            {({ id, describedBy }) => (
              <input
                id={id}
                type="file"
                multiple
                accept="application/pdf,image/png,image/jpeg,image/webp"
                onChange={(e) => void upload(e.currentTarget.files)}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          {uploadError && (
            <p class="office-error" role="alert">
              {uploadError}
            </p>
          )}
          {(c.attachments ?? []).length > 0 && (
            <ul class="wf-files">
              {(c.attachments ?? []).map((a) => (
                <li key={a.sha256}>
                  {a.name}({Math.ceil(a.bytes / 1024)} KB)
                  <button
                    type="button"
                    class="office-link"
                    aria-label={`移除附件 ${a.name}`}
                    onClick={() => setC({ ...c, attachments: (c.attachments ?? []).filter((x) => x.sha256 !== a.sha256) })}
                  >
                    移除
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        {message && (
          <p class={message.error ? 'office-error' : 'office-ok'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <div class="wf-buttons">
          <button type="submit" class="office-secondary" disabled={busy}>
            保存草稿
          </button>
          <button type="button" class="office-primary" disabled={busy || checking || problems.length > 0} onClick={() => void save(true)}>
            保存并提交预审
          </button>
        </div>
      </form>
      <Preview
        item={check?.complete ? (check.item as unknown as Item) : lastComplete}
        stale={!!check && !check.complete && !!lastComplete}
      />
    </div>
  );
}
