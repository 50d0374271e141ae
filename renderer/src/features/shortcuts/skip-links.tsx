// Skip links: the first stops of the Tab order, shown only when focused, so a keyboard user
// reaches the connections or the payload in one Tab and Enter instead of ~30 Tabs.
import { focusPane } from './pane-focus';

const TARGETS = [
  { pane: 'connections', label: 'Skip to connections' },
  { pane: 'payload', label: 'Skip to payload' },
  { pane: 'ports', label: 'Skip to ports' },
] as const;

export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      {TARGETS.map(({ pane, label }) => (
        <button key={pane} type="button" className="skip-link" onClick={() => focusPane(pane)}>
          {label}
        </button>
      ))}
    </nav>
  );
}
