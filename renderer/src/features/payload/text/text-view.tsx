// The conversation as text: chunk captions and their bytes in arrival order, client → port on
// the left, port → client on the right. Only the segments on screen are laid out, fetched and
// decoded; their heights are estimated until measured.
import './text-view.css';
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
import { TextLayoutModel, type Estimator, type TextItem } from './text-layout';
import { TextSegment } from './text-segment';
import { boundaryAfterContinuations } from './utf8-escape';

const CHAR_WIDTH = 7.25;
const LINE_HEIGHT = 17;
const SEGMENT_PADDING = 10;

function makeEstimator(width: number): Estimator {
  // Bubbles take ~85% of the width; the rest is the opposite side's gutter and padding.
  const columns = Math.max(24, Math.floor((width * 0.85 - 32) / CHAR_WIDTH));
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
  const cache = getByteCache();
  // Re-render when fetched bytes land.
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  const [width, setWidth] = useState(900);
  const [range, setRange] = useState<VisibleRange>({ first: -1, last: -1 });
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const [pendingTick, setPendingTick] = useState(0);
  const pendingRef = useRef<number | null>(null);
  const controller = useRef<VirtualController>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const model = useMemo(() => new TextLayoutModel(), []);
  const estimate = useMemo(() => makeEstimator(width), [width]);
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
    const capturedEnd = connection[chunk.direction].captured;
    return {
      connectionId: connection.id,
      direction: chunk.direction,
      index: Math.floor(item.start / WINDOW_BYTES),
      // +3: the tail of a multi-byte character that starts inside this segment.
      needEnd: Math.min(item.end + 3, Math.max(capturedEnd, item.end)),
    };
  };

  // Fetch what is on screen; ask for more chunk records near the end of the loaded ones.
  useEffect(() => {
    const requests: WindowRequest[] = [];
    for (let i = Math.max(0, range.first); i <= range.last; i += 1) {
      const item = model.items[i];
      if (item?.kind !== 'segment') continue;
      const need = segmentNeed(item);
      if (need) requests.push(need);
    }
    cache.want(requests);
    // First bytes on screen for this selection: close the "payload open" measure.
    if (requests.some((r) => cache.get(r.connectionId, r.direction, r.index, r.needEnd))) {
      markFirstBytes(connection.id);
    }
    if (range.last >= model.items.length - 3 && !source.complete) source.loadMore();
  });

  // A "go to offset" target is scrolled to once its items are laid out.
  useLayoutEffect(() => {
    const target = pendingRef.current;
    if (target === null) return;
    pendingRef.current = null;
    controller.current?.scrollToIndex(target, 'start');
  }, [pendingTick]);

  useImperativeHandle(
    navigator,
    () => ({
      async goTo(direction, offset) {
        const chunk = await source.loadUntil(direction, offset);
        if (!chunk) return `Offset ${offset} is beyond what this connection has received.`;
        model.sync(source, estimate);
        pendingRef.current = model.itemFor(source, chunk.index, offset);
        setHighlight({ direction, offset });
        setPendingTick((t) => t + 1);
        return null;
      },
    }),
    [source, model, estimate],
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
          <ChunkHeaderContent chunk={chunk} />
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
            ⋯ {item.bytes.toLocaleString('en-US')} bytes not kept (capture limit reached)
          </div>
        </div>
      );
    }
    const need = segmentNeed(item);
    const entry = need
      ? cache.get(need.connectionId, need.direction, need.index, need.needEnd)
      : undefined;
    let bytes: Uint8Array | null = null;
    let from = 0;
    let to = 0;
    if (entry && !entry.error) {
      const limit = entry.bytes.length;
      const capturedEnd = connection[chunk.direction].captured;
      const relStart = item.start - entry.base;
      const relEnd = item.end - entry.base;
      from = item.start === 0 ? relStart : boundaryAfterContinuations(entry.bytes, relStart, limit);
      to =
        item.end >= capturedEnd ? relEnd : boundaryAfterContinuations(entry.bytes, relEnd, limit);
      bytes = entry.bytes;
    }
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
        bytes={bytes}
        from={from}
        to={to}
        error={entry?.error ?? null}
        placeholderHeight={model.layout.size(index)}
      />
    );
  };

  return (
    <div className="payload-view" ref={wrapRef}>
      <VirtualViewport
        className="payload-scroller text-view"
        role="region"
        aria-label="Conversation as text"
        tabIndex={0}
        keyboardScroll
        measure
        followOutput={connection.state !== 'closed'}
        layout={model.layout}
        layoutVersion={`${model.revision}:${width}`}
        renderItem={renderItem}
        controller={controller}
        onRangeChange={setRange}
      />
    </div>
  );
}
