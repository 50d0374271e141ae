// A collapsible "Capture limits" section at the foot of the ports panel. The status bar's
// "truncated" indicator opens it and moves focus to its first field.
import './limits.css';
import { useEffect, useId, useRef } from 'react';
import { formatBytes, formatCount } from '../../../../shared/format-bytes';
import { selectLimits } from '../../store/selectors';
import { useStore } from '../../store/store';
import { LimitsForm } from './limits-form';

/** "64 MiB" rather than "64.0 MiB": the summary has little room. */
const short = (bytes: number) => formatBytes(bytes).replace('.0 ', ' ');

export function LimitsSection() {
  const open = useStore((s) => s.limitsOpen);
  const setOpen = useStore((s) => s.setLimitsOpen);
  const focusRequest = useStore((s) => s.limitsFocusRequest);
  const limits = useStore(selectLimits);
  const bodyId = useId();
  const firstFieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    const input = firstFieldRef.current;
    input?.scrollIntoView({ block: 'nearest' });
    input?.focus();
  }, [focusRequest]);

  return (
    <div className="limits">
      <h2 className="limits-heading">
        <button
          type="button"
          className="limits-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          <span className="limits-chevron" aria-hidden="true" />
          <span className="limits-title">Capture limits</span>
          {limits ? (
            <span
              className="limits-summary"
              aria-hidden="true"
              title={`${formatBytes(limits.perConnectionBytes)} per connection, ${formatBytes(limits.totalBytes)} in total, ${formatCount(limits.maxConnections)} connections of history`}
            >
              {short(limits.perConnectionBytes)} · {short(limits.totalBytes)} ·{' '}
              {formatCount(limits.maxConnections)}
            </span>
          ) : null}
        </button>
      </h2>
      <div id={bodyId} className="limits-body" hidden={!open}>
        {open ? <LimitsForm firstFieldRef={firstFieldRef} /> : null}
      </div>
    </div>
  );
}
