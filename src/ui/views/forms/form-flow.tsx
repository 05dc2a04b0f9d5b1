/**
 * The steps every form shares, on the kiosk and on the phone: fill in (each
 * field says what is wrong) → check, with the confidentiality promise and the
 * personal-information notice → sealed and queued → the receipt with its
 * tracking code. On the kiosk: "在手机上继续" and the idle wipe.
 * The draft lives in this component's state only, and is wiped on submit, on
 * handoff and when the session resets.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SubmissionInput } from '../../../device/outbox/submit.ts';
import { ti } from '../../i18n/intake.ts';
import { useIntakeReady, useSubmit } from '../../shell/outbox-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { useApp } from '../../shell/sync-hooks.ts';
import { ReadAloud } from '../kiosk/read-aloud.tsx';
import { useIntakeFlow } from '../shared/intake-flow.ts';
import type { Draft } from './drafts.ts';
import { isBlank } from './drafts.ts';
import { encodeDraft, HANDOFF_MAX_DIGITS } from './handoff.ts';
import { HandoffView } from './handoff-view.tsx';
import { Receipt } from './receipt.tsx';
import type { Surface } from './sources.ts';
import { type FieldErrors, validateDraft } from './validate.ts';

type Step =
  | { kind: 'fill' }
  | { kind: 'confirm' }
  | { kind: 'sending' }
  | { kind: 'receipt'; id: string; code: string }
  | { kind: 'handoff'; fragment: string }
  | { kind: 'failed'; message: string };

export interface FormFlowProps<D extends Draft> {
  surface: Surface;
  title: string;
  intro: string;
  initial: D;
  /** A fresh, empty draft (what a wipe leaves). */
  blank: () => D;
  /** The draft came from a kiosk's QR code. */
  fromHandoff?: boolean;
  fields: (draft: D, set: (patch: Partial<D>) => void, errors: FieldErrors) => ComponentChildren;
  /** Label and value of each answer, for the check step. */
  summary: (draft: D) => [string, string][];
  build: (draft: D) => SubmissionInput;
  /** The phone page that continues this form, e.g. /m/complaint. */
  handoffPath: string;
  /** Set when the form no longer takes anything (a hearing that has started). */
  closed?: string;
}

