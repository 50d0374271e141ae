// HTTP responder: one response for every request.
import { useId } from 'react';
import type { HttpDraft } from './behaviour-draft';
import { PayloadField } from '../../../components/payload-field/payload-field';
import type { SectionProps } from './section-props';
import { TextField } from './text-field';

export function HttpFields({ draft, errors, onChange }: SectionProps<HttpDraft>) {
  const headersId = useId();
  const headersNoteId = useId();
  const headersError = errors.headers;
  return (
    <>
      <div className="field-row">
        <TextField
          label="Status"
          className="field-narrow"
          inputMode="numeric"
          value={draft.status}
          error={errors.status}
          onChange={(status) => onChange({ ...draft, status }, 'status')}
        />
        <TextField
          label="Reason"
          optional
          placeholder="standard phrase"
          value={draft.reason}
          error={errors.reason}
          onChange={(reason) => onChange({ ...draft, reason }, 'reason')}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={headersId}>
          Headers
        </label>
        <textarea
          id={headersId}
          className="input textarea mono"
          rows={3}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder="Name: value (one per line)"
          value={draft.headers}
          aria-invalid={headersError !== undefined ? true : undefined}
          aria-describedby={headersNoteId}
          onChange={(event) => onChange({ ...draft, headers: event.target.value }, 'headers')}
        />
        {headersError !== undefined ? (
          <p id={headersNoteId} className="field-error" role="alert">
            {headersError}
          </p>
        ) : (
          <p id={headersNoteId} className="field-hint">
            One <span className="mono">Name: value</span> per line.
          </p>
        )}
      </div>
      <PayloadField
        label="Body"
        rows={3}
        value={draft.body}
        error={errors.body}
        onChange={(body) => onChange({ ...draft, body }, 'body')}
      />
    </>
  );
}
