// Answer like a recording: which connection, when each answer goes, and what to do where a
// client differs. The selected connection is one click away, since that is usually the one.
import type { MockDraft } from './behaviour-draft';
import type { SectionProps } from './section-props';
import { TextField } from './text-field';
import { useStore } from '../../../store/store';
import { selectSelectedId } from '../../../store/selectors';

export function MockFields({ draft, errors, protocol, onChange }: SectionProps<MockDraft>) {
  const selected = useStore(selectSelectedId);
  const udp = protocol === 'udp';
  const useSelected =
    selected !== null && draft.connectionId !== String(selected) ? (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange({ ...draft, connectionId: String(selected) }, 'connectionId')}
      >
        Use #{selected} (selected)
      </button>
    ) : (
      'The connection whose server side answers every new client.'
    );
  return (
    <>
      <TextField
        label="Recorded connection #"
        className="field-half"
        inputMode="numeric"
        value={draft.connectionId}
        error={errors.connectionId}
        placeholder="e.g. 12"
        hint={useSelected}
        onChange={(connectionId) => onChange({ ...draft, connectionId }, 'connectionId')}
      />
      {udp ? null : (
        <label className="field">
          <span className="field-label">Answers</span>
          <select
            className="select"
            value={draft.timing}
            onChange={(event) =>
              onChange({ ...draft, timing: event.target.value as MockDraft['timing'] }, 'kind')
            }
          >
            <option value="turns">After the client's bytes of each turn</option>
            <option value="schedule">At the recorded times</option>
          </select>
        </label>
      )}
      <label className="field">
        <span className="field-label">Where a client differs</span>
        <select
          className="select"
          value={draft.onDivergence}
          onChange={(event) =>
            onChange(
              { ...draft, onDivergence: event.target.value as MockDraft['onDivergence'] },
              'kind',
            )
          }
        >
          <option value="continue">Mark it and carry on</option>
          <option value="reset">{udp ? 'Mark it and stop answering' : 'Mark it and reset'}</option>
        </select>
      </label>
    </>
  );
}
