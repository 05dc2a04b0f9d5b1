/** 投诉 (《政务公开投诉制度》第三、四条), on the kiosk (/k/complaint) and the phone (/m/complaint). */
import { COMPLAINT_CATEGORIES, FIELD_LIMITS, UNKNOWN_DEPARTMENT } from '../../../contract/submission-content.ts';
import { getLocale } from '../../i18n/index.ts';
import { ti } from '../../i18n/intake.ts';
import { useDepartments } from '../../shell/feed-hooks.ts';
import { type ComplaintDraft, emptyComplaint } from './drafts.ts';
import { Check, Choices, DepartmentSelect, TextArea, TextField } from './fields.tsx';
import { FormFlow } from './form-flow.tsx';
import { FormPage, HandoffProblem, useHandedDraft } from './form-page.tsx';
import type { Surface } from './sources.ts';
import { complaintContent, identityOf, withIdentity } from './validate.ts';

const categoryLabel = (id: string) => {
  const c = COMPLAINT_CATEGORIES.find((x) => x.id === id);
  return c ? (getLocale() === 'en' ? c.en : `${c.zh}(${c.article})`) : '';
};

export default function ComplaintScreen({ surface }: { surface: Surface }) {
  const handed = useHandedDraft<ComplaintDraft>('complaint');
  const departments = useDepartments(surface);
  if (handed.kind === 'loading' || departments === undefined) return <div class="loading" />;
  const en = getLocale() === 'en';
  return (
    <FormPage surface={surface}>
      {handed.kind === 'bad' && <HandoffProblem />}
      <FormFlow<ComplaintDraft>
        surface={surface}
        title={ti('complaintTitle')}
        intro={ti('complaintIntro')}
        initial={handed.kind === 'ok' ? handed.draft : emptyComplaint()}
        blank={emptyComplaint}
        fromHandoff={handed.kind === 'ok'}
        handoffPath="/m/complaint"
        fields={(d, set, e) => (
          <>
            <Choices
              id="category"
              legend={ti('category')}
              need
              hint={ti('categoryHint')}
              options={COMPLAINT_CATEGORIES.map((c) => ({ value: c.id, label: en ? c.en : c.zh, ...(en ? {} : { detail: c.detail }) }))}
              value={d.category || undefined}
              onChange={(category) => set({ category })}
              error={e.category}
            />
            <DepartmentSelect
              id="department"
              label={ti('department')}
              need
              departments={departments}
              unknownValue={UNKNOWN_DEPARTMENT}
              value={d.department}
              onChange={(department) => set({ department })}
              error={e.department}
            />
            <TextArea
              id="what"
              label={ti('what')}
              need
              hint={ti('whatHint', { min: FIELD_LIMITS.text.min, max: FIELD_LIMITS.text.max })}
              max={FIELD_LIMITS.text.max}
              value={d.what}
              onInput={(what) => set({ what })}
              error={e.what}
            />
            <div class="field-row">
              <TextField
                id="when"
                label={ti('when')}
                need={false}
                placeholder={ti('whenPlaceholder')}
                value={d.when}
                onInput={(when) => set({ when })}
                error={e.when}
              />
              <TextField
                id="where"
                label={ti('where')}
                need={false}
                placeholder={ti('wherePlaceholder')}
                value={d.where}
                onInput={(where) => set({ where })}
                error={e.where}
              />
            </div>
            <Check
              id="major"
              label={ti('major')}
              hint={ti('majorHint')}
              checked={d.major}
              onChange={(major) => set({ major, ...(major ? { named: true } : {}) })}
            />
            <Choices
              id="named"
              legend={ti('naming')}
              need
              options={[
                { value: 'named', label: ti('named') },
                { value: 'anonymous', label: ti('anonymous'), detail: ti('anonymousHint') },
              ]}
              value={d.named === undefined ? undefined : d.named ? 'named' : 'anonymous'}
              onChange={(v) => set({ named: v === 'named' })}
              error={e.named}
            />
            {d.named && (
              <div class="field-row">
                <TextField id="name" label={ti('name')} need value={d.name} onInput={(name) => set({ name })} error={e.name} />
                <TextField
                  id="phone"
                  label={ti('phone')}
                  need={d.major}
                  hint={ti('phoneHint')}
                  inputMode="tel"
                  value={d.phone}
                  onInput={(phone) => set({ phone })}
                  error={e.phone}
                />
              </div>
            )}
          </>
        )}
        summary={(d) => [
          [ti('category'), categoryLabel(d.category)],
          [ti('department'), d.department === UNKNOWN_DEPARTMENT ? ti('departmentUnknown') : d.department],
          [ti('what'), d.what.trim()],
          [ti('when'), d.when.trim() || ti('notFilled')],
          [ti('where'), d.where.trim() || ti('notFilled')],
          [ti('major'), d.major ? ti('yes') : ti('no')],
          [ti('name'), d.named ? d.name.trim() : ti('anonymousShown')],
          ...(d.named ? ([[ti('phone'), d.phone.trim() || ti('notFilled')]] as [string, string][]) : []),
        ]}
        build={(d) => ({ kind: 'complaint', content: complaintContent(d), ...withIdentity(identityOf(d)), source: surface })}
      />
    </FormPage>
  );
}
