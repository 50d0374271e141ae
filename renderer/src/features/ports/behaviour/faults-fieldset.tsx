// Faults for testing how a client copes: a delay, a throttle, split writes, a reset. Empty
// means off. UDP ports take only the delay; the stream faults are disabled there, with why.
import { CAPTURE, NO_FAULTS, unsupportedOn } from '../../../../../shared/behaviours';
import type { FaultField, FaultsDraft } from './behaviour-draft';
import type { SectionProps } from './section-props';
import { TextField } from './text-field';

const FIELDS: readonly { readonly field: FaultField; readonly label: string }[] = [
  { field: 'delayMs', label: 'Delay (ms)' },
  { field: 'bytesPerSecond', label: 'Throttle (bytes/s)' },
  { field: 'splitBytes', label: 'Split writes into (bytes)' },
  { field: 'resetAfterBytes', label: 'Reset after (bytes)' },
];

/** The shared rule's own words, so the note and the engine's refusal say the same thing. */
const UDP_NOTE =
  unsupportedOn('udp', CAPTURE, { ...NO_FAULTS, splitBytes: 1 }) ??
  'UDP ports support only the delay fault.';

export function FaultsFieldset({ draft, errors, protocol, onChange }: SectionProps<FaultsDraft>) {
  const udp = protocol === 'udp';
  return (
    <fieldset className="faults">
      <legend className="faults-legend">Faults</legend>
      <div className="faults-grid">
        {FIELDS.map(({ field, label }) => (
          <TextField
            key={field}
            label={label}
            inputMode="numeric"
            placeholder="off"
            disabled={udp && field !== 'delayMs'}
            value={draft[field]}
            error={udp && field !== 'delayMs' ? undefined : errors[field]}
            onChange={(value) => onChange({ ...draft, [field]: value }, field)}
          />
        ))}
      </div>
      <p className="field-hint">
        {udp
          ? UDP_NOTE
          : 'Delay, throttle and split apply to what the port sends. Reset counts bytes both ways (0 resets on connect). Empty means off.'}
      </p>
    </fieldset>
  );
}
