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
import { useSignedChange } from '../../shell/feed-hooks.ts';
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
  const got = useSignedChange(id);
  const [carried, setCarried] = useState<{ handoff?: Handoff | undefined; unreadable: boolean }>();
  useEffect(() => {
    // Read the carried-over answers once, then take them out of the address bar and history.
    const fragment = location.hash;
    if (fragment) history.replaceState(history.state, '', location.pathname + location.search);
    void (async () => {
      const handoff = fragment ? await decodeHandoff(fragment) : undefined;
      setCarried({ handoff, unreadable: !!fragment && !handoff });
    })();
  }, [id]);
  const c = got?.ok ? got.change : undefined;
  const state: State =
    !got || !carried
      ? { kind: 'loading' }
      : !got.ok
        ? { kind: 'error', message: st(FAILURE[got.reason]) }
        : c?.op !== 'upsert' || c.item.kind !== 'questionnaire'
          ? { kind: 'error', message: st('notFound') }
          : !isCurrent(c.item, chinaDate())
            ? { kind: 'closed', item: c.item }
            : { kind: 'ready', item: c.item, handoff: carried.handoff, unreadable: carried.unreadable };

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
