// A payload typed as text with escapes or as hex, with its format toggle and, as the user
// types, the byte count or the first parse error. Used by the behaviour forms and talk-back.
import './payload-field.css';
import { useDeferredValue, useId, type KeyboardEvent, type Ref } from 'react';
import type { PayloadDraft } from './payload-draft';
import { FormatToggle } from './format-toggle';
import { convertPayload } from './payload-convert';
import { payloadStatus } from './payload-status';

interface Props {
  readonly label: string;
  readonly value: PayloadDraft;
  readonly onChange: (next: PayloadDraft) => void;
  /** A problem found on submit; replaces the live status until the field is edited. */
  readonly error?: string | undefined;
  /** Empty means "send nothing" rather than "send zero bytes". */
  readonly optional?: boolean;
  readonly rows?: number;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  readonly textareaRef?: Ref<HTMLTextAreaElement>;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  readonly className?: string;
}

export function PayloadField({
  label,
  value,
  onChange,
  error,
  optional = false,
  rows = 2,
  placeholder,
  disabled,
  textareaRef,
  onKeyDown,
  className = '',
}: Props) {
  const id = useId();
  const statusId = useId();
  // Parsing a pasted megabyte on every keystroke must not make typing lag.
  const deferred = useDeferredValue(value);
  const status = payloadStatus(deferred);
  const empty = deferred.value === '';
  const statusText = optional && empty ? 'Empty: nothing is sent' : status.text;
  const invalid = error !== undefined || !status.ok;
  return (
    <div className={`field payload-field ${className}`}>
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {optional ? <span className="field-optional">optional</span> : null}
      </div>
      <textarea
        id={id}
        ref={textareaRef}
        className="input textarea mono"
        rows={rows}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        placeholder={placeholder}
        disabled={disabled}
        value={value.value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={statusId}
        onChange={(event) => onChange({ format: value.format, value: event.target.value })}
        onKeyDown={onKeyDown}
      />
      <div className="payload-field-foot">
        {error !== undefined ? (
          <p id={statusId} className="field-error" role="alert">
            {error}
          </p>
        ) : (
          <p id={statusId} className={`field-status${status.ok ? '' : ' is-error'}`}>
            {statusText}
          </p>
        )}
        <FormatToggle
          label={`${label} format`}
          name={`${id}-format`}
          value={value.format}
          disabled={disabled}
          onChange={(format) => onChange(convertPayload(value, format))}
        />
      </div>
    </div>
  );
}
