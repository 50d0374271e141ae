// Response times as bars, one per exchange in request order: the wait (last request byte to
// first response byte) solid, the rest of the response lighter on top. Thousands of exchanges
// share pixels: each pixel column shows the slowest of its exchanges.
import type { ExchangeTiming } from './exchange-timing';

export interface ResponseColors {
  readonly wait: string;
  readonly transfer: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
}

const CHART_LEFT = 56;
const TOP = 8;
const BOTTOM = 8;

export const waitOf = (t: ExchangeTiming): number | null =>
  t.replyAt === null ? null : Math.max(0, t.replyAt - t.sentAt);
export const totalOf = (t: ExchangeTiming): number | null =>
  t.replyEndAt === null ? null : Math.max(0, t.replyEndAt - t.requestAt);

/** A round top for the millisecond axis. */
function niceMs(value: number): number {
  for (const v of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000]) {
    if (v >= value) return v;
  }
  return Math.ceil(value / 60_000) * 60_000;
}

export const formatMs = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

/** Exchange under x (its position in the list), or -1. */
export function exchangeAtX(count: number, width: number, x: number): number {
  const plot = width - CHART_LEFT - 8;
  if (count === 0 || x < CHART_LEFT || x > CHART_LEFT + plot) return -1;
  return Math.min(count - 1, Math.floor(((x - CHART_LEFT) / plot) * count));
}

export function drawResponses(
  ctx: CanvasRenderingContext2D,
  size: { width: number; height: number; dpr: number },
  timings: readonly ExchangeTiming[],
  colors: ResponseColors,
  hover: number,
): void {
  const { width: W, height: H } = size;
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, W, H);
  let peak = 0;
  for (const t of timings) peak = Math.max(peak, totalOf(t) ?? waitOf(t) ?? 0);
  const top = niceMs(peak);
  const plotH = H - TOP - BOTTOM;
  const plotW = W - CHART_LEFT - 8;
  const y = (ms: number) => TOP + plotH - (ms / top) * plotH;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    const yy = Math.round(y(v)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(CHART_LEFT, yy);
    ctx.lineTo(W - 8, yy);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(formatMs(v), CHART_LEFT - 6, yy);
  }
  const n = timings.length;
  if (n === 0) return;
  const columns = Math.max(1, Math.floor(plotW));
  const perBar = plotW / n;
  const barW = perBar >= 3 ? Math.min(24, perBar * 0.8) : Math.max(1, perBar);
  // With more exchanges than pixels, each column draws the slowest exchange it covers.
  const step = n > columns ? n / columns : 1;
  for (let c = 0; c * step < n; c++) {
    let pick = Math.floor(c * step);
    const end = Math.min(n, Math.floor((c + 1) * step));
    for (let i = pick + 1; i < end; i++) {
      const a = timings[i];
      const b = timings[pick];
      if (a && b && (totalOf(a) ?? 0) > (totalOf(b) ?? 0)) pick = i;
    }
    const t = timings[pick];
    if (!t) continue;
    const x = CHART_LEFT + (n > columns ? c : pick * perBar + (perBar - barW) / 2);
    const w = n > columns ? 1 : barW;
    const wait = waitOf(t);
    const total = totalOf(t);
    if (total !== null) {
      ctx.fillStyle = colors.transfer;
      ctx.fillRect(x, y(total), w, y(0) - y(total));
    }
    if (wait !== null) {
      ctx.fillStyle = colors.wait;
      ctx.fillRect(x, y(wait), w, Math.max(1, y(0) - y(wait)));
    }
  }
  if (hover >= 0 && hover < n) {
    const x = CHART_LEFT + (hover + 0.5) * perBar;
    ctx.strokeStyle = colors.muted;
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, TOP);
    ctx.lineTo(Math.round(x) + 0.5, H - BOTTOM);
    ctx.stroke();
  }
}
