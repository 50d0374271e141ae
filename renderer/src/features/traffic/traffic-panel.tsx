// Pictures of the traffic: the connections timeline, the I/O graph and the selected
// connection's response times, as tabs in a section that folds to one line (remembered with the
// layout). Only the shown tab is mounted, and nothing while folded; the I/O graph's history is
// gathered by the store whether or not it is on screen.
import './traffic.css';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../../store/store';
import { IoGraphView } from './io-graph/io-graph-view';
import { ResponseTimesView } from './response/response-times-view';
import { TimelineView } from './timeline/timeline-view';

const TABS = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'io', label: 'I/O graph' },
  { id: 'responses', label: 'Response times' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function TrafficPanel() {
  const [tab, setTab] = useState<TabId>('timeline');
  const open = useStore((s) => s.layout.trafficOpen);
  const setOpen = useStore((s) => s.setTrafficOpen);
  const base = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? at + 1
        : e.key === 'ArrowLeft'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const i = (next + TABS.length) % TABS.length;
    const t = TABS[i];
    if (!t) return;
    setTab(t.id);
    tabRefs.current[i]?.focus();
  };
  return (
    <section className="traffic-panel" aria-label="Traffic" data-open={open}>
      <div className="traffic-head">
        <button
          type="button"
          className="traffic-toggle"
          aria-expanded={open}
          aria-controls={open ? `${base}-panel` : undefined}
          title={open ? 'Fold the traffic pictures' : 'Timeline, I/O graph and response times'}
          onClick={() => setOpen(!open)}
        >
          Traffic
        </button>
        {open ? (
          <div
            className="traffic-tabs"
            role="tablist"
            aria-label="Traffic pictures"
            onKeyDown={onKeyDown}
          >
            {TABS.map((t, i) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabRefs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`${base}-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`${base}-panel`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
        ) : (
          <span className="traffic-folded">Timeline · I/O graph · Response times</span>
        )}
      </div>
      {open ? (
        <div
          className="traffic-tabpanel"
          role="tabpanel"
          id={`${base}-panel`}
          aria-labelledby={`${base}-${tab}`}
        >
          {tab === 'timeline' ? (
            <TimelineView />
          ) : tab === 'io' ? (
            <IoGraphView />
          ) : (
            <ResponseTimesView />
          )}
        </div>
      ) : null}
    </section>
  );
}
