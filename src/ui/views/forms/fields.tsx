/**
 * Form fields for people of every age at arm's length: big labels, the rule
 * under the label, the problem under the field in plain words. Every control
 * is named by its visible label; nothing is remembered by the browser
 * (autocomplete off: a public screen must not offer the last person's name).
 */
import type { ComponentChildren } from 'preact';
import { ti } from '../../i18n/intake.ts';

interface FieldProps {
  id: string;
  label: string;
  need: boolean;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}

export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function Field({ id, label, need, hint, error, children }: FieldProps) {
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id} class="field-label">
        {label} <span class={need ? 'need' : 'need optional'}>{need ? ti('required') : ti('optional')}</span>
      </label>
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          ⚠ {error}
        </p>
      )}
    </div>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  need: boolean;
  value: string;
  onInput: (v: string) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
  inputMode?: 'text' | 'tel';
  max?: number;
}) {
  return (
    <Field id={props.id} label={props.label} need={props.need} hint={props.hint} error={props.error}>
      <input
        id={props.id}
        name={props.id}
        class="field-input"
        type="text"
        inputMode={props.inputMode ?? 'text'}
        autocomplete="off"
        spellcheck={false}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </Field>
  );
}

export function TextArea(props: {
  id: string;
  label: string;
  need: boolean;
  value: string;
  onInput: (v: string) => void;
  max: number;
  hint?: string;
  error?: string;
  rows?: number;
}) {
  const n = props.value.trim().length;
  return (
    <Field id={props.id} label={props.label} need={props.need} hint={props.hint} error={props.error}>
      <textarea
        id={props.id}
        name={props.id}
        class="field-input"
        rows={props.rows ?? 6}
        autocomplete="off"
        spellcheck={false}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class={`char-count${n > props.max ? ' over' : ''}`} aria-hidden="true">
        {ti('charCount', { n, max: props.max })}
      </p>
    </Field>
  );
}

export function Choices<T extends string>(props: {
  id: string;
  legend: string;
  need: boolean;
  options: readonly { value: T; label: string; detail?: string }[];
  value: T | undefined;
  onChange: (v: T) => void;
  hint?: string;
  error?: string;
}) {
  return (
    <fieldset class={`field choices${props.error ? ' invalid' : ''}`} aria-describedby={describedBy(props.id, props.hint, props.error)}>
      <legend class="field-label">
        {props.legend} <span class={props.need ? 'need' : 'need optional'}>{props.need ? ti('required') : ti('optional')}</span>
      </legend>
      {props.hint && (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <div class="choice-list">
        {props.options.map((o) => (
          <label key={o.value} class={`choice${props.value === o.value ? ' chosen' : ''}`}>
            <input
              type="radio"
              name={props.id}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
            />
            <span class="choice-text">
              <span class="choice-label">{o.label}</span>
              {o.detail && <span class="choice-detail">{o.detail}</span>}
            </span>
          </label>
        ))}
      </div>
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          ⚠ {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function Check(props: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  return (
    <div class="field">
      <label class={`choice check${props.checked ? ' chosen' : ''}`}>
        <input
          id={props.id}
          type="checkbox"
          checked={props.checked}
          aria-describedby={props.hint ? `${props.id}-hint` : undefined}
          onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
        />
        <span class="choice-label">{props.label}</span>
      </label>
      {props.hint && (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function DepartmentSelect(props: {
  id: string;
  label: string;
  need: boolean;
  departments: readonly string[];
  value: string;
  onChange: (v: string) => void;
  unknownValue: string;
  error?: string;
}) {
  return (
    <Field id={props.id} label={props.label} need={props.need} error={props.error}>
      <select
        id={props.id}
        name={props.id}
        class="field-input"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, undefined, props.error)}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{ti('departmentPick')}</option>
        {props.departments.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
        <option value={props.unknownValue}>{ti('departmentUnknown')}</option>
      </select>
    </Field>
  );
}
