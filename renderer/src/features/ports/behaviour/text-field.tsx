// One labelled input of the behaviour forms, with its error (announced) or a hint below it.
import { useId, type ReactNode } from 'react';

interface Props {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly placeholder?: string;
  readonly inputMode?: 'numeric' | 'text';
  readonly disabled?: boolean;
  readonly optional?: boolean;
  readonly className?: string;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  inputMode = 'text',
  disabled,
  optional = false,
  className = '',
}: Props) {
  const id = useId();
  const noteId = useId();
  const note = error ?? hint;
  return (
    <div className={`field ${className}`}>
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {optional ? <span className="field-optional">optional</span> : null}
      </div>
      <input
        id={id}
        className={`input${inputMode === 'numeric' ? ' mono' : ''}`}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        disabled={disabled}
        value={value}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={note !== undefined ? noteId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error !== undefined ? (
        <p id={noteId} className="field-error" role="alert">
          {error}
        </p>
      ) : hint !== undefined ? (
        <p id={noteId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
