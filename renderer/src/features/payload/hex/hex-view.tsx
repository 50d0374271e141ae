// The conversation as hex: per chunk a caption row, then offset | 16 bytes | ASCII rows, with
// port → client rows indented and coloured apart. Fixed-height rows make any size a matter of
// arithmetic; past the browser's element height limit the viewport scales its scroll range.
import { plural } from '../../../../../shared/format-bytes';
import './hex-view.css';
import { useMemo } from 'react';
import { VirtualViewport, type VirtualItemPlacement } from '../../../virtual/virtual-viewport';
import { ChunkHeaderContent } from '../chunk-header';
import { cachedEnd, WINDOW_BYTES, type WindowRequest } from '../data/byte-cache';
import { useFindMarks } from '../find/find-store';
import { useGoToNavigator } from '../use-go-to-navigator';
import { usePayloadWindows } from '../use-payload-windows';
import type { PayloadViewProps } from '../view-types';
import { HexLayoutModel, type HexRow } from './hex-layout';
import { HexDataRow } from './hex-row';

type DataRow = Extract<HexRow, { kind: 'data' }>;

export function HexView({ connection, source, navigator }: PayloadViewProps) {
  const model = useMemo(() => new HexLayoutModel(), []);
  model.sync(source);
  const findMarks = useFindMarks(connection.id);

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

  const { cache, onRangeChange } = usePayloadWindows({
    connectionId: connection.id,
    source,
    requestsFor(first, last) {
      // One request per window: rows of a window share it.
      const byWindow = new Map<string, WindowRequest>();
      for (let i = first; i <= last; i += 1) {
        const row = model.row(i);
        if (row.kind !== 'data') continue;
        const need = rowNeed(row);
        if (!need) continue;
        const key = `${need.direction}:${need.index}`;
        const prev = byWindow.get(key);
        if (!prev || prev.needEnd < need.needEnd) byWindow.set(key, need);
      }
      return [...byWindow.values()];
    },
    itemCount: model.count(),
    loadMoreWithin: 2,
  });

  const { controller, highlight } = useGoToNavigator(
    navigator,
    source,
    (chunk, offset) => {
      model.sync(source);
      return model.rowFor(chunk.index, offset);
    },
    'center',
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
          <ChunkHeaderContent chunk={chunk} datagram={connection.protocol === 'udp'} />
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
          ⋯ {plural(row.bytes, 'byte', 'bytes')} not kept (capture limit reached)
        </div>
      );
    }
    const need = rowNeed(row);
    const entry = need ? cache.get(need.connectionId, need.direction, need.index) : undefined;
    // A window still being fetched shows the bytes it has; the rest of the row follows.
    const available =
      entry && !entry.error ? Math.min(row.length, cachedEnd(entry) - row.offset) : 0;
    // Rows of two chunks can share a stream row (0x10…): only the one holding the byte counts.
    const highlighted =
      highlight !== null &&
      highlight.direction === chunk.direction &&
      highlight.offset >= row.offset &&
      highlight.offset < row.offset + row.length;
    const target = highlighted ? highlight.offset : null;
    return (
      <HexDataRow
        key={`r${chunk.direction}${row.offset}`}
        top={top}
        direction={chunk.direction}
        offset={row.offset}
        lead={row.lead}
        length={Math.max(0, available)}
        bytes={available > 0 && entry ? entry.bytes : null}
        from={entry ? row.offset - entry.base : 0}
        highlighted={highlighted}
        target={target}
        marks={findMarks?.direction === chunk.direction ? findMarks : null}
        error={entry?.error ?? null}
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
        onRangeChange={onRangeChange}
        overscan={200}
      />
    </div>
  );
}
