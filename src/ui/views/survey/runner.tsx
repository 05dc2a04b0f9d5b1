/**
 * Answering a questionnaire, for the kiosk and the phone alike: one page (一组题)
 * per screen, progress, plain messages after "下一页", conditions applied as
 * the citizen answers, back and forward without losing anything. The answers
 * live in this component's state only: never in storage, wiped on submit, on
 * handoff and on the idle reset.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { QuestionnaireItem } from '../../../contract/feed.ts';
import { checkAnswer, checkPage, type Problem, visibility } from '../../../contract/questionnaire/answers.ts';
import { checkForm } from '../../../contract/questionnaire/check.ts';
import type { Answers, SurveyForm } from '../../../contract/questionnaire/form.ts';
import { encodeHandoff, HANDOFF_MAX_URL, type Handoff, phoneSurveyPath } from '../../../contract/questionnaire/handoff.ts';
import { useDelivered } from '../../shell/outbox-hooks.ts';
import { useAnsweredBefore, useSubmitAnswers } from '../../shell/survey-hooks.ts';
import { formatDate } from '../shared/format.ts';
import { useIntakeFlow } from '../shared/intake-flow.ts';
import type { QrComponent, ReaderComponent } from '../shared/lazy-parts.ts';
import { SafeHtml } from '../shared/safe-html.tsx';
import { st } from './messages.ts';
import { QuestionView } from './questions.tsx';

interface Props {
  item: QuestionnaireItem;
  source: 'kiosk' | 'phone';
  /** Answers carried over from a kiosk (phone only). */
  initial?: Handoff | undefined;
  /** Shown above the form, e.g. "已接续…". */
  note?: string | undefined;
  /** Leaves the questionnaire (the kiosk goes home). */
  onExit?: () => void;
  /** The kiosk's QR component (loaded with the kiosk screens only). */
  Qr?: QrComponent;
  /** Reads a question aloud (kiosk only). */
  Reader?: ReaderComponent;
}

type Stage = 'intro' | 'form' | 'sending' | 'done' | 'handoff' | 'already';

/** Answers from a handoff URL are untrusted: keep known questions with answers of the right kind. */
function fromHandoff(form: SurveyForm, answers: Answers): Answers {
  const out: Answers = {};
  for (const p of form.pages)
    for (const q of p.elements) {
      if (!(q.name in answers)) continue;
      const problem = checkAnswer({ ...q, isRequired: false, validators: [] }, answers[q.name]);
      if (!problem || problem.code === 'tooLong') out[q.name] = answers[q.name];
    }
  return out;
}

