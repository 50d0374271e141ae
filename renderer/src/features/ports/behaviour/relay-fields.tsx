// Relay: where to forward each connection (or datagram), and how long to wait for it.
import type { RelayDraft } from './behaviour-draft';
import type { SectionProps } from './section-props';
import { TextField } from './text-field';

export function RelayFields({ draft, errors, onChange }: SectionProps<RelayDraft>) {
  return (
    <>
      <div className="field-row">
        <TextField
          label="Upstream host"
          value={draft.host}
          error={errors.host}
          placeholder="127.0.0.1"
          onChange={(host) => onChange({ ...draft, host }, 'host')}
        />
        <TextField
          label="Upstream port"
          className="field-port"
          inputMode="numeric"
          value={draft.port}
          error={errors.port}
          placeholder="6379"
          onChange={(port) => onChange({ ...draft, port }, 'port')}
        />
      </div>
      <TextField
        label="Timeout (ms)"
        className="field-half"
        inputMode="numeric"
        value={draft.timeoutMs}
        error={errors.timeoutMs}
        hint="How long to wait for the upstream to accept."
        onChange={(timeoutMs) => onChange({ ...draft, timeoutMs }, 'timeoutMs')}
      />
    </>
  );
}
