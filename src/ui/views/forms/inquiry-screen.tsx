/** 咨询 (《政务公开制度》七): answered in writing, the result published. /k/inquiry and /m/inquiry. */
import { FIELD_LIMITS, UNKNOWN_DEPARTMENT } from '../../../contract/submission-content.ts';
import { ti } from '../../i18n/intake.ts';
import { useDepartments } from '../../shell/feed-hooks.ts';
import { emptyInquiry, type InquiryDraft } from './drafts.ts';
import { Check, DepartmentSelect, TextArea, TextField } from './fields.tsx';
import { FormFlow } from './form-flow.tsx';
import { FormPage, HandoffProblem, useHandedDraft } from './form-page.tsx';
import type { Surface } from './sources.ts';
import { identityOf, inquiryContent, withIdentity } from './validate.ts';

export default function InquiryScreen({ surface }: { surface: Surface }) {
  const handed = useHandedDraft<InquiryDraft>('inquiry');
  const departments = useDepartments(surface);
  if (handed.kind === 'loading' || departments === undefined) return <div class="loading" />;
  return (
    <FormPage surface={surface}>
      {handed.kind === 'bad' && <HandoffProblem />}
      <FormFlow<InquiryDraft>
        surface={surface}
        title={ti('inquiryTitle')}
        intro={ti('inquiryIntro')}
        initial={handed.kind === 'ok' ? handed.draft : emptyInquiry()}
        blank={emptyInquiry}
        fromHandoff={handed.kind === 'ok'}
        handoffPath="/m/inquiry"
        fields={(d, set, e) => (
          <>
            <TextArea
              id="question"
              label={ti('question')}
              need
              hint={ti('questionHint', { min: FIELD_LIMITS.text.min, max: FIELD_LIMITS.text.max })}
              max={FIELD_LIMITS.text.max}
              value={d.question}
              onInput={(question) => set({ question })}
              error={e.question}
            />
            <DepartmentSelect
              id="department"
              label={ti('departmentInquiry')}
              need={false}
              departments={departments}
              unknownValue={UNKNOWN_DEPARTMENT}
              value={d.department}
              onChange={(department) => set({ department })}
              error={e.department}
            />
            <Check
              id="wantsReply"
              label={ti('wantsReply')}
              hint={ti('wantsReplyHint')}
              checked={d.wantsReply}
              onChange={(wantsReply) => set({ wantsReply })}
            />
            {d.wantsReply && (
              <div class="field-row">
                <TextField id="name" label={ti('name')} need value={d.name} onInput={(name) => set({ name })} error={e.name} />
                <TextField
                  id="phone"
                  label={ti('phone')}
                  need
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
          [ti('question'), d.question.trim()],
          [ti('departmentInquiry'), d.department === UNKNOWN_DEPARTMENT ? ti('departmentUnknown') : d.department || ti('notFilled')],
          [ti('wantsReply'), d.wantsReply ? ti('yes') : ti('no')],
          ...(d.wantsReply
            ? ([
                [ti('name'), d.name.trim()],
                [ti('phone'), d.phone.trim()],
              ] as [string, string][])
            : []),
        ]}
        build={(d) => ({ kind: 'inquiry', content: inquiryContent(d), ...withIdentity(identityOf(d)), source: surface })}
      />
    </FormPage>
  );
}
