// The behaviour choice and, below it, the fields of the chosen kind and the faults. Controlled:
// the draft lives in the form that owns it (open-port form or a port's behaviour editor).
import './behaviour.css';
import { useId } from 'react';
import type { BehaviourKind } from '../../../../../shared/behaviours';
import type { Protocol } from '../../../../../shared/model';
import { KIND_LABEL } from '../../../lib/behaviour-labels';
import type { BehaviourDraft, DraftErrors, DraftField } from './behaviour-draft';
import { FaultsFieldset } from './faults-fieldset';
import { HttpFields } from './http-fields';
import { MockFields } from './mock-fields';
import { RelayFields } from './relay-fields';
import { ReplyFields } from './reply-fields';

const KINDS: readonly BehaviourKind[] = ['capture', 'echo', 'reply', 'http', 'relay', 'mock'];

function kindHelp(kind: BehaviourKind, protocol: Protocol): string {
  const udp = protocol === 'udp';
  switch (kind) {
    case 'capture':
      return 'Record what arrives; send nothing back.';
    case 'echo':
      return udp ? 'Send each datagram back to its sender.' : 'Send back every byte that arrives.';
    case 'reply':
      return udp
        ? 'Answer each datagram with a fixed payload.'
        : 'Send a fixed payload on connect and/or for each chunk received.';
    case 'http':
      return 'Answer every HTTP/1.x request with this response.';
    case 'relay':
      return udp
        ? 'Forward each datagram to a service and record both directions.'
        : 'Forward each connection to a service and record both directions.';
    case 'mock':
      return udp
        ? 'Answer each datagram with what a recorded conversation answered.'
        : 'Play the server side of a recorded connection to every client, turn by turn.';
  }
}

interface Props {
  readonly draft: BehaviourDraft;
  readonly errors: DraftErrors;
  readonly protocol: Protocol;
  readonly onChange: (next: BehaviourDraft, field: DraftField) => void;
  /** The open-port form keeps plain capture compact; a port's editor always offers faults. */
  readonly faultsWithCapture: boolean;
  /**
   * The kind field's label. A port's editor names its port, so that with the open-port form
   * also showing there are never two fields both called just "Behaviour".
   */
  readonly kindLabel?: string;
}

export function BehaviourFields({
  draft,
  errors,
  protocol,
  onChange,
  faultsWithCapture,
  kindLabel = 'Behaviour',
}: Props) {
  const selectId = useId();
  const noteId = useId();
  const udp = protocol === 'udp';
  // Switching a form to UDP with "HTTP responder" chosen: say so at once, not on submit.
  const kindError =
    errors.kind ??
    (udp && draft.kind === 'http' ? 'The HTTP responder needs a TCP port.' : undefined);
  const showFaults = faultsWithCapture || draft.kind !== 'capture';
  return (
    <div className="behaviour-fields">
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          {kindLabel}
        </label>
        <select
          id={selectId}
          className="select"
          value={draft.kind}
          aria-invalid={kindError !== undefined ? true : undefined}
          aria-describedby={noteId}
          onChange={(event) =>
            onChange({ ...draft, kind: event.target.value as BehaviourKind }, 'kind')
          }
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind} disabled={udp && kind === 'http'}>
              {KIND_LABEL[kind]}
              {udp && kind === 'http' ? ' (TCP only)' : ''}
            </option>
          ))}
        </select>
        {kindError !== undefined ? (
          <p id={noteId} className="field-error" role="alert">
            {kindError}
          </p>
        ) : (
          <p id={noteId} className="field-hint">
            {kindHelp(draft.kind, protocol)}
          </p>
        )}
      </div>
      {draft.kind === 'reply' ? (
        <ReplyFields
          draft={draft.reply}
          errors={errors}
          protocol={protocol}
          onChange={(reply, field) => onChange({ ...draft, reply }, field)}
        />
      ) : null}
      {draft.kind === 'http' && !udp ? (
        <HttpFields
          draft={draft.http}
          errors={errors}
          protocol={protocol}
          onChange={(http, field) => onChange({ ...draft, http }, field)}
        />
      ) : null}
      {draft.kind === 'relay' ? (
        <RelayFields
          draft={draft.relay}
          errors={errors}
          protocol={protocol}
          onChange={(relay, field) => onChange({ ...draft, relay }, field)}
        />
      ) : null}
      {draft.kind === 'mock' ? (
        <MockFields
          draft={draft.mock}
          errors={errors}
          protocol={protocol}
          onChange={(mock, field) => onChange({ ...draft, mock }, field)}
        />
      ) : null}
      {showFaults ? (
        <FaultsFieldset
          draft={draft.faults}
          errors={errors}
          protocol={protocol}
          onChange={(faults, field) => onChange({ ...draft, faults }, field)}
        />
      ) : null}
    </div>
  );
}
