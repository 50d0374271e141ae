// "Payload contains": text or hex, searched in the engine (findConnections, paged), with live
// progress; the matching ids then filter the grid like any other criterion.
import { useEffect, useState } from 'react';
import { parsePayloadSpec, type PayloadFormat } from '../../../../shared/payload-spec';
import { useEngine } from '../../bridge/engine-context';
import { formatBytes, formatCount, plural } from '../../../../shared/format-bytes';
import { upperBound } from '../../lib/search';
import { useStore } from '../../store/store';
import { useDebounced } from './filter-debounce';
import { runPayloadSearch, type PayloadSearchProgress } from './filter-payload-search';

const FORMATS: readonly { readonly format: PayloadFormat; readonly label: string }[] = [
  { format: 'text', label: 'Text' },
  { format: 'hex', label: 'Hex' },
];

interface Props {
  readonly text: string;
  readonly format: PayloadFormat;
  readonly onText: (text: string) => void;
  readonly onFormat: (format: PayloadFormat) => void;
}

/** One string per pattern, so debouncing and effects compare it by value. */
const keyOf = (format: PayloadFormat, text: string): string => `${format}:${text}`;

export function PayloadFilter({ text, format, onText, onFormat }: Props) {
  const [key, setKey] = useState(() => keyOf(format, text));
  // Progress is tagged with the pattern it belongs to: a report for an older pattern is ignored.
  const [tagged, setTagged] = useState<{ key: string; progress: PayloadSearchProgress } | null>(
    null,
  );
  // Bumped by "Search again": results cover the history as it was when the search ran.
  const [round, setRound] = useState(0);
  useDebounced(keyOf(format, text), setKey);
  const engine = useEngine();
  const setFilter = useStore((s) => s.setFilter);
  const setPattern = useStore((s) => s.setPayloadFilterPattern);
  const tag = `${round}:${key}`;
  const progress = tagged?.key === tag ? tagged.progress : null;
  // Counted from the store's ids so the figure is in connections, like the rest of the panel.
  const scannedCount = useStore((s) =>
    progress === null ? 0 : upperBound(s.connectionIds, progress.scannedThrough),
  );

  const separator = key.indexOf(':');
  const patternFormat: PayloadFormat = key.slice(0, separator) === 'hex' ? 'hex' : 'text';
  const patternText = key.slice(separator + 1);
  const parsed =
    patternText === '' ? null : parsePayloadSpec({ format: patternFormat, value: patternText });
  const invalid = parsed !== null && !parsed.ok ? parsed.message : null;
  useEffect(() => {
    if (patternText === '' || invalid !== null) {
      setFilter({ payloadIds: null });
      setPattern(null);
      return undefined;
    }
    // The payload's find starts from it, so the matching bytes are marked too.
    setPattern({ format: patternFormat, value: patternText });
    return runPayloadSearch(
      (args) => engine.findConnections(args),
      { format: patternFormat, value: patternText },
      (next) => {
        setTagged({ key: tag, progress: next });
        setFilter({ payloadIds: next.matches });
      },
    );
  }, [tag, patternFormat, patternText, invalid, engine, setFilter, setPattern]);

  const status = invalid ?? describe(progress, scannedCount, patternText !== '');
  return (
    <div className="filter-payload">
      <input
        className="input input-compact mono filter-payload-input"
        type="search"
        aria-label="Payload contains"
        placeholder={format === 'hex' ? 'Payload hex, e.g. 16 03 01' : 'Payload contains…'}
        spellCheck={false}
        value={text}
        aria-invalid={invalid !== null}
        aria-describedby="filter-payload-status"
        onChange={(event) => onText(event.target.value)}
      />
      <div className="segmented" role="radiogroup" aria-label="Payload pattern format">
        {FORMATS.map((f) => (
          <label key={f.format} className="segment">
            <input
              type="radio"
              className="segment-input"
              name="filter-payload-format"
              value={f.format}
              checked={format === f.format}
              onChange={() => onFormat(f.format)}
            />
            <span className="segment-label">{f.label}</span>
          </label>
        ))}
      </div>
      {progress?.done === true ? (
        <button
          type="button"
          className="btn btn-small"
          title="Search again, including connections that arrived or grew since"
          onClick={() => setRound((r) => r + 1)}
        >
          Search again
        </button>
      ) : null}
      <span
        title={status}
        id="filter-payload-status"
        className={`filter-status${invalid !== null || progress?.error ? ' is-error' : ''}`}
        role="status"
      >
        {status}
      </span>
    </div>
  );
}

function describe(progress: PayloadSearchProgress | null, scanned: number, active: boolean) {
  if (!active) return '';
  if (progress === null) return 'Searching…';
  if (progress.error !== null) return progress.error.message;
  const found = plural(progress.matches.size, 'match', 'matches');
  if (!progress.done) return `Searching… ${formatCount(scanned)} scanned · ${found}`;
  return `${found} · ${formatBytes(progress.scannedBytes)} searched`;
}
