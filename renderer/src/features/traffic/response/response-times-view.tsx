// Response times of the selected connection, for protocols whose requests and responses the
// decoders can pair (HTTP, Redis, PostgreSQL): one bar per exchange, with the numbers on demand.
import { useEffect, useRef, useState } from 'react';
import type { ConnectionInfo } from '../../../../../shared/model';
import { detectedText } from '../../../lib/connection-text';
import { selectSelectedConnection } from '../../../store/selectors';
import { useStore } from '../../../store/store';
import { cssRgb, mixRgb, resolveColors } from '../palette';
import { frameThrottle, useCanvasSize } from '../use-canvas-size';
import { timedProtocolOf, type ExchangeTiming, type TimedProtocol } from './exchange-timing';
import {
  drawResponses,
  exchangeAtX,
  formatMs,
  totalOf,
  waitOf,
  type ResponseColors,
} from './response-draw';
import { ResponseNumbers } from './response-numbers';
import { responseSummary } from './response-text';
import { useExchangeTimings } from './use-exchange-timings';

const PROTOCOL_NAME: Record<TimedProtocol, string> = {
  http: 'HTTP',
  redis: 'Redis',
  postgres: 'PostgreSQL',
};

export function ResponseTimesView() {
  const connection = useStore(selectSelectedConnection);
  if (!connection) {
    return (
      <p className="traffic-empty">
        Select a connection to see how long each request waited for its response.
      </p>
    );
  }
  const protocol = timedProtocolOf(connection.detected);
  if (!protocol) {
    const seen = detectedText(connection.detected);
    return (
      <p className="traffic-empty">
        Response times need HTTP, Redis or PostgreSQL; connection #{connection.id}{' '}
        {seen ? `looks like ${seen}` : 'has no bytes yet'}.
      </p>
    );
  }
  return <ResponseTimes key={connection.id} connection={connection} protocol={protocol} />;
}

function readColors(host: HTMLElement): ResponseColors {
  const c = resolveColors(host, ['accent', 'text-muted', 'border', 'surface']);
  return {
    wait: cssRgb(c.accent),
    transfer: cssRgb(mixRgb(c.accent, c.surface, 0.6)),
    muted: cssRgb(c['text-muted']),
    grid: cssRgb(c.border),
    background: cssRgb(c.surface),
  };
}

function hoverText(t: ExchangeTiming | undefined): string {
  if (!t) return '\u00a0';
  const wait = waitOf(t);
  const total = totalOf(t);
  const answer = wait === null ? 'no response yet' : `waited ${formatMs(wait)}`;
  const whole = total === null ? '' : `, done in ${formatMs(total)}`;
  return `${t.index}. ${t.request} → ${t.response ?? '…'}: ${answer}${whole}`;
}

function ResponseTimes({
  connection,
  protocol,
}: {
  connection: ConnectionInfo;
  protocol: TimedProtocol;
}) {
  const state = useExchangeTimings(connection, protocol);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(canvasRef);
  const [hover, setHover] = useState(-1);
  const [showNumbers, setShowNumbers] = useState(false);
  const { timings } = state;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0) return;
    let colors = readColors(canvas.parentElement ?? canvas);
    const throttle = frameThrottle(() => {
      const ctx = canvas.getContext('2d');
      if (ctx) drawResponses(ctx, size, timings, colors, hover);
    });
    throttle.request();
    const theme = new MutationObserver(() => {
      colors = readColors(canvas.parentElement ?? canvas);
      throttle.request();
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      theme.disconnect();
      throttle.cancel();
    };
  }, [size, timings, hover]);

  const summary = responseSummary(timings);
  return (
    <div className="traffic-view">
      <div className="traffic-toolbar" role="toolbar" aria-label="Response times view">
        <span className="traffic-caption">
          #{connection.id} · {PROTOCOL_NAME[protocol]}
          {state.busy ? ' · reading…' : ''}
          {state.capped ? ' · first 4 MiB each way' : ''}
        </span>
        <button type="button" aria-pressed={showNumbers} onClick={() => setShowNumbers((v) => !v)}>
          Show numbers
        </button>
        <ul className="traffic-legend" aria-label="Legend">
          <li>
            <span className="traffic-swatch traffic-swatch-wait" aria-hidden="true" />
            wait (request sent → first response byte)
          </li>
          <li>
            <span className="traffic-swatch traffic-swatch-transfer" aria-hidden="true" />
            until the response ended
          </li>
        </ul>
      </div>
      {state.error && (
        <p className="traffic-empty" role="alert">
          {state.error}
        </p>
      )}
      <div className="traffic-canvas-host response-host">
        <canvas
          ref={canvasRef}
          className="traffic-canvas"
          role="img"
          aria-label={summary}
          onPointerMove={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            setHover(exchangeAtX(timings.length, size.width, e.clientX - rect.left));
          }}
          onPointerLeave={() => setHover(-1)}
        />
      </div>
      <p className="traffic-readout">{hoverText(timings[hover])}</p>
      {showNumbers && <ResponseNumbers timings={timings} limit={500} />}
    </div>
  );
}
