/**
 * /k/survey/ID: a questionnaire on the kiosk, from the item stored on the
 * device (it works offline). Left alone for the configured idle time, the
 * session is reset: the answers are wiped and the kiosk goes home.
 */
import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../../app/router.ts';
import { resetSession } from '../../app/session.ts';
import { useApp, useQuery } from '../../app/sync-hooks.ts';
import type { QuestionnaireItem } from '../../contract/feed.ts';
import { itemById } from '../../store/queries.ts';
import { formatDate } from '../shared/format.ts';
import { QrCode } from '../shared/qr-code.tsx';
import { st } from './messages.ts';
import { SurveyRunner } from './runner.tsx';
import './survey.css';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'scroll'] as const;

export default function SurveyScreen({ id }: { id: string }) {
  const { config } = useApp();
  const view = useQuery(async () => (await itemById(id)) ?? null, [id]);
  // The questionnaire as it was when the citizen started: a new revision arriving mid-way must not wipe the answers.
  const [item, setItem] = useState<QuestionnaireItem>();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        resetSession();
        navigate('/', true);
      }, config.idleSeconds * 1000);
    };
    arm();
    for (const e of ACTIVITY) addEventListener(e, arm, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY) removeEventListener(e, arm, { capture: true });
    };
  }, [config.idleSeconds]);

  useEffect(() => {
    if (!item && view && view.item.kind === 'questionnaire' && view.current && !view.withdrawn) setItem(view.item);
  }, [view, item]);

  if (item) return <SurveyRunner item={item} source="kiosk" onExit={() => navigate('/')} Qr={QrCode} />;
  if (view === undefined) return <div class="loading" />;
  if (view && view.item.kind === 'questionnaire' && !view.withdrawn && !view.current)
    return (
      <p class="banner warn" role="status">
        {st('notOpen', { from: formatDate(view.item.questionnaire.opensOn), to: formatDate(view.item.questionnaire.closesOn) })}
      </p>
    );
  if (view && view.item.kind === 'questionnaire' && view.current) return <div class="loading" />;
  return <p class="empty">{st('notFound')}</p>;
}
