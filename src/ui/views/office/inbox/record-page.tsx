/**
 * 登记来电/来访: a clerk records a call to the hotline (53034645) or a walk-in (口头投诉,
 * 《政务公开投诉制度》第四、五条: 认真做好口头投诉的记录) in the same inbox. What the caller says is
 * sealed here, in the clerk's browser, to the same office keys a kiosk uses; the hub stores
 * ciphertext as it does for every submission, and the caller gets a tracking code to follow it.
 */
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { CASE_SOURCE_ZH, HOTLINE } from '../../../../contract/cases.ts';
import { type OfficePublicKey, sealPart } from '../../../../contract/sealing.ts';
import { SUBMISSION_VERSION, type Submission } from '../../../../contract/submission.ts';
import {
  COMPLAINT_CATEGORIES,
  type ComplaintCategory,
  ComplaintContent,
  FIELD_LIMITS,
  IdentityContent,
  InquiryContent,
  normaliseMainlandPhone,
} from '../../../../contract/submission-content.ts';
import { formatTrackingCode, makeTrackingCode } from '../../../../contract/tracking-code.ts';
import { QrCode } from '../../shared/qr-code.tsx';
import { api } from './api.ts';
import type { InboxCtx } from './inbox-common.ts';

type Kind = 'complaint' | 'inquiry';

