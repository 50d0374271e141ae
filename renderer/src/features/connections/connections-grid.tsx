// The connection list: an ARIA grid with one row per connection, virtualised so that 100,000+
// rows cost only the ~40 on screen. Arrow keys, Home and End move the selection while the grid
// has focus; the selected row is scrolled into view. Wider than its pane, it scrolls sideways
// inside its own region (← → too), the # and Port columns staying in view.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { runCommand } from '../../lib/commands';
import { lowerBound } from '../../lib/search';
import { selectSelectedId } from '../../store/selectors';
import { useStore } from '../../store/store';
import { FixedLayout } from '../../virtual/layout';
import {
  VirtualViewport,
  type VirtualController,
  type VirtualItemPlacement,
} from '../../virtual/virtual-viewport';
import { ConnectionRow, ROW_HEIGHT } from './connection-row';
import { ConnectionsEmpty } from './connections-empty';
import { GridHeader } from './grid-header';
import { gridGeometry, shownColumns } from './grid-columns';

const PAGE_ROWS = 10;
/** How far ← and → scroll the grid sideways. */
const SIDE_STEP = 64;

interface Props {
  /** Ascending ids of the rows to show (updated in place; `version` tells when). */
  readonly ids: readonly number[];
  readonly version: number;
  readonly filtered: boolean;
}

/** The body scrolls both ways; the header follows it sideways (it has no scrollbar of its own). */
function useSidewaysSync(gridRef: RefObject<HTMLDivElement | null>) {
  const headRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const grid = gridRef.current;
    const body = grid?.querySelector<HTMLElement>('.conn-body');
    if (!grid || !body) return undefined;
    const onScroll = () => {
      if (headRef.current) headRef.current.scrollLeft = body.scrollLeft;
      // Drawn only while something is scrolled under the pinned columns.
      grid.classList.toggle('is-scrolled-x', body.scrollLeft > 0);
    };
    body.addEventListener('scroll', onScroll, { passive: true });
    return () => body.removeEventListener('scroll', onScroll);
  }, [gridRef]);
  return headRef;
}

export function ConnectionsGrid({ ids, version, filtered }: Props) {
  const selectedId = useStore(selectSelectedId);
  const select = useStore((s) => s.select);
  const columnLayout = useStore((s) => s.layout.columns);
  const columns = useMemo(() => shownColumns(columnLayout), [columnLayout]);
  const geometry = gridGeometry(columns);
  const controller = useRef<VirtualController>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const headRef = useSidewaysSync(gridRef);
  const layout = new FixedLayout(ids.length, ROW_HEIGHT);
  // Ids are ascending, so a binary search finds the selected row in O(log n).
  const selectedIndex = (() => {
    if (selectedId === null) return -1;
    const i = lowerBound(ids, selectedId);
    return ids[i] === selectedId ? i : -1;
  })();

  // Rows removed above the view (eviction of old history) must not shift what the user sees:
  // remember the top row and restore it after a change. Not while the view is at the end: it
  // follows new rows there, and with a full history (one evicted per one added) the row count
  // stays the same, so restoring the old top row would scroll up and stop the following.
  const anchorRef = useRef<{ id: number; offset: number } | null>(null);
  const rememberAnchor = useCallback(
    (top: number) => {
      const i = Math.floor(top / ROW_HEIGHT);
      const id = ids[i];
      anchorRef.current = id === undefined ? null : { id, offset: top - i * ROW_HEIGHT };
    },
    [ids],
  );
  useLayoutEffect(() => {
    const c = controller.current;
    const anchor = anchorRef.current;
    if (!c || ids.length === 0) return;
    if (c.isAtEnd()) {
      rememberAnchor(c.getScrollTop());
      return;
    }
    if (!anchor) return;
    const i = Math.min(lowerBound(ids, anchor.id), ids.length - 1);
    const want = i * ROW_HEIGHT + (ids[i] === anchor.id ? anchor.offset : 0);
    if (Math.abs(want - c.getScrollTop()) >= 1) c.scrollToOffset(want);
  }, [ids, version, rememberAnchor]);

  const move = (index: number) => {
    if (ids.length === 0) return;
    const i = Math.min(ids.length - 1, Math.max(0, index));
    const id = ids[i];
    if (id === undefined) return;
    select(id);
    controller.current?.scrollToIndex(i, 'auto');
  };

  const scrollSideways = (delta: number) => {
    const body = gridRef.current?.querySelector<HTMLElement>('.conn-body');
    body?.scrollBy({ left: delta });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys pressed on a column's resize edge are the edge's own.
    if (event.target !== event.currentTarget) return;
    const from = selectedIndex;
    const handlers: Record<string, () => void> = {
      ArrowDown: () => move(from < 0 ? 0 : from + 1),
      ArrowUp: () => move(from < 0 ? ids.length - 1 : from - 1),
      PageDown: () => move(from < 0 ? 0 : from + PAGE_ROWS),
      PageUp: () => move(from < 0 ? 0 : from - PAGE_ROWS),
      Home: () => move(0),
      End: () => move(ids.length - 1),
      ArrowLeft: () => scrollSideways(-SIDE_STEP),
      ArrowRight: () => scrollSideways(SIDE_STEP),
      Escape: () => select(null),
      // Enter goes to the selected connection's payload (features/payload registers it).
      Enter: () => void runCommand('open-payload'),
    };
    const handler = handlers[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  const renderItem = ({ index, top }: VirtualItemPlacement) => {
    const id = ids[index];
    const c = id === undefined ? undefined : useStore.getState().connections.get(id);
    if (!c) return null;
    return (
      <ConnectionRow
        key={c.id}
        c={c}
        rowIndex={index}
        top={top}
        selected={c.id === selectedId}
        columns={columns}
        onSelect={select}
      />
    );
  };

  // Custom properties (set through the CSSOM, which the page's CSP allows) size every row.
  const style = {
    '--conn-cols': geometry.template,
    '--conn-width': `${geometry.width}px`,
    '--pin-port-left': `${geometry.portLeft}px`,
  } as CSSProperties;

  return (
    <div
      ref={gridRef}
      className="conn-grid"
      style={style}
      role="grid"
      aria-label="Connections"
      aria-rowcount={ids.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable={false}
      // The selected row is kept rendered (pinnedIndex) even when scrolled away, so this id
      // always names an element in the DOM; a selection filtered out of the list has none.
      aria-activedescendant={selectedIndex >= 0 ? `connection-row-${selectedId}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <GridHeader columns={columns} headRef={headRef} />
      <VirtualViewport
        role="rowgroup"
        className="conn-body"
        aria-label="Connection rows"
        // Focusable, so that a grid wider than its pane can be scrolled sideways from the
        // keyboard too (the grid itself keeps the selection keys).
        tabIndex={0}
        layout={layout}
        layoutVersion={`${version}:${ids.length}`}
        renderItem={renderItem}
        controller={controller}
        pinnedIndex={selectedIndex}
        followOutput
        startAtEnd
        onScrollPosition={rememberAnchor}
      >
        {ids.length === 0 ? <ConnectionsEmpty filtered={filtered} /> : null}
      </VirtualViewport>
    </div>
  );
}
