// The conversation as text: chunk captions and their bytes in arrival order, client → port on
// the left, port → client on the right. Only the segments on screen are laid out, fetched and
// decoded; their heights are estimated until measured.
import { plural } from '../../../../../shared/format-bytes';
import './text-view.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { VirtualViewport, type VirtualItemPlacement } from '../../../virtual/virtual-viewport';
import { ChunkHeaderContent } from '../chunk-header';
import { WINDOW_BYTES, type WindowRequest } from '../data/byte-cache';
import { useGoToNavigator } from '../use-go-to-navigator';
import { usePayloadWindows } from '../use-payload-windows';
import type { PayloadViewProps } from '../view-types';
import { useFindMarks } from '../find/find-store';
import { isUtf16 } from '../view-options/text-encoding';
import { useViewOptions } from '../view-options/view-options-store';
import { segmentNeedEnd } from './segment-bytes';
import { segmentSliceFor } from './segment-slice';
import { TextLayoutModel, type Estimator, type TextItem } from './text-layout';
import { TextSegment } from './text-segment';

const CHAR_WIDTH = 7.25;
const LINE_HEIGHT = 17;
const SEGMENT_PADDING = 10;

function makeEstimator(width: number, bytesPerChar: number): Estimator {
  // Bubbles take ~85% of the width; the rest is the opposite side's gutter and padding.
  const columns = Math.max(24, Math.floor((width * 0.85 - 32) / CHAR_WIDTH)) * bytesPerChar;
  return (item: TextItem) => {
    switch (item.kind) {
      case 'header':
        return 30;
      case 'segment':
        return Math.ceil((item.end - item.start) / columns) * LINE_HEIGHT + SEGMENT_PADDING;
      case 'dropped':
        return 30;
      case 'more':
        return 36;
    }
  };
}

type SegmentItem = Extract<TextItem, { kind: 'segment' }>;

export function TextView({ connection, source, navigator }: PayloadViewProps) {
  const [width, setWidth] = useState(900);
  const wrapRef = useRef<HTMLDivElement>(null);
  const model = useMemo(() => new TextLayoutModel(), []);
  const encoding = useViewOptions((s) => s.encoding);
  const wrap = useViewOptions((s) => s.wrap);
  const findMarks = useFindMarks(connection.id);
  // UTF-16 shows a character per two bytes: estimate heights accordingly until measured.
  const estimate = useMemo(
    () => makeEstimator(width, isUtf16(encoding) ? 2 : 1),
    [width, encoding],
  );
  model.sync(source, estimate);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || 900));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const segmentNeed = (item: SegmentItem): WindowRequest | null => {
    const chunk = source.chunks[item.chunk];
    if (!chunk) return null;
    return {
      connectionId: connection.id,
      direction: chunk.direction,
      index: Math.floor(item.start / WINDOW_BYTES),
      needEnd: segmentNeedEnd(item.end, connection[chunk.direction].captured),
    };
  };

  const { cache, onRangeChange } = usePayloadWindows({
    connectionId: connection.id,
    source,
    requestsFor(first, last) {
      const requests: WindowRequest[] = [];
      for (let i = first; i <= last; i += 1) {
        const item = model.items[i];
        if (item?.kind !== 'segment') continue;
        const need = segmentNeed(item);
        if (need) requests.push(need);
      }
      return requests;
    },
    itemCount: model.items.length,
    loadMoreWithin: 3,
  });

  const { controller, highlight } = useGoToNavigator(
    navigator,
    source,
    (chunk, offset) => {
      model.sync(source, estimate);
      return model.itemFor(source, chunk.index, offset);
    },
    'start',
  );

  const renderItem = ({ index, top }: VirtualItemPlacement) => {
    const item = model.items[index];
    if (!item) return null;
    if (item.kind === 'more') {
      return (
        <div
          key="more"
          className="titem titem-note"
          data-index={index}
          style={{ transform: `translateY(${top}px)` }}
        >
          Loading more chunks…
        </div>
      );
    }
    const chunk = source.chunks[item.chunk];
    if (!chunk) return null;
    if (item.kind === 'header') {
      return (
        <div
          key={`h${item.chunk}`}
          className={`titem chunk-head chunk-head-${chunk.direction}`}
          data-index={index}
          style={{ transform: `translateY(${top}px)` }}
        >
          <ChunkHeaderContent chunk={chunk} datagram={connection.protocol === 'udp'} />
        </div>
      );
    }
    if (item.kind === 'dropped') {
      return (
        <div
          key={`d${item.chunk}`}
          className={`titem seg seg-${chunk.direction} seg-last seg-dropped`}
          data-index={index}
          style={{ transform: `translateY(${top}px)` }}
        >
          <div className="seg-body seg-note">
            ⋯ {plural(item.bytes, 'byte', 'bytes')} not kept (capture limit reached)
          </div>
        </div>
      );
    }
    const need = segmentNeed(item);
    const entry = need ? cache.get(need.connectionId, need.direction, need.index) : undefined;
    const slice =
      entry && !entry.error
        ? segmentSliceFor(
            encoding,
            entry,
            item.start,
            item.end,
            connection[chunk.direction].captured,
          )
        : null;
    const highlighted =
      highlight !== null &&
      highlight.direction === chunk.direction &&
      highlight.offset >= item.start &&
      highlight.offset < item.end;
    return (
      <TextSegment
        key={`s${item.chunk}:${item.start}`}
        index={index}
        top={top}
        direction={chunk.direction}
        first={item.first}
        last={item.last && chunk.captured === chunk.length}
        highlighted={highlighted}
        encoding={encoding}
        bytes={slice ? (entry?.bytes ?? null) : null}
        base={entry?.base ?? 0}
        marks={findMarks?.direction === chunk.direction ? findMarks : null}
        from={slice?.from ?? 0}
        to={slice?.to ?? 0}
        error={entry?.error ?? null}
        arriving={entry !== undefined && entry.bytes.length > 0}
        placeholderHeight={model.layout.size(index)}
      />
    );
  };

  return (
    <div className="payload-view" ref={wrapRef}>
      <VirtualViewport
        className={`payload-scroller text-view${wrap ? '' : ' text-nowrap'}`}
        role="region"
        aria-label="Conversation as text"
        tabIndex={0}
        keyboardScroll
        measure
        followOutput={connection.state !== 'closed'}
        layout={model.layout}
        layoutVersion={`${model.revision}:${width}:${encoding}:${wrap ? 'w' : 'n'}`}
        renderItem={renderItem}
        controller={controller}
        onRangeChange={onRangeChange}
      />
    </div>
  );
}
