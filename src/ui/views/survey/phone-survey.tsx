/**
 * /m/survey/ID: a questionnaire on a citizen's phone, reached from a QR code
 * on a board or kiosk. Fetches just this item and verifies it like every
 * other; answers carried over from a kiosk come in the URL fragment, are
 * read once and removed from the address bar.
 */

import { useEffect, useState } from 'preact/hooks';
import { chinaDate } from '../../../contract/china-time.ts';
import type { QuestionnaireItem } from '../../../contract/feed.ts';
import { decodeHandoff, type Handoff } from '../../../contract/questionnaire/handoff.ts';
import { isCurrent } from '../../../contract/validity.ts';
import { fetchSignedChange } from '../../../device/sync/signed-change.ts';
import { useApp } from '../../shell/sync-hooks.ts';
import { PhoneFrame } from '../phone/phone-frame.tsx';
import { formatDate } from '../shared/format.ts';
import { st } from './messages.ts';
import { SurveyRunner } from './runner.tsx';
import './survey.css';

const FAILURE = { offline: 'phoneOffline', missing: 'notFound', unverified: 'phoneVerifyFailed' } as const;

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; item: QuestionnaireItem; handoff?: Handoff | undefined; unreadable: boolean }
  | { kind: 'closed'; item: QuestionnaireItem }
  | { kind: 'error'; message: string };

export default function PhoneSurvey({ id }: { id: string }) {
  const { config } = useApp();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    // Read the carried-over answers once, then take them out of the address bar and history.
    const fragment = location.hash;
    if (fragment) history.replaceState(history.state, '', location.pathname + location.search);
    void (async () => {
      const handoff = fragment ? await decodeHandoff(fragment) : undefined;
      const got = await fetchSignedChange(config, id);
      if (!got.ok) return setState({ kind: 'error', message: st(FAILURE[got.reason]) });
      const c = got.change;
      if (c.op !== 'upsert' || c.item.kind !== 'questionnaire') return setState({ kind: 'error', message: st('notFound') });
      if (!isCurrent(c.item, chinaDate())) return setState({ kind: 'closed', item: c.item });
      setState({ kind: 'ready', item: c.item, handoff, unreadable: !!fragment && !handoff });
    })();
  }, [id, config]);

  return (
    <PhoneFrame
      {...(state.kind === 'loading' ? { loading: st('phoneLoading') } : {})}
      {...(state.kind === 'error' ? { error: state.message } : {})}
    >
      {state.kind === 'closed' && (
        <p class="banner warn" role="status">
          {st('notOpen', { from: formatDate(state.item.questionnaire.opensOn), to: formatDate(state.item.questionnaire.closesOn) })}
        </p>
      )}
      {state.kind === 'ready' && (
        <SurveyRunner
          item={state.item}
          source="phone"
          initial={state.handoff}
          note={state.handoff ? st('resumed') : state.unreadable ? st('handoffUnreadable') : undefined}
        />
      )}
    </PhoneFrame>
  );
}
