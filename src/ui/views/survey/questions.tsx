/**
 * One question of each type, with big touch targets. Native radio buttons and
 * checkboxes under large labels: screen readers and tests find them by their
 * visible text, and a 75-year-old can hit them.
 */
import { useRef } from 'preact/hooks';
import type { Problem } from '../../../contract/questionnaire/answers.ts';
import { type ChoiceValue, choiceOf, FORM_LIMITS, type Question, ratingRange } from '../../../contract/questionnaire/form.ts';
import type { ReaderComponent } from '../shared/lazy-parts.ts';
import { problemText, st } from './messages.ts';

interface Props {
  q: Question;
  value: unknown;
  problem?: Problem | undefined;
  onChange: (value: unknown) => void;
}

const same = (a: unknown, b: ChoiceValue) => a === b || String(a) === String(b);

function Choices({ q, value, onChange, multiple }: Props & { multiple: boolean }) {
  const choices = q.type === 'radiogroup' || q.type === 'checkbox' ? q.choices.map(choiceOf) : [];
  const picked = multiple ? (Array.isArray(value) ? value : []) : [];
  // Many short choices (e.g. the 14 townships) fit four to a row; long ones need the width.
  const cls = `choices${choices.length > 6 && choices.every((c) => c.text.length <= 6) ? ' many' : ''}`;
  const options = choices.map((c) => {
    const checked = multiple ? picked.some((x) => same(x, c.value)) : value !== undefined && same(value, c.value);
    return (
      <label key={String(c.value)} class={`choice${checked ? ' checked' : ''}`}>
        <input
          type={multiple ? 'checkbox' : 'radio'}
          name={q.name}
          checked={checked}
          onChange={() => {
            if (!multiple) return onChange(c.value);
            onChange(checked ? picked.filter((x) => !same(x, c.value)) : [...picked, c.value]);
          }}
        />
        <span>{c.text}</span>
      </label>
    );
  });
  // Checkboxes are grouped by the question's own fieldset and legend.
  return multiple ? (
    <div class={cls}>{options}</div>
  ) : (
    <div class={cls} role="radiogroup" aria-labelledby={`q-${q.name}-title`}>
      {options}
    </div>
  );
}

function Rating({ q, value, onChange }: Props) {
  if (q.type !== 'rating') return null;
  const { min, max } = ratingRange(q);
  const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return (
    <div class="rating-wrap">
      <div class="rating" role="radiogroup" aria-labelledby={`q-${q.name}-title`}>
        {points.map((n) => (
          <label key={n} class={`rate${value === n ? ' checked' : ''}`}>
            <input type="radio" name={q.name} checked={value === n} onChange={() => onChange(n)} />
            <span>{st('points', { n })}</span>
          </label>
        ))}
      </div>
      {(q.minRateDescription || q.maxRateDescription) && (
        <div class="rate-ends" aria-hidden="true">
          <span>
            {min} = {q.minRateDescription}
          </span>
          <span>
            {max} = {q.maxRateDescription}
          </span>
        </div>
      )}
      {(q.minRateDescription || q.maxRateDescription) && (
        <p class="visually-hidden">
          {min} = {q.minRateDescription};{max} = {q.maxRateDescription}
        </p>
      )}
    </div>
  );
}

function Matrix({ q, value, onChange, problem }: Props) {
  if (q.type !== 'matrix') return null;
  const cells = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const columns = q.columns.map(choiceOf);
  return (
    <div class="matrix">
      {q.rows.map(choiceOf).map((row) => {
        const key = String(row.value);
        const id = `q-${q.name}-row-${key}`;
        return (
          // After "下一页", the rows still to answer are marked.
          <div key={key} class={`matrix-row${problem?.code === 'allRows' && cells[key] === undefined ? ' missing' : ''}`}>
            <p class="matrix-row-title" id={id}>
              {row.text}
            </p>
            <div class="matrix-cols" role="radiogroup" aria-labelledby={id}>
              {columns.map((c) => {
                const checked = cells[key] !== undefined && same(cells[key], c.value);
                return (
                  <label key={String(c.value)} class={`choice${checked ? ' checked' : ''}`}>
                    <input
                      type="radio"
                      name={`${q.name}.${key}`}
                      checked={checked}
                      onChange={() => onChange({ ...cells, [key]: c.value })}
                    />
                    <span>{c.text}</span>
                  </label>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function TextInput({ q, value, onChange }: Props) {
  if (q.type !== 'text' && q.type !== 'comment') return null;
  const max = q.maxLength ?? (q.type === 'text' ? FORM_LIMITS.textMax : FORM_LIMITS.commentMax);
  const labelled = { 'aria-labelledby': `q-${q.name}-title`, 'aria-describedby': `q-${q.name}-note` };
  if (q.type === 'text' && q.inputType === 'number')
    return (
      <input
        class="text-answer"
        type="text"
        inputMode="decimal"
        {...labelled}
        value={typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''}
        onInput={(e) => {
          const raw = e.currentTarget.value.trim();
          // Kept as typed until it is a number, so "1." can become "1.5".
          onChange(raw === '' ? undefined : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
        }}
      />
    );
  const text = typeof value === 'string' ? value : '';
  const count = [...text.trim()].length;
  return (
    <div class="text-wrap">
      {q.type === 'text' ? (
        <input
          class="text-answer"
          type="text"
          {...labelled}
          value={text}
          placeholder={q.placeholder}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <textarea
          class="text-answer"
          rows={5}
          {...labelled}
          value={text}
          placeholder={q.placeholder}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      <span class={`chars${count > max ? ' over' : ''}`}>{st('chars', { n: count, max })}</span>
    </div>
  );
}

export function QuestionView(props: Props & { Reader?: ReaderComponent | undefined }) {
  const { q, problem, Reader } = props;
  const required = q.isRequired || (q.type === 'matrix' && q.isAllRowRequired);
  const self = useRef<HTMLFieldSetElement>(null);
  return (
    <fieldset ref={self} class={`question${problem ? ' has-problem' : ''}`} id={`q-${q.name}`}>
      <legend class="question-title" id={`q-${q.name}-title`}>
        {q.title}
        <span class={`req${required ? '' : ' opt'}`}>{required ? st('required') : st('optional')}</span>
      </legend>
      {/* 朗读: the question, its note and its choices. */}
      {Reader && <Reader target={self} />}
      <div id={`q-${q.name}-note`}>
        {q.description && <p class="question-desc">{q.description}</p>}
        {q.type === 'checkbox' && q.maxSelectedChoices !== undefined && (
          <p class="question-desc">{st('pickUpTo', { max: q.maxSelectedChoices })}</p>
        )}
      </div>
      {(q.type === 'radiogroup' || q.type === 'checkbox') && <Choices {...props} multiple={q.type === 'checkbox'} />}
      {q.type === 'rating' && <Rating {...props} />}
      {q.type === 'matrix' && <Matrix {...props} />}
      {(q.type === 'text' || q.type === 'comment') && <TextInput {...props} />}
      {problem && (
        <p class="problem" role="alert">
          ⚠ {problemText(problem)}
        </p>
      )}
    </fieldset>
  );
}
