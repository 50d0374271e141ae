// The command palette (Ctrl/⌘+K): one field that finds any command that can run now and any
// port, as an ARIA 1.2 combobox with a listbox. ↑/↓ move through the results, Enter runs the
// active one, Escape closes; focus goes back where it was, and then the command runs (so a
// command that moves focus, like "Open a port…", keeps it).
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { Modal } from '../../components/modal';
import { runCommand } from '../../lib/commands';
import { useStore } from '../../store/store';
import { fuzzyFilter } from './fuzzy-match';
import { commandItems, portItems, type PaletteItem } from './palette-items';
import { ShortcutKeys } from './shortcut-keys';

/** More than this is a wall of text; typing narrows it. */
const MAX_RESULTS = 50;

function runItem(item: PaletteItem): void {
  if (item.kind === 'command') {
    runCommand(item.id);
    return;
  }
  // A port: its connections, in the list, with focus there to look through them.
  useStore.getState().setFilter({ listenerId: item.listenerId });
  document.querySelector<HTMLElement>('[role="grid"]')?.focus();
}

export function CommandPalette({ onClose }: { readonly onClose: () => void }) {
  const titleId = useId();
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;
  // What can run is read once, as the palette opens: the page behind it does not change meanwhile.
  const [items] = useState(() => {
    const s = useStore.getState();
    return [...commandItems(), ...portItems(s.listeners, s.listenerOrder)];
  });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(
    () =>
      fuzzyFilter(items, query, (item) => ({
        label: item.label,
        extra: `${item.detail} ${item.keywords}`,
      })).slice(0, MAX_RESULTS),
    [items, query],
  );
  const current = Math.min(active, results.length - 1);

  const choose = (item: PaletteItem | undefined) => {
    if (item === undefined) return;
    // Close first: the dialog hands focus back to where it was, then the command moves it on.
    flushSync(onClose);
    runItem(item);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = results.length - 1;
    const moves: Record<string, () => number> = {
      ArrowDown: () => (current >= last ? 0 : current + 1),
      ArrowUp: () => (current <= 0 ? last : current - 1),
      PageDown: () => Math.min(last, current + 10),
      PageUp: () => Math.max(0, current - 10),
    };
    const move = moves[event.key];
    if (move !== undefined && results.length > 0) {
      event.preventDefault();
      const next = move();
      setActive(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(results[current]);
    } else if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey)) {
      // The palette's own shortcut closes it again.
      event.preventDefault();
      onClose();
    }
  };

  return (
    <Modal labelledBy={titleId} className="command-palette" onClose={onClose}>
      <h2 id={titleId} className="visually-hidden">
        Command palette
      </h2>
      <input
        className="input palette-input"
        type="text"
        role="combobox"
        aria-label="Find an action or a port"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length > 0 ? optionId(current) : undefined}
        placeholder="Type an action or a port…"
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Actions and ports" className="palette-list">
        {results.map((item, i) => (
          <li
            key={item.key}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={`palette-option${i === current ? ' is-active' : ''}`}
            onMouseMove={() => setActive(i)}
            onClick={() => choose(item)}
          >
            <span className="palette-label">{item.label}</span>
            <span className="palette-detail muted">{item.detail}</span>
            {item.kind === 'command' ? <ShortcutKeys id={item.id} firstOnly /> : null}
          </li>
        ))}
      </ul>
      {results.length === 0 ? (
        <p className="palette-empty muted" role="status">
          No action or port matches “{query}”.
        </p>
      ) : null}
    </Modal>
  );
}
