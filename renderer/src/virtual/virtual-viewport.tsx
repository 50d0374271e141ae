// A windowed scroller: renders only the items around the visible range, positioned absolutely.
// Content of any height works: past MAX_DOM_HEIGHT the DOM scroll range is scaled (see
// scroll-metrics) and the position is kept in exact virtual pixels. Items may be measured
// (ResizeObserver) when their height is only estimated; the item at the top of the view stays
// put while sizes above it settle. When followOutput is set and the view is at the end, growth
// keeps it at the end; otherwise new content never moves what the user is looking at.
import './virtual.css';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
  type UIEvent,
} from 'react';
import { flushSync } from 'react-dom';
import { keyScrollTarget } from './keyboard-scroll';
import type { MeasurableLayout, VirtualLayout } from './layout';
import { maxVirtualTop, scrollMetrics, type ScrollMetrics } from './scroll-metrics';
import { useElementHeight } from './use-element-height';
import { useItemMeasurement } from './use-item-measurement';
import { useScaledWheel } from './use-scaled-wheel';

export interface VirtualItemPlacement {
  readonly index: number;
  /** Top edge inside the scroll content, in DOM pixels. */
  readonly top: number;
}

export interface VirtualController {
  scrollToIndex(index: number, align?: 'start' | 'center' | 'end' | 'auto'): void;
  scrollToOffset(virtualTop: number): void;
  /** Current top in virtual pixels. */
  getScrollTop(): number;
  /** The view shows the end of the content (and, with followOutput, keeps showing it). */
  isAtEnd(): boolean;
}

export interface VisibleRange {
  readonly first: number;
  readonly last: number;
}

interface Props extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onScroll'> {
  readonly layout: VirtualLayout;
  /** Must change whenever the layout's items or sizes change. */
  readonly layoutVersion: number | string;
  readonly renderItem: (placement: VirtualItemPlacement) => ReactNode;
  /**
   * Measure rendered items and feed sizes back (layout must be measurable); items must carry
   * data-index={index} on their root element.
   */
  readonly measure?: boolean;
  readonly followOutput?: boolean;
  /** With followOutput: begin at the end (a log), rather than at the top (a document). */
  readonly startAtEnd?: boolean;
  /** Handle arrow/page/home/end keys itself (for views without their own keyboard model). */
  readonly keyboardScroll?: boolean;
  readonly overscan?: number;
  /**
   * An item to render even when it is scrolled out of view (clipped, never shown), so that
   * aria-activedescendant can always point at the selected item's element.
   */
  readonly pinnedIndex?: number;
  readonly controller?: Ref<VirtualController>;
  readonly onRangeChange?: (range: VisibleRange) => void;
  /** Every position change, by the user or programmatic (virtual pixels). */
  readonly onScrollPosition?: (virtualTop: number) => void;
  readonly children?: ReactNode;
}

interface Position {
  readonly virtualTop: number;
  /** scrollTop the position was taken at; items are placed relative to it. */
  readonly domTop: number;
}

const END_SLACK = 4;

function isMeasurable(layout: VirtualLayout): layout is MeasurableLayout {
  return typeof (layout as Partial<MeasurableLayout>).setSize === 'function';
}