export function SurveyRunner({ item, source, initial, note, onExit, Qr, Reader }: Props) {
  const answeredBefore = useAnsweredBefore(item.id, source);
  const submitAnswers = useSubmitAnswers();
  const checked = useMemo(() => checkForm(item.form), [item]);
  const form = checked.ok ? checked.form : item.form;
  const [page, setPage] = useState(() => Math.min(initial?.page ?? 0, form.pages.length - 1));
  const [stage, setStage] = useState<Stage>(() => (answeredBefore ? 'already' : initial ? 'form' : 'intro'));
  const [shown, setShown] = useState<Map<string, Problem>>(new Map());
  const [handoffUrl, setHandoffUrl] = useState<string>();
  const top = useRef<HTMLDivElement>(null);
  const [sentId, setSentId] = useState<string>();
  const delivered = useDelivered(sentId);
  const flow = useIntakeFlow<Answers>({
    initial: () => (initial ? fromHandoff(form, initial.answers) : {}),
    blank: () => ({}),
    onWipe: () => {
      setShown(new Map());
      setPage(0);
    },
    onReset: () => {
      setHandoffUrl(undefined);
      setStage('intro');
    },
  });
  const { value: answers, notice, setNotice } = flow;

  const vis = visibility(form, answers);
  const pages = form.pages.map((_, i) => i).filter((i) => vis.pages[i]);
  // A page hidden by a changed answer is never shown; go to the nearest visible one.
  const current = pages.includes(page) ? page : (pages.find((i) => i > page) ?? pages.at(-1) ?? 0);
  const position = pages.indexOf(current);
  const last = position === pages.length - 1;

  const scrollTop = () => {
    scrollTo(0, 0);
    top.current?.focus();
  };

  const change = (name: string, value: unknown) => {
    const next = { ...answers, [name]: value };
    flow.setValue(next);
    setNotice(undefined);
    // Once messages are shown, they follow the answers as they are fixed.
    if (shown.size > 0) setShown(checkPage(form, current, next));
  };

  const submit = async () => {
    setStage('sending');
    const sent = await flow.send(
      async (a) => {
        const o = await submitAnswers(item, a, source);
        if (o.ok) return { ok: true, id: o.id };
        return {
          ok: false,
          message: o.reason === 'invalid' ? st('invalidAnswers') : o.reason === 'storage-full' ? st('storageFull') : st('unavailable'),
        };
      },
      () => st('unavailable'),
    );
    if (sent.ok) {
      setSentId(sent.id);
      setStage('done');
      scrollTop();
      return;
    }
    // Nothing was stored: the answers stay on screen, so the citizen can try again or take them to a phone.
    setStage('form');
    setNotice(sent.message);
  };

  const next = () => {
    const problems = checkPage(form, current, answers);
    setShown(problems);
    if (problems.size > 0) {
      const first = [...problems.keys()][0]!;
      document.getElementById(`q-${first}`)?.scrollIntoView({ block: 'center' });
      return;
    }
    if (last) return void submit();
    setPage(pages[position + 1]!);
    scrollTop();
  };

  const prev = () => {
    setShown(new Map());
    setNotice(undefined);
    if (position <= 0) setStage('intro');
    else setPage(pages[position - 1]!);
    scrollTop();
  };

  const handoff = async () => {
    // The kiosk forgets the answers at once; only the QR code on screen holds them.
    const url = await flow.handOff(
      async (a) => `${new URL(phoneSurveyPath(item.id), location.origin).href}#a=${await encodeHandoff({ answers: a, page: current })}`,
      (u) => u.length <= HANDOFF_MAX_URL,
      st('handoffTooLong'),
    );
    if (url === undefined) return;
    setHandoffUrl(url);
    setStage('handoff');
    scrollTop();
  };

  const q = item.questionnaire;
  const period = st('period', { from: formatDate(q.opensOn), to: formatDate(q.closesOn) });

  if (!checked.ok)
    return (
      <p class="banner warn" role="alert">
        {st('broken')}
      </p>
    );

  if (stage === 'already' || stage === 'done' || stage === 'handoff')
    return (
      <div class="survey survey-end" ref={top} tabIndex={-1}>
        <h2>{item.title}</h2>
        {stage === 'done' && (
          <>
            <p class="big-ok" role="status">
              ✔ {st('thanks')}
            </p>
            {form.completedHtml ? <SafeHtml class="body" html={form.completedHtml} /> : <p>{st('thanksHint')}</p>}
            <p class={`banner${delivered ? ' ok' : ''}`} data-testid="delivery-state">
              {delivered ? st('delivered') : st('queued')}
            </p>
          </>
        )}
        {stage === 'already' && (
          <p class="big-ok" role="status">
            {source === 'kiosk' ? st('alreadyKiosk') : st('alreadyPhone')}
          </p>
        )}
        {stage === 'handoff' && handoffUrl && Qr && (
          <>
            <p class="big-ok">{st('handoffTitle')}</p>
            <Qr text={handoffUrl} label={st('handoffQr')} size={420} />
            <p class="muted">{st('handoffHint')}</p>
          </>
        )}
        {onExit && (
          <button
            type="button"
            class="primary big"
            onClick={() => {
              setHandoffUrl(undefined);
              onExit();
            }}
          >
            {stage === 'handoff' ? st('done') : st('backHome')}
          </button>
        )}
      </div>
    );

  if (stage === 'intro')
    return (
      <div class="survey survey-intro" ref={top} tabIndex={-1}>
        <h2 class="survey-title">{item.title}</h2>
        <p class="survey-meta">
          <span>{item.department}</span>
          <span class="period">{period}</span>
          {q.subject && <span>{st('subject', { subject: q.subject })}</span>}
        </p>
        {note && <p class="banner">{note}</p>}
        <div class="survey-intro-body">
          <div>
            <p class="privacy">{st('anonymous')}</p>
            <p class="muted">
              {st('pagesAndTime', { pages: form.pages.length, minutes: Math.max(1, Math.round(vis.questions.size / 3)) })}
            </p>
            <button
              type="button"
              class="primary big"
              onClick={() => {
                setStage('form');
                scrollTop();
              }}
            >
              {st('start')}
            </button>
            <SafeHtml class="body" html={item.bodyHtml} />
          </div>
          {Qr && (
            <aside>
              <Qr text={new URL(phoneSurveyPath(item.id), location.origin).href} label={st('scanToAnswer')} />
            </aside>
          )}
        </div>
      </div>
    );

  const p = form.pages[current]!;
  return (
    <div class="survey" ref={top} tabIndex={-1}>
      <p class="survey-name">{item.title}</p>
      <div class="progress">
        <span>{st('progress', { page: position + 1, pages: pages.length })}</span>
        <div
          class="progress-bar"
          role="progressbar"
          aria-valuemin={1}
          aria-valuemax={pages.length}
          aria-valuenow={position + 1}
          aria-label={st('progress', { page: position + 1, pages: pages.length })}
        >
          <div style={{ width: `${((position + 1) / pages.length) * 100}%` }} />
        </div>
      </div>
      {note && position === pages.indexOf(initial?.page ?? -1) && <p class="banner">{note}</p>}
      {p.title && <h2 class="page-title">{p.title}</h2>}
      {p.description && <p class="page-desc">{p.description}</p>}
      {shown.size > 0 && (
        <p class="banner warn" role="alert">
          {st('fixBelow', { n: shown.size })}
        </p>
      )}
      {p.elements
        .filter((x) => vis.questions.has(x.name))
        .map((x) => (
          <QuestionView
            key={x.name}
            q={x}
            value={answers[x.name]}
            problem={shown.get(x.name)}
            onChange={(value) => change(x.name, value)}
            Reader={Reader}
          />
        ))}
      {notice && (
        <p class="banner warn" role="alert">
          {notice}
        </p>
      )}
      <div class={`survey-actions${source === 'phone' ? ' on-phone' : ''}`}>
        <button type="button" class="secondary" onClick={prev}>
          ← {st('prev')}
        </button>
        {source === 'kiosk' && Qr && (
          <button type="button" class="secondary" onClick={() => void handoff()}>
            {st('continueOnPhone')}
          </button>
        )}
        <button type="button" class="primary" disabled={stage === 'sending'} onClick={next}>
          {stage === 'sending' ? st('sending') : last ? st('submit') : `${st('next')} →`}
        </button>
      </div>
    </div>
  );
}
