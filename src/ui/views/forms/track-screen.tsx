/**
 * 办理进度: the status of a complaint or inquiry by its tracking code, on the
 * phone (/m/track/CODE, from the receipt's QR code) and on the kiosk
 * (/k/track). Shows the status and the answer; the hub never sends who made
 * it or what they wrote, and this page would not show it.
 */
import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { SUBMISSION_STATUSES, TrackResponse } from '../../../contract/submission.ts';
import { formatTrackingCode, isValidTrackingCode, normaliseTrackingCode } from '../../../contract/tracking-code.ts';
import { ti } from '../../i18n/intake.ts';
import { navigate } from '../../shell/router.ts';
import { useSessionReset } from '../../shell/session-hooks.ts';
import { useApp } from '../../shell/sync-hooks.ts';
import { formatDateTime } from '../shared/format.ts';
import { FormPage } from './form-page.tsx';
import type { Surface } from './sources.ts';

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ok'; track: TrackResponse } | { kind: 'problem'; message: string };

function useTrack(code: string | undefined): State {
  const { config } = useApp();
  const [state, setState] = useState<State>({ kind: 'idle' });
  useEffect(() => {
    if (!code) return setState({ kind: 'idle' });
    if (!isValidTrackingCode(code)) return setState({ kind: 'problem', message: ti('trackBadCode') });
    let live = true;
    setState({ kind: 'loading' });
    void (async (): Promise<State> => {
      let res: Response;
      try {
        res = await fetch(new URL(`track/${code}`, new URL(config.intake?.endpoint ?? '/api/intake/', location.href)), {
          cache: 'no-store',
        });
      } catch {
        return { kind: 'problem', message: ti('trackOffline') };
      }
      if (res.status === 404) return { kind: 'problem', message: ti('trackNotFound') };
      if (!res.ok) return { kind: 'problem', message: ti('trackBadCode') };
      const parsed = v.safeParse(TrackResponse, await res.json().catch(() => null));
      return parsed.success ? { kind: 'ok', track: parsed.output } : { kind: 'problem', message: ti('trackOffline') };
    })().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [code, config]);
  return state;
}

/** 满意 / 基本满意 / 不满意, once, after the answer (hub/cases/: POST /api/intake/rating/CODE). */
function Rating({ track, endpoint }: { track: TrackResponse; endpoint: string }) {
  const [given, setGiven] = useState<TrackResponse['rating']>(track.rating);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  if (given)
    return (
      <p class="banner ok" role="status" data-testid="rating-given">
        {ti('rateThanks', { rating: ti(`rate_${given}`) })}
      </p>
    );
  if (!track.canRate) return null;
  const rate = async (rating: NonNullable<TrackResponse['rating']>) => {
    setBusy(true);
    setProblem('');
    try {
      const res = await fetch(new URL(`rating/${track.trackingCode}`, new URL(endpoint, location.href)), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rating }),
      });
      if (res.ok) setGiven(rating);
      else setProblem(res.status === 409 ? ti('rateOnce') : ti('rateFailed'));
    } catch {
      setProblem(ti('rateFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="track-rating" aria-labelledby="h-rate">
      <h3 id="h-rate">{ti('rateHeading')}</h3>
      <div class="rating-buttons">
        {(['satisfied', 'mostly', 'unsatisfied'] as const).map((r) => (
          <button key={r} type="button" disabled={busy} onClick={() => void rate(r)}>
            {ti(`rate_${r}`)}
          </button>
        ))}
      </div>
      {problem && (
        <p class="banner warn" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function Progress({ track }: { track: TrackResponse }) {
  const reached = SUBMISSION_STATUSES.indexOf(track.status);
  const last = (s: string) => track.history.filter((h) => h.status === s).at(-1);
  return (
    <ol class="track-progress" aria-label={ti('trackHeading')}>
      {SUBMISSION_STATUSES.map((s, i) => {
        const at = last(s)?.at;
        const note = i <= reached ? last(s)?.note : undefined;
        return (
          <li key={s} class={i < reached ? 'past' : i === reached ? 'current' : ''} aria-current={i === reached ? 'step' : undefined}>
            <span class="track-step">{ti(`status_${s}`)}</span>
            {at && i <= reached && <time class="muted">{formatDateTime(at)}</time>}
            {note && (
              <p class="track-note" data-testid="track-note">
                {note}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export default function TrackScreen({ code: raw, surface }: { code?: string; surface: Surface }) {
  const code = raw ? normaliseTrackingCode(decodeURIComponent(raw)) : undefined;
  const state = useTrack(code);
  const { config } = useApp();
  const [typed, setTyped] = useState('');
  // On a kiosk, someone's case status is wiped like a form when the one idle watch resets the session.
  useSessionReset(() => {
    if (surface === 'kiosk') navigate('/', true);
  });
  const base = surface === 'phone' ? '/m/track/' : '/k/track/';
  return (
    <FormPage surface={surface}>
      <section class={`track form-${surface}`} aria-labelledby="h-track">
        <h2 id="h-track">{ti('trackHeading')}</h2>
        {code && isValidTrackingCode(code) && (
          <p class="receipt-code" data-testid="track-code">
            {formatTrackingCode(code)}
          </p>
        )}
        {state.kind === 'loading' && <p class="muted">{ti('trackLoading')}</p>}
        {state.kind === 'problem' && (
          <p class="banner warn" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === 'ok' && (
          <>
            <p class="muted">{ti('trackKind', { kind: ti(`kind_${state.track.kind}`) })}</p>
            {state.track.caseNumber && <p class="muted">{ti('trackCaseNumber', { number: state.track.caseNumber })}</p>}
            <p class="track-status" role="status">
              {ti(`status_${state.track.status}`)}
            </p>
            <Progress track={state.track} />
            {state.track.answer && (
              <section class="track-answer" aria-labelledby="h-answer">
                <h3 id="h-answer">{ti('trackAnswer')}</h3>
                <p class="muted">{formatDateTime(state.track.answer.at)}</p>
                <p class="answer-text">{state.track.answer.text}</p>
              </section>
            )}
            {state.track.publishedItem && <p class="banner ok">{ti('trackPublished')}</p>}
            {state.track.answer && <Rating track={state.track} endpoint={config.intake?.endpoint ?? '/api/intake/'} />}
          </>
        )}
        <form
          class="track-form"
          onSubmit={(e) => {
            e.preventDefault();
            const c = normaliseTrackingCode(typed);
            setTyped('');
            navigate(base + encodeURIComponent(c), true);
          }}
        >
          <label for="track-code" class="field-label">
            {ti('trackCodeLabel')}
          </label>
          <div class="track-input">
            <input
              id="track-code"
              class="field-input"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              value={typed}
              onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" class="primary">
              {ti('trackLookup')}
            </button>
          </div>
        </form>
        <p class="muted">{ti('trackPrivacy')}</p>
      </section>
    </FormPage>
  );
}
