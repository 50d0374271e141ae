// The capture caps, editable: bytes kept per connection and in memory in total (MiB), and how many
// connections history keeps. Fields show the engine's current values until edited; only the
// edited fields are sent. Problems are announced next to their field, success in a status line.
import { useId, useState, type FormEvent, type Ref } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import { formatBytes } from '../../../../shared/format-bytes';
import { selectLimits, selectStats } from '../../store/selectors';
import { useStore } from '../../store/store';
import { ErrorAlert } from '../../components/error-alert';
import {
  limitsPatch,
  limitText,
  type LimitDrafts,
  type LimitErrors,
  type LimitField,
} from './limit-values';

const FIELDS: readonly {
  readonly field: LimitField;
  readonly label: string;
  readonly inputMode: 'decimal' | 'numeric';
}[] = [
  { field: 'perConnectionBytes', label: 'Per-connection limit (MiB)', inputMode: 'decimal' },
  { field: 'totalBytes', label: 'Total limit (MiB)', inputMode: 'decimal' },
  { field: 'maxConnections', label: 'History (connections)', inputMode: 'numeric' },
];

interface FieldProps {
  readonly label: string;
  readonly inputMode: 'decimal' | 'numeric';
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly inputRef?: Ref<HTMLInputElement>;
}

function LimitInput({ label, inputMode, value, error, onChange, inputRef }: FieldProps) {
  const id = useId();
  const errorId = useId();
  return (
    <div className="limits-field">
      <label className="limits-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="input mono"
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="limits-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function LimitsForm({ firstFieldRef }: { readonly firstFieldRef: Ref<HTMLInputElement> }) {
  const current = useStore(selectLimits);
  const inMemory = useStore((s) => selectStats(s)?.bytesInMemory ?? null);
  const onDiskOnly = useStore((s) => {
    const stats = selectStats(s);
    return stats === null ? 0 : stats.bytesCaptured - stats.bytesInMemory;
  });
  const overhead = useStore((s) => selectStats(s)?.overheadBytes ?? 0);
  const applyLimits = useStore((s) => s.applyLimits);
  const [drafts, setDrafts] = useState<LimitDrafts>({});
  const [errors, setErrors] = useState<LimitErrors>({});
  const [engineError, setEngineError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const helpId = useId();

  const onChange = (field: LimitField, value: string) => {
    setDrafts((d) => ({ ...d, [field]: value }));
    setErrors(({ [field]: _fixed, ...rest }) => rest);
    setEngineError(null);
    setDone('');
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setDone('');
    setEngineError(null);
    const checked = limitsPatch(drafts, current);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (Object.keys(checked.patch).length === 0) {
      setDrafts({});
      setDone('Nothing to change: these are the current limits.');
      return;
    }
    setBusy(true);
    const result = await applyLimits(checked.patch);
    setBusy(false);
    if (!result.ok) {
      setEngineError(result.error);
      return;
    }
    setDrafts({});
    setDone('Limits applied.');
  };

  return (
    <form
      className="limits-form"
      aria-label="Capture limits"
      aria-describedby={helpId}
      onSubmit={onSubmit}
      noValidate
    >
      <p id={helpId} className="limits-help">
        Bytes past a limit are counted but not kept. With captures on disk, the total limit bounds
        memory only: older bytes are read back from the capture file. A smaller history forgets the
        oldest closed connections at once.
      </p>
      {FIELDS.map(({ field, label, inputMode }, i) => (
        <LimitInput
          key={field}
          label={label}
          inputMode={inputMode}
          value={limitText(field, drafts, current)}
          error={errors[field]}
          onChange={(value) => onChange(field, value)}
          inputRef={i === 0 ? firstFieldRef : undefined}
        />
      ))}
      {inMemory !== null && current ? (
        <p className="limits-usage muted">
          In memory now: {formatBytes(inMemory)} of payload + {formatBytes(overhead)} of
          bookkeeping, of {formatBytes(current.totalBytes)}
          {onDiskOnly > 0 ? `; ${formatBytes(onDiskOnly)} more read from disk when shown` : ''}
        </p>
      ) : null}
      <div className="limits-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          Apply limits
        </button>
        <p className="limits-done" role="status">
          {done}
        </p>
      </div>
      {engineError ? <ErrorAlert error={engineError} /> : null}
    </form>
  );
}
