// The connections timeline: one lane per port, a bar per connection from open to close,
// coloured by how it ended and thicker the more it carried. Drawing and input live in
// TimelineController; this component mounts the canvas and shows the tooltip, the legend and,
// on demand, the numbers behind the picture.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ConnectionInfo } from '../../../../../shared/model';
import { useStore } from '../../../store/store';
import { TimelineController, type HoverInfo } from './timeline-controller';
import { TimelineLegend } from './timeline-legend';
import { TimelineNumbers } from './timeline-numbers';
import { tooltipLines } from './timeline-text';

/** Rows the text alternative shows at most. */
const NUMBERS_LIMIT = 500;
const NUMBERS_REFRESH_MS = 300;

export function TimelineView() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const controllerRef = useRef<TimelineController | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [following, setFollowing] = useState(true);
  const [showNumbers, setShowNumbers] = useState(false);
  const [rows, setRows] = useState<{ list: readonly ConnectionInfo[]; now: number }>({
    list: [],
    now: 0,
  });
  const lastRows = useRef(0);
  const keysId = useId();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let controller: TimelineController | null = null;
    const refresh = () => {
      // The table follows the picture, but a few times a second is plenty for reading.
      const now = performance.now();
      if (!controller || now - lastRows.current < NUMBERS_REFRESH_MS) return;
      lastRows.current = now;
      setRows({ list: controller.visibleConnections(NUMBERS_LIMIT), now: Date.now() });
    };
    controller = new TimelineController(canvas, useStore, {
      hover: setHover,
      follow: setFollowing,
      visible: refresh,
    });
    controllerRef.current = controller;
    controller.start();
    return () => {
      controller.stop();
      controllerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const controller = controllerRef.current;
    if (!controller) return;
    controller.wantVisible = showNumbers;
    lastRows.current = 0;
    if (showNumbers)
      setRows({ list: controller.visibleConnections(NUMBERS_LIMIT), now: Date.now() });
  }, [showNumbers]);

  const run = useCallback((action: (c: TimelineController) => void) => {
    const controller = controllerRef.current;
    if (controller) action(controller);
  }, []);

  return (
    <div className="traffic-view">
      <div className="traffic-toolbar" role="toolbar" aria-label="Timeline view">
        <button type="button" onClick={() => run((c) => c.zoom(1.5))} title="Zoom in (+)">
          Zoom in
        </button>
        <button type="button" onClick={() => run((c) => c.zoom(1 / 1.5))} title="Zoom out (−)">
          Zoom out
        </button>
        <button type="button" onClick={() => run((c) => c.fit())} title="Show everything (0)">
          Fit
        </button>
        <button
          type="button"
          aria-pressed={following}
          onClick={() => run((c) => c.follow())}
          title="Keep now in view (End)"
        >
          Live
        </button>
        <button type="button" aria-pressed={showNumbers} onClick={() => setShowNumbers((v) => !v)}>
          Show numbers
        </button>
        <TimelineLegend />
      </div>
      <div className="traffic-canvas-host timeline-host">
        <canvas
          ref={canvasRef}
          className="traffic-canvas"
          role="img"
          tabIndex={0}
          aria-label="Timeline of connections"
          aria-describedby={keysId}
        />
        {hover && (
          <div
            className="traffic-tooltip"
            role="tooltip"
            style={{ left: hover.x + 12, top: hover.y + 4 }}
          >
            {tooltipLines(hover.connection, hover.port, hover.now).map((line) => (
              <div key={line}>{line}</div>
            ))}
          </div>
        )}
      </div>
      <p id={keysId} className="traffic-hint">
        Wheel or + / − zoom, drag or ← → pan, Shift+wheel or ↑ ↓ scroll ports, 0 fits, End follows
        live; click a bar to select its connection.
      </p>
      {showNumbers && <TimelineNumbers rows={rows.list} now={rows.now} limit={NUMBERS_LIMIT} />}
    </div>
  );
}