export function VirtualViewport({
  layout,
  layoutVersion,
  renderItem,
  measure = false,
  followOutput = false,
  startAtEnd = false,
  keyboardScroll = false,
  overscan = 320,
  pinnedIndex = -1,
  controller,
  onRangeChange,
  onScrollPosition,
  children,
  className,
  onKeyDown,
  ...rest
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<Position>({ virtualTop: 0, domTop: 0 });
  const viewport = useElementHeight(scrollRef);
  const [, setMeasureTick] = useState(0);

  // Mirrors for event handlers (render reads state; handlers read these).
  const positionRef = useRef(position);
  const metricsRef = useRef<ScrollMetrics>(scrollMetrics(0, 0));
  const layoutRef = useRef(layout);
  const followRef = useRef(followOutput);
  const atEndRef = useRef(startAtEnd);
  const expectedDomTopRef = useRef<number | null>(null);
  const prevTotalRef = useRef(0);

  const total = layout.total();
  const metrics = useMemo(() => scrollMetrics(total, viewport), [total, viewport]);

  const onPositionRef = useRef(onScrollPosition);
  const commit = useCallback((next: Position, sync = false) => {
    positionRef.current = next;
    onPositionRef.current?.(next.virtualTop);
    // From the DOM, not the metrics: they can lag a render behind (e.g. before the first
    // viewport measurement), and the DOM end is the virtual end in scaled mode too.
    const el = scrollRef.current;
    if (el) atEndRef.current = el.scrollTop + el.clientHeight >= el.scrollHeight - END_SLACK;
    if (sync) flushSync(() => setPosition(next));
    else setPosition(next);
  }, []);

  /** Move to a virtual offset: set scrollTop to match and re-render around it. */
  const jumpTo = useCallback(
    (target: number, sync = false) => {
      const el = scrollRef.current;
      if (!el) return;
      const m = metricsRef.current;
      const virtualTop = Math.min(Math.max(0, target), maxVirtualTop(m));
      // The spacer may lag a render behind the metrics; make it current before scrolling.
      if (spacerRef.current) spacerRef.current.style.height = `${m.domTotal}px`;
      const wanted = m.scale === 1 ? virtualTop : virtualTop / m.scale;
      el.scrollTop = wanted;
      const actual = el.scrollTop;
      expectedDomTopRef.current = actual;
      commit({ virtualTop: m.scale === 1 ? actual : virtualTop, domTop: actual }, sync);
    },
    [commit],
  );

  useLayoutEffect(() => {
    metricsRef.current = metrics;
    layoutRef.current = layout;
    followRef.current = followOutput;
    onPositionRef.current = onScrollPosition;
  });

  const prevMetricsRef = useRef<ScrollMetrics | null>(null);
  // Keep the end in view while following; otherwise keep the position (clamped). Whether the
  // view is at its end changes only with scrolling (commit reads it then) or with new metrics:
  // reading the DOM on every other change (rows whose text changed, once per batch) forced a
  // layout inside the frame's script, which cost about as much again as the layout itself
  // (measured: the renderer's animation-frame script time at 5,000 events/s halved without it).
  useLayoutEffect(() => {
    const prevTotal = prevTotalRef.current;
    prevTotalRef.current = metrics.total;
    const sameMetrics = prevMetricsRef.current === metrics;
    prevMetricsRef.current = metrics;
    metricsRef.current = metrics;
    const pos = positionRef.current;
    // Content arriving into an empty view is "following" only for logs that start at the end.
    const following = atEndRef.current && (prevTotal > 0 || startAtEnd);
    if (followRef.current && following && metrics.total !== prevTotal) {
      jumpTo(metrics.total);
    } else if (pos.virtualTop > maxVirtualTop(metrics)) {
      jumpTo(pos.virtualTop);
    } else if (!sameMetrics) {
      const el = scrollRef.current;
      if (el) atEndRef.current = el.scrollTop + el.clientHeight >= el.scrollHeight - END_SLACK;
    }
  }, [layoutVersion, metrics, jumpTo, startAtEnd]);

  const scrollBy = useCallback(
    (delta: number) => jumpTo(positionRef.current.virtualTop + delta),
    [jumpTo],
  );
  useScaledWheel(scrollRef, metricsRef, scrollBy);

  // Measured sizes: keep the top item anchored while sizes above it change.
  const onSizes = useCallback(
    (sizes: readonly (readonly [number, number])[]) => {
      const lay = layoutRef.current;
      if (!isMeasurable(lay)) return;
      const pos = positionRef.current;
      const anchor = lay.indexAt(pos.virtualTop);
      const anchorOffset = anchor < 0 ? 0 : pos.virtualTop - lay.start(anchor);
      const wasAtEnd = atEndRef.current;
      let changed = false;
      for (const [index, size] of sizes) if (lay.setSize(index, size)) changed = true;
      if (!changed) return;
      const m = scrollMetrics(lay.total(), metricsRef.current.viewport);
      metricsRef.current = m;
      const target =
        followRef.current && wasAtEnd ? m.total : anchor < 0 ? 0 : lay.start(anchor) + anchorOffset;
      flushSync(() => setMeasureTick((t) => t + 1));
      jumpTo(target, true);
    },
    [jumpTo],
  );
  useItemMeasurement(measure, spacerRef, onSizes);

  useImperativeHandle(
    controller,
    () => ({
      scrollToIndex(index, align = 'auto') {
        const lay = layoutRef.current;
        const n = lay.count();
        if (n === 0) return;
        const i = Math.min(Math.max(0, index), n - 1);
        const top = lay.start(i);
        const size = lay.size(i);
        const m = metricsRef.current;
        const current = positionRef.current.virtualTop;
        let target = top;
        if (align === 'center') target = top - (m.viewport - size) / 2;
        else if (align === 'end') target = top + size - m.viewport;
        else if (align === 'auto') {
          if (top >= current && top + size <= current + m.viewport) return;
          target = top < current ? top : top + size - m.viewport;
        }
        jumpTo(target);
      },
      scrollToOffset(virtualTop) {
        jumpTo(virtualTop);
      },
      getScrollTop() {
        return positionRef.current.virtualTop;
      },
      isAtEnd() {
        return atEndRef.current;
      },
    }),
    [jumpTo],
  );

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const actual = event.currentTarget.scrollTop;
    const expected = expectedDomTopRef.current;
    expectedDomTopRef.current = null;
    // Our own jump (already committed with its exact virtual position).
    if (expected !== null && Math.abs(actual - expected) < 1.5) return;
    const m = metricsRef.current;
    const virtualTop = m.scale === 1 ? actual : Math.min(actual * m.scale, maxVirtualTop(m));
    commit({ virtualTop, domTop: actual });
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    onKeyDown?.(event);
    if (!keyboardScroll || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey)
      return;
    const m = metricsRef.current;
    const target = keyScrollTarget(
      event.key,
      event.shiftKey,
      positionRef.current.virtualTop,
      m.viewport,
      m.total,
    );
    if (target === undefined) return;
    event.preventDefault();
    jumpTo(target);
  };

  // Visible range (plus overscan) from the committed position.
  const count = layout.count();
  const { virtualTop, domTop } = position;
  let first = -1;
  let last = -1;
  if (count > 0) {
    first = layout.indexAt(Math.max(0, virtualTop - overscan));
    last = layout.indexAt(virtualTop + Math.max(viewport, 1) + overscan);
  }
  const items: ReactNode[] = [];
  const place = (i: number) =>
    renderItem({ index: i, top: domTop + (layout.start(i) - virtualTop) });
  if (pinnedIndex >= 0 && pinnedIndex < count && pinnedIndex < first)
    items.push(place(pinnedIndex));
  for (let i = first; i >= 0 && i <= last; i += 1) items.push(place(i));
  if (pinnedIndex >= 0 && pinnedIndex < count && pinnedIndex > last) items.push(place(pinnedIndex));

  const reportedRef = useRef('');
  useEffect(() => {
    const key = `${first}:${last}`;
    if (!onRangeChange || reportedRef.current === key) return;
    reportedRef.current = key;
    onRangeChange({ first, last });
  });

  return (
    <div
      {...rest}
      ref={scrollRef}
      className={`vv-scroller ${className ?? ''}`}
      onScroll={onScroll}
      onKeyDown={onKey}
    >
      <div ref={spacerRef} className="vv-content" style={{ height: metrics.domTotal }}>
        {items}
      </div>
      {children}
    </div>
  );
}
