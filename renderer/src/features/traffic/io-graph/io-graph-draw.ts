// The I/O graph: bytes per second as filled step lines over time, "in" above the zero line and
// "out" mirrored below it — an echo or a proxy sends as much as it receives, and two series on
// the same side would hide one another. A time axis, a rate axis and a hover cursor. At most a few thousand buckets: cheap to redraw
// whole, which it is, at most once per frame.
import { formatBytes } from '../../../../../shared/format-bytes';
import { scaleEnd, tickLabel, ticks, tickStep, timeToX, type TimeScale } from '../time-scale';

export interface IoGraphColors {
  readonly in: string;
  readonly out: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
}

export interface IoGraphFrame {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  /** Epoch ms of bucket 0. */
  readonly from: number;
  readonly bucketMs: number;
  readonly in: Float64Array;
  readonly out: Float64Array;
  readonly colors: IoGraphColors;
  /** Bucket under the pointer, or -1. */
  readonly hover: number;
}

const PLOT_LEFT = 64;
const PLOT_TOP = 8;
const PLOT_BOTTOM = 20;

/**
 * A round top for the rate axis in binary units (the labels use KiB, MiB), whose quarters are
 * round too: 200 KiB/s gives 50, 100, 150, 200.
 */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1024;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(value) / Math.log(1024)));
  for (const m of [1, 2, 4, 8, 10, 20, 40, 60, 80, 100, 200, 400, 600, 800, 1000]) {
    if (m * unit >= value) return m * unit;
  }
  return 1024 * unit;
}

/** The time scale the graph uses: bucket 0 at the plot's left edge, the last at its right. */
function ioScale(f: Pick<IoGraphFrame, 'width' | 'from' | 'bucketMs' | 'in'>): TimeScale {
  const plot = Math.max(1, f.width - PLOT_LEFT - 8);
  const span = Math.max(1, f.in.length) * f.bucketMs;
  const msPerPx = span / plot;
  return { start: f.from - PLOT_LEFT * msPerPx, msPerPx };
}

export function drawIoGraph(ctx: CanvasRenderingContext2D, f: IoGraphFrame): void {
  const { width: W, height: H, colors } = f;
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, W, H);
  const perSecond = 1000 / f.bucketMs;
  let peak = 0;
  for (let i = 0; i < f.in.length; i++) {
    peak = Math.max(peak, (f.in[i] ?? 0) * perSecond, (f.out[i] ?? 0) * perSecond);
  }
  const top = niceMax(peak);
  const plotH = H - PLOT_TOP - PLOT_BOTTOM;
  const zero = PLOT_TOP + plotH / 2;
  /** Positive rates go up (in), negative down (out). */
  const y = (v: number) => zero - (v / top) * (plotH / 2);
  const scale = ioScale(f);
  const right = W - 8;

  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (let k = -2; k <= 2; k++) {
    const v = (top * k) / 2;
    const yy = Math.round(y(v)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(PLOT_LEFT, yy);
    ctx.lineTo(right, yy);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(`${formatBytes(Math.abs(v))}/s`, PLOT_LEFT - 6, yy);
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = colors.in;
  ctx.fillText('in ↑', PLOT_LEFT + 4, PLOT_TOP + 8);
  ctx.fillStyle = colors.out;
  ctx.fillText('out ↓', PLOT_LEFT + 4, H - PLOT_BOTTOM - 8);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  const step = tickStep(scale.msPerPx, 90);
  for (const t of ticks(f.from, scaleEnd(scale, W - 8), step)) {
    const x = Math.round(timeToX(scale, t)) + 0.5;
    if (x < PLOT_LEFT || x > right) continue;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(x, PLOT_TOP);
    ctx.lineTo(x, H - PLOT_BOTTOM + 4);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    const label = tickLabel(t, step);
    // A label that would run off the right edge is left out rather than cut.
    if (x + 3 + ctx.measureText(label).width <= W) ctx.fillText(label, x + 3, H - 5);
  }

  const series = (data: Float64Array, colour: string, sign: 1 | -1) => {
    const bucketW = f.bucketMs / scale.msPerPx;
    ctx.beginPath();
    ctx.moveTo(PLOT_LEFT, y(0));
    for (let i = 0; i < data.length; i++) {
      const x = PLOT_LEFT + i * bucketW;
      const yy = y(sign * (data[i] ?? 0) * perSecond);
      ctx.lineTo(x, yy);
      ctx.lineTo(x + bucketW, yy);
    }
    ctx.lineTo(PLOT_LEFT + data.length * bucketW, y(0));
    ctx.closePath();
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.lineWidth = 1;
  };
  series(f.in, colors.in, 1);
  series(f.out, colors.out, -1);

  if (f.hover >= 0 && f.hover < f.in.length) {
    const bucketW = f.bucketMs / scale.msPerPx;
    const x = Math.round(PLOT_LEFT + (f.hover + 0.5) * bucketW) + 0.5;
    ctx.strokeStyle = colors.text;
    ctx.globalAlpha = 0.6;
    ctx.beginPath();
    ctx.moveTo(x, PLOT_TOP);
    ctx.lineTo(x, H - PLOT_BOTTOM);
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
}

/** Bucket under x, or -1. */
export function bucketAtX(
  f: Pick<IoGraphFrame, 'width' | 'from' | 'bucketMs' | 'in'>,
  x: number,
): number {
  const scale = ioScale(f);
  const b = Math.floor((x - PLOT_LEFT) / (f.bucketMs / scale.msPerPx));
  return b >= 0 && b < f.in.length ? b : -1;
}
