/**
 * What the three form screens share: the phone's frame (the kiosk's comes from
 * the shell), and the draft a kiosk handed over in the URL fragment.
 */
import type { ComponentChildren } from 'preact';
import './forms.css';
import { useEffect, useState } from 'preact/hooks';
import { ti } from '../../i18n/intake.ts';
import { PhoneFrame } from '../phone/phone-frame.tsx';
import type { Draft } from './drafts.ts';
import { decodeDraft } from './handoff.ts';
import type { Surface } from './sources.ts';

export function FormPage({ surface, children }: { surface: Surface; children: ComponentChildren }) {
  return surface === 'kiosk' ? <>{children}</> : <PhoneFrame>{children}</PhoneFrame>;
}

export type Handed<D extends Draft> = { kind: 'loading' } | { kind: 'none' } | { kind: 'bad' } | { kind: 'ok'; draft: D };

/**
 * Reads a draft from the fragment once, then takes the fragment out of the
 * address bar and history, so it is not left behind on the phone either.
 */
export function useHandedDraft<D extends Draft>(kind: D['kind']): Handed<D> {
  const [state, setState] = useState<Handed<D>>(() => (location.hash.length > 1 ? { kind: 'loading' } : { kind: 'none' }));
  useEffect(() => {
    if (location.hash.length <= 1) return;
    const fragment = location.hash;
    history.replaceState(history.state, '', location.pathname + location.search);
    void decodeDraft(fragment).then((d) => setState(d && d.kind === kind ? { kind: 'ok', draft: d as D } : { kind: 'bad' }));
  }, [kind]);
  return state;
}

export function HandoffProblem() {
  return (
    <p class="banner warn" role="alert">
      {ti('handoffBad')}
    </p>
  );
}
