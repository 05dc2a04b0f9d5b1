/**
 * 听证意见 on a hearing item (《政务公开听证制度》第九条), taken until the
 * hearing starts; and 征求意见 on a 决策类 notice (《政务公开告示制度》第七条),
 * taken through its 告示期. /k/opinion/ID and /m/opinion/ID, from the item's page.
 */
import { chinaDate } from '../../../contract/china-time.ts';
import { FIELD_LIMITS } from '../../../contract/submission-content.ts';
import { ti } from '../../i18n/intake.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { emptyOpinion, type OpinionDraft } from './drafts.ts';
import { TextArea, TextField } from './fields.tsx';
import { FormFlow } from './form-flow.tsx';
import { FormPage, HandoffProblem, useHandedDraft } from './form-page.tsx';
import { type Surface, useHearing } from './sources.ts';
import { identityOf, noticeOpinionContent, opinionContent, withIdentity } from './validate.ts';

export default function OpinionScreen({ id, surface }: { id: string; surface: Surface }) {
  const handed = useHandedDraft<OpinionDraft>('hearing-opinion');
  const hearing = useHearing(id, surface);
  if (handed.kind === 'loading' || hearing.kind === 'loading') return <div class="loading" />;
  if (hearing.kind === 'missing')
    return (
      <FormPage surface={surface}>
        <p class="empty">{ti('hearingMissing')}</p>
      </FormPage>
    );
  const item = hearing.item;
  const today = chinaDate();
  const target =
    item.kind === 'hearing'
      ? {
          title: ti('opinionTitle'),
          intro: `${ti('opinionFor', { title: item.title })} ${ti('opinionWhen', { time: formatDateTime(item.hearing.startsAt) })} ${ti('opinionIntro')}`,
          closed:
            Date.now() >= Date.parse(item.hearing.startsAt)
              ? ti('opinionClosed', { time: formatDateTime(item.hearing.startsAt) })
              : undefined,
          label: ti('opinionFor', { title: '' }),
        }
      : {
          title: ti('noticeOpinionTitle'),
          intro: `${ti('noticeOpinionFor', { title: item.title })} ${ti('noticeOpinionWhen', { date: formatDate(item.notice.periodEnd) })} ${ti('noticeOpinionIntro')}`,
          // 告示制度 第七条: opinions through the period, China dates.
          closed:
            today > item.notice.periodEnd || today < item.notice.periodStart
              ? ti('noticeOpinionClosed', { date: formatDate(item.notice.periodEnd) })
              : undefined,
          label: ti('noticeOpinionFor', { title: '' }),
        };
  const closed = target.closed;
  const initial = handed.kind === 'ok' && handed.draft.hearingId === id ? handed.draft : emptyOpinion(id);
  return (
    <FormPage surface={surface}>
      {handed.kind === 'bad' && <HandoffProblem />}
      <FormFlow<OpinionDraft>
        surface={surface}
        title={target.title}
        intro={target.intro}
        initial={initial}
        blank={() => emptyOpinion(id)}
        fromHandoff={handed.kind === 'ok'}
        handoffPath={`/m/opinion/${id}`}
        {...(closed ? { closed } : {})}
        fields={(d, set, e) => (
          <>
            <TextArea
              id="opinion"
              label={ti('opinion')}
              need
              hint={ti('opinionHint', { min: FIELD_LIMITS.text.min, max: FIELD_LIMITS.text.max })}
              max={FIELD_LIMITS.text.max}
              value={d.opinion}
              onInput={(opinion) => set({ opinion })}
              error={e.opinion}
            />
            <p class="field-hint">{ti('opinionContact')}</p>
            <div class="field-row">
              <TextField id="name" label={ti('name')} need={false} value={d.name} onInput={(name) => set({ name })} error={e.name} />
              <TextField
                id="phone"
                label={ti('phone')}
                need={false}
                hint={ti('phoneHint')}
                inputMode="tel"
                value={d.phone}
                onInput={(phone) => set({ phone })}
                error={e.phone}
              />
            </div>
          </>
        )}
        summary={(d) => [
          [target.label.replace(/[::]\s*$/, ''), item.title],
          [ti('opinion'), d.opinion.trim()],
          [ti('name'), d.name.trim() || ti('anonymousShown')],
          [ti('phone'), d.phone.trim() || ti('notFilled')],
        ]}
        build={(d) =>
          item.kind === 'hearing'
            ? {
                kind: 'hearing-opinion',
                subject: id,
                content: opinionContent(d, { id, title: item.title, startsAt: item.hearing.startsAt }),
                ...withIdentity(identityOf(d)),
                source: surface,
              }
            : {
                kind: 'notice-opinion',
                subject: id,
                content: noticeOpinionContent(d, { id, title: item.title, periodEnd: item.notice.periodEnd }),
                ...withIdentity(identityOf(d)),
                source: surface,
              }
        }
      />
    </FormPage>
  );
}
