// The filter bar above the connections grid. Selects apply at once; typed fields apply after a
// pause in typing. Every change goes through the store's setFilter, which queues it for the next
// frame, so the grid re-filters at most once per frame, together with that frame's batches.
// In a narrow pane, protocol, state and min size fold behind "More filters" (with a count of
// those in use), so the bar does not take half the pane's height.
import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PayloadFormat } from '../../../../shared/payload-spec';
import { useElementSize } from '../../components/splitter/use-element-size';
import { formatHostPort } from '../../lib/format-address';
import { commandProps } from '../../lib/shortcut-hint';
import {
  PROTOCOL_CHOICES,
  type ProtocolChoice,
  type StateChoice,
} from '../../store/connection-filter';
import { useStore } from '../../store/store';
import { PayloadFilter } from './filter-bar-payload';
import { useDebounced } from './filter-debounce';
import { parseSize } from './filter-size';

const PROTOCOL_LABELS: Partial<Record<ProtocolChoice, string>> = {
  any: 'Any protocol',
  tcp: 'TCP',
  udp: 'UDP',
  http: 'HTTP',
  http2: 'HTTP/2',
  websocket: 'WebSocket',
  tls: 'TLS',
  redis: 'Redis',
  postgres: 'PostgreSQL',
  mqtt: 'MQTT',
  ssh: 'SSH',
  text: 'Other text',
  binary: 'Other binary',
};

/** Below this bar width the less-used filters fold away. */
const FOLD_BELOW = 640;

const STATES: readonly { readonly value: StateChoice; readonly label: string }[] = [
  { value: 'any', label: 'Any state' },
  { value: 'open', label: 'Open only' },
  { value: 'closed', label: 'Closed only' },
];

export function FilterBar() {
  const { filter, order, listenerMap, setFilter } = useStore(
    useShallow((s) => ({
      filter: s.filter,
      order: s.listenerOrder,
      listenerMap: s.listeners,
      setFilter: s.setFilter,
    })),
  );
  const [address, setAddress] = useState('');
  const [process, setProcess] = useState('');
  const [size, setSize] = useState('');
  const [payload, setPayload] = useState('');
  const [format, setFormat] = useState<PayloadFormat>('text');
  const minBytes = parseSize(size);
  const barRef = useRef<HTMLDivElement>(null);
  const moreId = useId();
  const [moreOpen, setMoreOpen] = useState(false);
  const { width } = useElementSize(barRef);
  const folded = width > 0 && width < FOLD_BELOW;
  const foldedActive = [
    filter.protocol !== 'any',
    filter.state !== 'any',
    size !== '',
    process !== '',
  ].filter(Boolean).length;
  useDebounced(address, (value) => setFilter({ address: value.trim().toLowerCase() }));
  useDebounced(process, (value) => setFilter({ process: value.trim().toLowerCase() }));
  useDebounced(minBytes, (value) => {
    if (value !== null) setFilter({ minBytes: value });
  });

  const active =
    filter.listenerId !== null ||
    filter.protocol !== 'any' ||
    filter.state !== 'any' ||
    address !== '' ||
    process !== '' ||
    size !== '' ||
    payload !== '';
  const clear = (): void => {
    setAddress('');
    setProcess('');
    setSize('');
    setPayload('');
    setFilter({
      listenerId: null,
      protocol: 'any',
      state: 'any',
      address: '',
      process: '',
      minBytes: 0,
    });
  };

  return (
    <div className="filter-bar" role="search" aria-label="Filter connections" ref={barRef}>
      <select
        className="select select-compact"
        aria-label="Filter by port"
        value={filter.listenerId ?? ''}
        onChange={(event) => setFilter({ listenerId: event.target.value || null })}
      >
        <option value="">All ports</option>
        {order.map((id) => {
          const l = listenerMap[id];
          return l ? (
            <option key={l.id} value={l.id}>
              {formatHostPort(l.host, l.port ?? l.requestedPort)}
              {l.protocol === 'udp' ? ' (UDP)' : ''}
            </option>
          ) : null;
        })}
      </select>
      <input
        className="input input-compact mono filter-address"
        type="search"
        aria-label="Client address"
        placeholder="Client address"
        {...commandProps('focus-filter', 'Filter by client address')}
        spellCheck={false}
        value={address}
        onChange={(event) => setAddress(event.target.value)}
      />
      {folded ? (
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={moreOpen}
          aria-controls={moreId}
          onClick={() => setMoreOpen(!moreOpen)}
        >
          More filters
          {foldedActive > 0 ? <span className="badge num">{foldedActive}</span> : null}
          <span className="chevron chevron-down" aria-hidden="true" />
        </button>
      ) : null}
      <div className="filter-more" id={moreId} hidden={folded && !moreOpen}>
        <select
          className="select select-compact"
          aria-label="Protocol"
          value={filter.protocol}
          onChange={(event) => {
            const choice = PROTOCOL_CHOICES.find((p) => p === event.target.value);
            if (choice !== undefined) setFilter({ protocol: choice });
          }}
        >
          {PROTOCOL_CHOICES.map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_LABELS[p] ?? p}
            </option>
          ))}
        </select>
        <select
          className="select select-compact"
          aria-label="State"
          value={filter.state}
          onChange={(event) => {
            const choice = STATES.find((s) => s.value === event.target.value);
            if (choice !== undefined) setFilter({ state: choice.value });
          }}
        >
          {STATES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <input
          className="input input-compact filter-process"
          type="search"
          aria-label="Process"
          placeholder="Process"
          title="The client program's name or pid, e.g. node, curl, 812"
          spellCheck={false}
          value={process}
          onChange={(event) => setProcess(event.target.value)}
        />
        <input
          className="input input-compact mono filter-size"
          aria-label="Min size"
          placeholder="Min size"
          title="Bytes in + out, e.g. 1500, 10k, 1.5M"
          spellCheck={false}
          value={size}
          aria-invalid={minBytes === null}
          onChange={(event) => setSize(event.target.value)}
        />
      </div>
      <PayloadFilter text={payload} format={format} onText={setPayload} onFormat={setFormat} />
      {active ? (
        <button type="button" className="btn btn-small" onClick={clear}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
