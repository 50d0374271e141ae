// The machine view's filters: a port or text, how far a socket is exposed, TCP or UDP.
import { useId } from 'react';
import type { ExposureChoice, MachineFilter } from './machine-rows';

const EXPOSURE_CHOICES: readonly { value: ExposureChoice; label: string }[] = [
  { value: 'any', label: 'Any exposure' },
  { value: 'exposed', label: 'Exposed beyond this machine' },
  { value: 'all-interfaces', label: 'All interfaces' },
  { value: 'interface', label: 'One interface' },
  { value: 'loopback', label: 'Loopback only' },
];

interface Props {
  readonly filter: MachineFilter;
  readonly onChange: (filter: MachineFilter) => void;
}

export function MachineFilters({ filter, onChange }: Props) {
  const textId = useId();
  return (
    <div className="machine-filters">
      <label htmlFor={textId} className="visually-hidden">
        Filter by port, process or address
      </label>
      <input
        id={textId}
        type="search"
        className="input machine-filter-text"
        placeholder="Port, process, user or address"
        value={filter.text}
        onChange={(event) => onChange({ ...filter, text: event.target.value })}
      />
      <select
        className="select"
        aria-label="Exposure"
        value={filter.exposure}
        onChange={(event) =>
          onChange({ ...filter, exposure: event.target.value as ExposureChoice })
        }
      >
        {EXPOSURE_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label="Protocol"
        value={filter.protocol}
        onChange={(event) =>
          onChange({ ...filter, protocol: event.target.value as MachineFilter['protocol'] })
        }
      >
        <option value="any">TCP and UDP</option>
        <option value="tcp">TCP</option>
        <option value="udp">UDP</option>
      </select>
    </div>
  );
}
