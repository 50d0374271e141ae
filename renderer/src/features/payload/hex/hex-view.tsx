// The conversation as hex: per chunk a caption row, then offset | 16 bytes | ASCII rows, with
// port → client rows indented and coloured apart. Fixed-height rows make any size a matter of
// arithmetic; past the browser's element height limit the viewport scales its scroll range.
import './hex-view.css';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { markFirstBytes } from '../../../lib/perf-marks';
import {
  VirtualViewport,
  type VirtualController,
  type VirtualItemPlacement,
  type VisibleRange,
} from '../../../virtual/virtual-viewport';
import { ChunkHeaderContent } from '../chunk-header';
import { WINDOW_BYTES, type WindowRequest } from '../data/byte-cache';
import { getByteCache } from '../data/shared-cache';
import type { Highlight, PayloadViewProps } from '../view-types';
import { HEX_ROW_BYTES, HexLayoutModel, type HexRow } from './hex-layout';
import { HexDataRow } from './hex-row';

type DataRow = Extract<HexRow, { kind: 'data' }>;

export function HexView({ connection, source, navigator }: PayloadViewProps) {
  const cache = getByteCache();
  // Re-render when fetched bytes land.
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  const [range, setRange] = useState<VisibleRange>({ first: -1, last: -1 });
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const [pendingTick, setPendingTick] = useState(0);
  const pendingRef = useRef<number | null>(null);
  const controller = useRef<VirtualController>(null);
  const model = useMemo(() => new HexLayoutModel(), []);
  model.sync(source);

  const rowNeed = (row: DataRow): WindowRequest | null => {
    const chunk = source.chunks[row.chunk];
    if (!chunk) return null;
    return {
      connectionId: connection.id,
      direction: chunk.direction,
      index: Math.floor(row.offset / WINDOW_BYTES),
      needEnd: row.offset + row.length,
    };
  };

  useEffect(() => {
    // One request per window: rows of a window share it.
    const byWindow = new Map<string, WindowRequest>();
    for (let i = Math.max(0, range.first); i <= range.last; i += 1) {
      const row = model.row(i);
      if (row.kind !== 'data') continue;
      const need = rowNeed(row);
      if (!need) continue;
      const key = `${need.direction}:${need.index}`;
      const prev = byWindow.get(key);
      if (!prev || prev.needEnd < need.needEnd) byWindow.set(key, need);
    }
    const requests = [...byWindow.values()];
    cache.want(requests);
    if (requests.some((r) => cache.get(r.connectionId, r.direction, r.index, r.needEnd))) {
      markFirstBytes(connection.id);
    }
    if (range.last >= model.count() - 2 && !source.complete) source.loadMore();
  });

  useLayoutEffect(() => {
    const target = pendingRef.current;
    if (target === null) return;
    pendingRef.current = null;
    controller.current?.scrollToIndex(target, 'center');
  }, [pendingTick]);

  useImperativeHandle(
    navigator,
    () => ({
      async goTo(direction, offset) {
        const chunk = await source.loadUntil(direction, offset);
        if (!chunk) return `Offset ${offset} is beyond what this connection has received.`;
        model.sync(source);
        pendingRef.current = model.rowFor(chunk.index, offset);
        setHighlight({ direction, offset });
        setPendingTick((t) => t + 1);
        return null;
      },
    }),
    [source, model],
  );

  const renderItem = ({ index, top }: VirtualItemPlacement) => {
    const row = model.row(index);
    const style = { transform: `translateY(${top}px)` };
    if (row.kind === 'more') {
      return (
        <div key="more" className="hrow hrow-note" style={style}>
          Loading more chunks…
        </div>
      );
    }
    const chunk = source.chunks[row.chunk];
    if (!chunk) return null;
    if (row.kind === 'header') {
      return (
        <div
          key={`h${row.chunk}`}
          className={`hrow hrow-header hdir-${chunk.direction}`}
          style={style}
        >
          <ChunkHeaderContent chunk={chunk} />
        </div>
      );
    }
    if (row.kind === 'dropped') {
      return (
        <div
          key={`d${row.chunk}`}
          className={`hrow hrow-note hdir-${chunk.direction}`}
          style={style}
        >
          ⋯ {row.bytes.toLocaleString('en-US')} bytes not kept (capture limit reached)
        </div>
      );
    }
    const need = rowNeed(row);
    const entry = need
      ? cache.get(need.connectionId, need.direction, need.index, need.needEnd)
      : undefined;
    const ok = entry && !entry.error;
    const highlighted =
      highlight !== null &&
      highlight.direction === chunk.direction &&
      highlight.offset >= row.offset &&
      highlight.offset < row.offset + HEX_ROW_BYTES;
    return (
      <HexDataRow
        key={`r${chunk.direction}${row.offset}`}
        top={top}
        direction={chunk.direction}
        offset={row.offset}
        length={row.length}
        bytes={ok ? entry.bytes : null}
        from={ok ? row.offset - entry.base : 0}
        highlighted={highlighted}
        error={entry?.error ? 'not available' : null}
      />
    );
  };

  return (
    <div className="payload-view">
      <VirtualViewport
        className="payload-scroller hex-view"
        role="region"
        aria-label="Conversation as hex"
        tabIndex={0}
        keyboardScroll
        followOutput={connection.state !== 'closed'}
        layout={model}
        layoutVersion={model.revision}
        renderItem={renderItem}
        controller={controller}
        onRangeChange={setRange}
        overscan={200}
      />
    </div>
  );
}