export function FormFlow<D extends Draft>(p: FormFlowProps<D>) {
  const { config } = useApp();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'fill' });
  const ready = useIntakeReady();
  const submit = useSubmit();
  const kiosk = p.surface === 'kiosk';
  // The kiosk's one idle watch (src/ui/shell/idle.ts) warns, then resets the session: the form is wiped.
  const flow = useIntakeFlow<D>({
    initial: p.initial,
    blank: p.blank,
    onWipe: () => {
      setErrors({});
      setTried(false);
    },
    onReset: () => {
      setStep({ kind: 'fill' });
      if (kiosk) navigate('/', true);
    },
  });
  const { value: draft, notice, wipe } = flow;
  const heading = useRef<HTMLHeadingElement>(null);
  const questions = useRef<HTMLFormElement>(null);

  // Each new step starts at the top, its heading read out first.
  useEffect(() => {
    scrollTo(0, 0);
    heading.current?.focus();
  }, [step.kind]);

  const set = (patch: Partial<D>) => {
    const next = { ...draft, ...patch };
    flow.setValue(next);
    // After a first try, the red notes follow what the citizen fixes.
    if (tried) setErrors(validateDraft(next));
  };

  const toConfirm = () => {
    const e = validateDraft(draft);
    setErrors(e);
    setTried(true);
    if (Object.keys(e).length > 0) {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('.field.invalid input, .field.invalid textarea, .field.invalid select')?.focus(),
      );
      return;
    }
    setStep({ kind: 'confirm' });
  };

  const send = async () => {
    setStep({ kind: 'sending' });
    const sent = await flow.send(
      async (d) => {
        const r = await submit(p.build(d));
        if (r.ok) return { ok: true, id: r.id, code: r.trackingCode };
        return { ok: false, message: ti(r.reason === 'storage-full' ? 'storageFull' : 'unavailable', { hotline: config.hotline }) };
      },
      () => ti('unavailable', { hotline: config.hotline }),
    );
    // Nothing stored: the draft stays in memory so the citizen can try again or take it to a phone.
    setStep(sent.ok ? { kind: 'receipt', id: sent.id, code: sent.code ?? '' } : { kind: 'failed', message: sent.message });
  };

  const handoff = async () => {
    // The kiosk forgets the draft at once: from now on it is only in the QR code.
    const fragment = await flow.handOff(
      async (d) => (isBlank(d) ? '' : encodeDraft(d)),
      (f) => f.length <= HANDOFF_MAX_DIGITS,
      ti('handoffTooLong'),
    );
    if (fragment !== undefined) setStep({ kind: 'handoff', fragment });
  };

  const done = () => {
    wipe();
    setStep({ kind: 'fill' });
    if (kiosk) navigate('/');
  };

  const steps = (
    <ol class="form-steps" aria-label={p.title}>
      {(['stepFill', 'stepConfirm', 'stepDone'] as const).map((k, i) => {
        const at = step.kind === 'fill' || step.kind === 'failed' ? 0 : step.kind === 'confirm' || step.kind === 'sending' ? 1 : 2;
        return (
          <li key={k} aria-current={i === at ? 'step' : undefined} class={i < at ? 'past' : ''}>
            {ti(k)}
          </li>
        );
      })}
    </ol>
  );

  let body: ComponentChildren;
  if (ready && !ready.ok)
    body = (
      <p class="banner warn" role="alert">
        {ti('unavailable', { hotline: config.hotline })}
      </p>
    );
  else if (p.closed && step.kind !== 'receipt')
    body = (
      <p class="banner warn" role="status">
        {p.closed}
      </p>
    );
  else if (step.kind === 'receipt')
    body = <Receipt id={step.id} code={step.code} kind={p.initial.kind} surface={p.surface} onDone={done} />;
  else if (step.kind === 'handoff') body = <HandoffView path={p.handoffPath} fragment={step.fragment} onDone={done} />;
  else if (step.kind === 'failed')
    body = (
      <>
        <p class="banner warn" role="alert">
          {step.message}
        </p>
        <div class="form-actions">
          <button type="button" class="primary" onClick={() => setStep({ kind: 'fill' })}>
            {ti('backToEdit')}
          </button>
          {kiosk && (
            <button type="button" class="secondary" onClick={() => void handoff()}>
              {ti('handoff')}
            </button>
          )}
        </div>
      </>
    );
  else if (step.kind === 'confirm' || step.kind === 'sending')
    body = (
      <>
        <p class="muted">{ti('confirmHint')}</p>
        <dl class="form-summary">
          {p.summary(draft).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <section class="promise" aria-labelledby="h-promise">
          <h3 id="h-promise">{ti('promiseTitle')}</h3>
          <p>{ti('promiseText')}</p>
          <h3>{ti('noticeTitle')}</h3>
          <p>{ti('noticeText', { seconds: config.idleSeconds })}</p>
        </section>
        <div class="form-actions">
          <button type="button" class="primary" disabled={step.kind === 'sending'} onClick={() => void send()}>
            {step.kind === 'sending' ? ti('submitting') : ti('submit')}
          </button>
          <button type="button" class="secondary" disabled={step.kind === 'sending'} onClick={() => setStep({ kind: 'fill' })}>
            {ti('backToEdit')}
          </button>
        </div>
      </>
    );
  else {
    const n = Object.keys(errors).length;
    body = (
      <form
        ref={questions}
        class="form-fields"
        noValidate
        autocomplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          toConfirm();
        }}
      >
        <p class="form-intro">{p.intro}</p>
        {p.fromHandoff && (
          <p class="banner" role="status">
            {ti('handoffLoaded')}
          </p>
        )}
        {n > 0 && (
          <p class="banner warn" role="alert">
            {ti('errorsSummary', { n })}
          </p>
        )}
        {p.fields(draft, set, errors)}
        {notice && (
          <p class="banner warn" role="alert">
            {notice}
          </p>
        )}
        <div class="form-actions">
          <button type="submit" class="primary">
            {ti('next')}
          </button>
          {kiosk && (
            <button type="button" class="secondary" onClick={() => void handoff()}>
              {ti('handoff')}
            </button>
          )}
          <button type="button" class="quiet-button" onClick={done}>
            {ti('cancel')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <section class={`form-screen form-${p.surface}`} aria-labelledby="h-form">
      <h2 id="h-form" ref={heading} tabIndex={-1}>
        {step.kind === 'handoff' ? ti('handoffHeading') : p.title}
      </h2>
      {step.kind !== 'handoff' && steps}
      {/* 朗读 reads the form's questions, their hints and choices, and what is to be fixed (kiosk only). */}
      {kiosk && step.kind === 'fill' && !(ready && !ready.ok) && !p.closed && <ReadAloud target={questions} />}
      {body}
    </section>
  );
}
