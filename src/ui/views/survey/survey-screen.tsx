/**
 * /k/survey/ID: a questionnaire on the kiosk, from the item stored on the
 * device (it works offline). Left alone, the kiosk's one idle watch
 * (src/ui/shell/idle.ts) warns, then resets the session: the runner wipes the
 * answers and the kiosk goes to its attract screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { QuestionnaireItem } from '../../../contract/feed.ts';
import { useItem } from '../../shell/content-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { ReadAloud } from '../kiosk/read-aloud.tsx';
import { formatDate } from '../shared/format.ts';
import { QrCode } from '../shared/qr-code.tsx';
import { st } from './messages.ts';
import { SurveyRunner } from './runner.tsx';
import './survey.css';

export default function SurveyScreen({ id }: { id: string }) {
  const view = useItem(id);
  // The questionnaire as it was when the citizen started: a new revision arriving mid-way must not wipe the answers.
  const [item, setItem] = useState<QuestionnaireItem>();

  useEffect(() => {
    if (!item && view && view.item.kind === 'questionnaire' && view.current && !view.withdrawn) setItem(view.item);
  }, [view, item]);

  if (item) return <SurveyRunner item={item} source="kiosk" onExit={() => navigate('/')} Qr={QrCode} Reader={ReadAloud} />;
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
