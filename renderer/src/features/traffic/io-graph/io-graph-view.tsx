// The I/O graph: bytes per second in each direction, live — for all ports, one port (the
// last ten minutes, from the store's rate history), or the selected connection (its whole life,
// from its chunk records). Redrawn at most once per frame, from store changes and a 1 s tick.
import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../../../../shared/format-bytes';
import { useEngine } from '../../../bridge/engine-context';
import { formatClock } from '../../../lib/format-time';
import { ALL_PORTS, RATE_BUCKET_MS } from '../../../store/rate-history';
import { useStore } from '../../../store/store';
import { recordDraw } from '../draw-stats';
import { cssRgb, resolveColors } from '../palette';
import { laneLabelOf } from '../timeline/timeline-text';
import { frameThrottle, useCanvasSize } from '../use-canvas-size';
import { ConnectionRates } from './connection-rates';
import { bucketAtX, drawIoGraph, type IoGraphColors, type IoGraphFrame } from './io-graph-draw';
import { IoGraphNumbers, type RateRow } from './io-graph-numbers';
import { ioGraphSummary } from './io-graph-text';

const SELECTED = 'selected';
const WINDOWS = [
  { label: 'Last minute', buckets: 60 },
  { label: 'Last 5 minutes', buckets: 300 },
  { label: 'Last 10 minutes', buckets: 600 },
];
const NUMBERS_LIMIT = 500;
const LIVE_REDRAW_MS = 250;

type Data = Pick<IoGraphFrame, 'from' | 'bucketMs' | 'in' | 'out'>;

function readColors(host: HTMLElement): IoGraphColors {
  const c = resolveColors(host, ['in', 'out', 'text', 'text-muted', 'border', 'surface']);
  return {
    in: cssRgb(c.in),
    out: cssRgb(c.out),
    text: cssRgb(c.text),
    muted: cssRgb(c['text-muted']),
    grid: cssRgb(c.border),
    background: cssRgb(c.surface),
  };
}