export function RecordPage({ ctx }: { ctx: InboxCtx }) {
  const [source, setSource] = useState<'hotline' | 'walk-in'>('hotline');
  const [kind, setKind] = useState<Kind>('complaint');
  const [category, setCategory] = useState<ComplaintCategory>('delay');
  const [department, setDepartment] = useState('');
  const [text, setText] = useState('');
  const [when, setWhen] = useState('');
  const [where, setWhere] = useState('');
  const [major, setMajor] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (done)
    return (
      <section class="record-done" aria-labelledby="h-done">
        <h2 id="h-done">已登记</h2>
        <p>请把查询码告诉来电人/来访人(来访的可扫码),凭它在触摸屏或手机上查询办理进度:</p>
        <p class="receipt-code" data-testid="recorded-code">
          {formatTrackingCode(done)}
        </p>
        <QrCode text={new URL(`/m/track/${done}`, location.origin).href} label={`查询码 ${formatTrackingCode(done)} 的二维码`} size={180} />
        <p>
          <button
            type="button"
            onClick={() => {
              setDone(undefined);
              setText('');
              setName('');
              setPhone('');
            }}
          >
            再登记一件
          </button>{' '}
          <button type="button" onClick={() => ctx.go('/office/inbox?tab=pending')}>
            回到待登记
          </button>
        </p>
      </section>
    );

  const submit = async () => {
    const content =
      kind === 'complaint'
        ? v.safeParse(ComplaintContent, {
            kind,
            category,
            department: department.trim() || '不清楚',
            what: text,
            ...(when.trim() ? { when } : {}),
            ...(where.trim() ? { where } : {}),
            major,
            named: !!name.trim(),
          })
        : v.safeParse(InquiryContent, { kind, question: text, ...(department.trim() ? { department } : {}), wantsReply: !!phone.trim() });
    const p = normaliseMainlandPhone(phone);
    const identity = v.safeParse(IdentityContent, {
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(phone.trim() ? { phone: p ?? phone } : {}),
    });
    const found: string[] = [];
    if (!content.success)
      found.push(
        text.trim().length < FIELD_LIMITS.text.min
          ? `请记录事情经过(至少 ${FIELD_LIMITS.text.min} 个字)`
          : major && !name.trim()
            ? '涉及重大事项的投诉应署名(《政务公开投诉制度》第四条)'
            : `内容不完整:${content.issues[0].message}`,
      );
    if (phone.trim() && !p) found.push('电话号码格式不对(手机 11 位,或带区号的固定电话)');
    if (!identity.success && !found.length) found.push('姓名应为 2–30 个字');
    setProblems(found);
    if (found.length || !content.success || !identity.success) return;
    setBusy(true);
    const keys = await api<{ identity: OfficePublicKey; content: OfficePublicKey }>('/api/office/v1/cases/keys');
    if (!keys.ok) {
      setBusy(false);
      return setProblems([keys.message]);
    }
    const header = { id: crypto.randomUUID(), kind, trackingCode: makeTrackingCode() };
    const hasIdentity = Object.keys(identity.output).length > 0;
    const submission: Submission = {
      v: SUBMISSION_VERSION,
      ...header,
      device: `office-${ctx.data.me.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'clerk'}-rec`.padEnd(8, '0'),
      source,
      deviceName: source === 'hotline' ? `县政务公开办 热线 ${HOTLINE}` : '县政务公开办 来访登记',
      createdAt: new Date().toISOString(),
      ...(hasIdentity ? { identity: await sealPart(keys.data.identity, 'identity', header, identity.output) } : {}),
      content: await sealPart(keys.data.content, 'content', header, content.output),
    };
    const r = await api<{ trackingCode: string }>('/api/office/v1/cases/recorded', { method: 'POST', body: { submission } });
    setBusy(false);
    if (!r.ok) return setProblems([r.message]);
    setDone(r.data.trackingCode);
    await ctx.reload();
  };

  return (
    <section class="record-page" aria-labelledby="h-record">
      <h2 id="h-record">登记来电/来访</h2>
      <p class="muted">
        口头投诉和咨询与触摸屏上提交的一样加密保存:内容用办理密钥、姓名电话用保密密钥在本浏览器中加密,hub
        只存密文(《政务公开投诉制度》第四条)。
      </p>
      <form
        class="action-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>来源</legend>
          {(['hotline', 'walk-in'] as const).map((s) => (
            <label key={s} class="check">
              <input type="radio" name="source" checked={source === s} onChange={() => setSource(s)} />
              {CASE_SOURCE_ZH[s]}
              {s === 'hotline' ? `(${HOTLINE})` : ''}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>类别</legend>
          <label class="check">
            <input type="radio" name="kind" checked={kind === 'complaint'} onChange={() => setKind('complaint')} />
            投诉
          </label>
          <label class="check">
            <input type="radio" name="kind" checked={kind === 'inquiry'} onChange={() => setKind('inquiry')} />
            咨询
          </label>
        </fieldset>
        {kind === 'complaint' && (
          <label>
            投诉类别(第三条)
            <select value={category} onChange={(e) => setCategory(e.currentTarget.value as ComplaintCategory)}>
              {COMPLAINT_CATEGORIES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.zh}({c.article})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {kind === 'complaint' ? '被投诉部门' : '涉及部门'}(不清楚可不填)
          <input value={department} maxLength={FIELD_LIMITS.department} onInput={(e) => setDepartment(e.currentTarget.value)} />
        </label>
        <label>
          {kind === 'complaint' ? '事情经过' : '咨询内容'}
          <textarea rows={5} maxLength={FIELD_LIMITS.text.max} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        {kind === 'complaint' && (
          <>
            <label>
              时间(可不填)
              <input value={when} maxLength={FIELD_LIMITS.when} onInput={(e) => setWhen(e.currentTarget.value)} />
            </label>
            <label>
              地点(可不填)
              <input value={where} maxLength={FIELD_LIMITS.where} onInput={(e) => setWhere(e.currentTarget.value)} />
            </label>
            <label class="check">
              <input type="checkbox" checked={major} onChange={(e) => setMajor(e.currentTarget.checked)} />
              涉及重大事项(须署名)
            </label>
          </>
        )}
        <label>
          姓名(可不留,匿名)
          <input value={name} maxLength={FIELD_LIMITS.name.max} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          电话(可不留)
          <input value={phone} inputMode="tel" autocomplete="off" onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        {problems.length > 0 && (
          <ul class="office-banner warn" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button type="submit" class="primary" disabled={busy}>
          加密保存并生成查询码
        </button>
      </form>
    </section>
  );
}