export function IoGraphView() {
  const engine = useEngine();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(canvasRef);
  const [source, setSource] = useState(ALL_PORTS);
  const [windowBuckets, setWindowBuckets] = useState(300);
  const [hoverText, setHoverText] = useState('\u00a0');
  const [showNumbers, setShowNumbers] = useState(false);
  const [rows, setRows] = useState<readonly RateRow[]>([]);
  const listenerOrder = useStore((s) => s.listenerOrder);
  const listeners = useStore((s) => s.listeners);
  const selectedId = useStore((s) => s.selectedId);
  const dataRef = useRef<Data | null>(null);
  const hoverRef = useRef(-1);
  const redraw = useRef<() => void>(() => {});
  const bySelection = source === SELECTED;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0) return;
    let colors = readColors(canvas.parentElement ?? canvas);
    let label = '';
    let lastRows = 0;
    const rates =
      bySelection && selectedId !== null
        ? new ConnectionRates(engine, () => throttle.request())
        : null;
    const draw = () => {
      const startedAt = performance.now();
      const now = Date.now();
      let data: Data;
      if (rates) {
        const b = rates.buckets(now);
        data = b ?? {
          from: now,
          bucketMs: 1000,
          in: new Float64Array(1),
          out: new Float64Array(1),
        };
      } else {
        const head = Math.floor(now / RATE_BUCKET_MS);
        const from = head - windowBuckets + 1;
        const read = useStore.getState().trafficRates.read(source, from, head + 1);
        data = { from: from * RATE_BUCKET_MS, bucketMs: RATE_BUCKET_MS, ...read };
      }
      dataRef.current = data;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      drawIoGraph(ctx, { ...size, ...data, colors, hover: hoverRef.current });
      const next = ioGraphSummary(data, describeSource());
      if (next !== label) {
        label = next;
        canvas.setAttribute('aria-label', next);
      }
      let total = 0;
      for (const v of data.in) total += v;
      for (const v of data.out) total += v;
      canvas.dataset.bytes = String(total);
      recordDraw(canvas, startedAt);
      if (showNumbers && now - lastRows > 1000) {
        lastRows = now;
        setRows(rateRows(data, NUMBERS_LIMIT));
      }
    };
    const describeSource = () => {
      if (source === SELECTED)
        return selectedId === null ? 'no connection selected' : `connection #${selectedId}`;
      if (source === ALL_PORTS) return 'all ports';
      return `port ${laneLabelOf(useStore.getState().listeners, source)}`;
    };
    const throttle = frameThrottle(draw);
    redraw.current = throttle.request;
    throttle.request();
    // Buckets are a second (or more) wide: redrawing on every batch would repaint the same
    // picture up to 60 times a second on a busy main thread. A few times a second follows it.
    let dirty = false;
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (rates && s.connectionsVersion !== prev.connectionsVersion && selectedId !== null) {
        const c = s.connections.get(selectedId);
        if (c) rates.update(c);
      }
      if (s.listeners !== prev.listeners) dirty = true;
    });
    if (rates && selectedId !== null) {
      const c = useStore.getState().connections.get(selectedId);
      if (c) rates.update(c);
    }
    let ticks = 0;
    const tick = window.setInterval(() => {
      // Every second the window slides even without traffic.
      if (dirty || ++ticks % 4 === 0) throttle.request();
      dirty = false;
    }, LIVE_REDRAW_MS);
    const theme = new MutationObserver(() => {
      colors = readColors(canvas.parentElement ?? canvas);
      throttle.request();
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      rates?.stop();
      unsubscribe();
      window.clearInterval(tick);
      theme.disconnect();
      throttle.cancel();
    };
  }, [size, source, bySelection, windowBuckets, selectedId, showNumbers, engine]);

  const pointAt = (x: number) => {
    const d = dataRef.current;
    const b = d ? bucketAtX({ width: size.width, ...d }, x) : -1;
    hoverRef.current = b;
    redraw.current();
    setHoverText(d && b >= 0 ? readout(d, b) : '\u00a0');
  };

  return (
    <div className="traffic-view">
      <div className="traffic-toolbar" role="toolbar" aria-label="I/O graph view">
        <label>
          Traffic of{' '}
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value={ALL_PORTS}>All ports</option>
            {listenerOrder.map((id) => (
              <option key={id} value={id}>
                Port {laneLabelOf(listeners, id)}
              </option>
            ))}
            <option value={SELECTED}>
              {selectedId === null ? 'Selected connection (none)' : `Connection #${selectedId}`}
            </option>
          </select>
        </label>
        {!bySelection && (
          <label>
            Span{' '}
            <select
              value={windowBuckets}
              onChange={(e) => setWindowBuckets(Number(e.target.value))}
            >
              {WINDOWS.map((w) => (
                <option key={w.buckets} value={w.buckets}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" aria-pressed={showNumbers} onClick={() => setShowNumbers((v) => !v)}>
          Show numbers
        </button>
        <ul className="traffic-legend" aria-label="Legend">
          <li>
            <span className="traffic-swatch traffic-swatch-in" aria-hidden="true" />
            in (client → port)
          </li>
          <li>
            <span className="traffic-swatch traffic-swatch-out" aria-hidden="true" />
            out (port → client)
          </li>
        </ul>
      </div>
      <div className="traffic-canvas-host io-graph-host">
        <canvas
          ref={canvasRef}
          className="traffic-canvas"
          role="img"
          aria-label="I/O graph"
          onPointerMove={(e) => pointAt(e.clientX - e.currentTarget.getBoundingClientRect().left)}
          onPointerLeave={() => pointAt(-1)}
        />
      </div>
      <p className="traffic-readout">{hoverText}</p>
      {showNumbers && <IoGraphNumbers rows={rows} limit={NUMBERS_LIMIT} />}
    </div>
  );
}

function readout(d: Data, b: number): string {
  const rate = (v: number | undefined) => `${formatBytes(((v ?? 0) * 1000) / d.bucketMs)}/s`;
  return `${formatClock(d.from + b * d.bucketMs)} · in ${rate(d.in[b])} · out ${rate(d.out[b])}`;
}

function rateRows(data: Data, limit: number): RateRow[] {
  const rows: RateRow[] = [];
  const perSecond = 1000 / data.bucketMs;
  for (let i = data.in.length - 1; i >= 0 && rows.length < limit; i--) {
    rows.push({
      at: data.from + i * data.bucketMs,
      in: (data.in[i] ?? 0) * perSecond,
      out: (data.out[i] ?? 0) * perSecond,
    });
  }
  return rows;
}
