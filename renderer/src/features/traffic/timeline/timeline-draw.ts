// Draws the timeline: bars are rasterised straight into one ImageData (a typed-array fill per
// bar line, no canvas state changes), then text and outlines go on top with the 2D context.
// Work is bounded by what is on screen: only visible rows are visited, only their bars in the
// visible time range (binary search), and where many bars fall in one device pixel the walk
// jumps past them, so 100,000 connections cost about as much as the pixels they cover.
import { plural } from '../../../../../shared/format-bytes';
import { REMOVED, thicknessOf } from './bar-state';
import type { TimelineIndex } from './timeline-index';
import {
  AXIS_HEIGHT,
  LANE_HEADER,
  ROW_PITCH,
  visibleRange,
  type TimelineLayout,
} from './timeline-layout';
import type { TimelinePalette } from './timeline-palette';
import { scaleEnd, tickLabel, ticks, tickStep, timeToX, type TimeScale } from '../time-scale';

export interface TimelineFrame {
  readonly index: TimelineIndex;
  readonly layout: TimelineLayout;
  readonly scale: TimeScale;
  readonly scrollTop: number;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly now: number;
  readonly palette: TimelinePalette;
  readonly laneLabel: (lane: number) => string;
  readonly selected: number;
  readonly hovered: number;
}

/** A reusable pixel buffer: a new ImageData only when the canvas size changes. */
export class Raster {
  private image: ImageData | null = null;
  pixels = new Uint32Array(0);

  frame(width: number, height: number): ImageData {
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.image = new ImageData(Math.max(1, width), Math.max(1, height));
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    return this.image;
  }
}

export interface DrawStats {
  /** Bars visited (drawn or merged into a pixel already drawn). */
  readonly bars: number;
}

export function drawTimeline(
  ctx: CanvasRenderingContext2D,
  raster: Raster,
  f: TimelineFrame,
): DrawStats {
  const W = Math.round(f.width * f.dpr);
  const H = Math.round(f.height * f.dpr);
  const image = raster.frame(W, H);
  const px = raster.pixels;
  px.fill(f.palette.background);
  const bars = rasteriseBars(px, W, H, f);
  ctx.putImageData(image, 0, 0);
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  drawAxis(ctx, f);
  drawLaneLabels(ctx, f);
  drawMarks(ctx, f);
  return { bars };
}

function fillRect(
  px: Uint32Array,
  W: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  c: number,
): void {
  for (let y = y0; y < y1; y++) px.fill(c, y * W + x0, y * W + x1);
}

function rasteriseBars(px: Uint32Array, W: number, H: number, f: TimelineFrame): number {
  const { index, scale, dpr, palette } = f;
  const t0 = scale.start;
  const t1 = scaleEnd(scale, f.width);
  const k = dpr / scale.msPerPx;
  const clipTop = Math.round(AXIS_HEIGHT * dpr);
  const maxBar = ROW_PITCH * 0.8 * dpr;
  let visited = 0;
  for (const box of f.layout.lanes) {
    const laneTop = AXIS_HEIGHT + box.top - f.scrollTop;
    const rowsTop = laneTop + LANE_HEADER;
    if (rowsTop + box.rows * ROW_PITCH < AXIS_HEIGHT || laneTop > f.height) continue;
    const bandTop = Math.max(clipTop, Math.round(laneTop * dpr));
    const bandBottom = Math.min(H, Math.round(rowsTop * dpr));
    if (bandBottom > bandTop) fillRect(px, W, 0, W, bandTop, bandBottom, palette.band);
    const lane = index.lanes[box.lane];
    if (!lane) continue;
    const firstRow = Math.max(0, Math.floor((AXIS_HEIGHT - rowsTop) / ROW_PITCH));
    const lastRow = Math.min(box.rows, Math.ceil((f.height - rowsTop) / ROW_PITCH));
    for (let r = firstRow; r < lastRow; r++) {
      const list = lane.rows[r];
      if (!list) continue;
      const centre = (rowsTop + r * ROW_PITCH + ROW_PITCH / 2) * dpr;
      const [first, hi] = visibleRange(index, list, t0, t1);
      let lo = first;
      while (lo < hi) {
        const i = list[lo] ?? 0;
        visited++;
        const state = index.state[i] ?? REMOVED;
        const start = index.start[i] ?? 0;
        const end = Math.min(index.end[i] ?? 0, f.now);
        const xs = (start - t0) * k;
        const x0 = Math.max(0, Math.floor(xs));
        let x1 = Math.min(W, Math.max(x0 + 1, Math.ceil((end - t0) * k)));
        if (state !== REMOVED && x0 < W) {
          // A one-pixel gap after wide bars keeps back-to-back connections apart.
          if (x1 - x0 >= 3 * dpr) x1 -= 1;
          const h = Math.max(
            2,
            Math.round(maxBar * thicknessOf((index.bytesIn[i] ?? 0) + (index.bytesOut[i] ?? 0))),
          );
          const y0 = Math.max(clipTop, Math.round(centre - h / 2));
          const y1 = Math.min(H, y0 + h);
          if (y1 > y0) {
            fillRect(px, W, x0, x1, y0, y1, palette.states[state] ?? 0);
            if (x1 - x0 >= 4) fillRect(px, W, x0, x0 + 1, y0, y1, palette.edges[state] ?? 0);
          }
        }
        lo++;
        if (x1 - x0 <= 1 && lo < hi) {
          // Everything ending before the next device pixel would land in this one: skip it.
          const next = t0 + (x0 + 1) / k;
          let a = lo;
          let b = hi;
          while (a < b) {
            const mid = (a + b) >>> 1;
            if ((index.end[list[mid] ?? 0] ?? 0) < next) a = mid + 1;
            else b = mid;
          }
          lo = a;
        }
      }
    }
  }
  return visited;
}

function drawAxis(ctx: CanvasRenderingContext2D, f: TimelineFrame): void {
  const { palette, scale } = f;
  ctx.fillStyle = palette.css.axis;
  ctx.fillRect(0, 0, f.width, AXIS_HEIGHT);
  const step = tickStep(scale.msPerPx);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.css.muted;
  ctx.strokeStyle = palette.css.grid;
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of ticks(scale.start, scaleEnd(scale, f.width), step)) {
    const x = Math.round(timeToX(scale, t)) + 0.5;
    ctx.moveTo(x, AXIS_HEIGHT - 5);
    ctx.lineTo(x, f.height);
    const label = tickLabel(t, step);
    if (x + 3 + ctx.measureText(label).width <= f.width)
      ctx.fillText(label, x + 3, AXIS_HEIGHT / 2);
  }
  ctx.globalAlpha = 0.5;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function drawLaneLabels(ctx: CanvasRenderingContext2D, f: TimelineFrame): void {
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = f.palette.css.text;
  for (const box of f.layout.lanes) {
    const y = AXIS_HEIGHT + box.top - f.scrollTop + LANE_HEADER / 2;
    if (y < AXIS_HEIGHT || y > f.height) continue;
    const lane = f.index.lanes[box.lane];
    const count = lane
      ? ` · ${plural(lane.count, 'connection', 'connections')}, ${box.rows} at most at once`
      : '';
    ctx.fillText(`${f.laneLabel(box.lane)}${count}`, 6, y);
  }
}

/** Bar outline in CSS pixels, or null when the bar is not on screen. */
export function barBox(
  f: TimelineFrame,
  i: number,
): { x: number; y: number; w: number; h: number } | null {
  const { index } = f;
  if (i < 0 || i >= index.count || index.state[i] === REMOVED) return null;
  const box = f.layout.lanes.find((b) => b.lane === index.lane[i]);
  if (!box) return null;
  const x0 = timeToX(f.scale, index.start[i] ?? 0);
  const x1 = Math.max(x0 + 1, timeToX(f.scale, Math.min(index.end[i] ?? 0, f.now)));
  const y = AXIS_HEIGHT + box.top - f.scrollTop + LANE_HEADER + (index.row[i] ?? 0) * ROW_PITCH;
  return { x: x0, y, w: x1 - x0, h: ROW_PITCH };
}

function drawMarks(ctx: CanvasRenderingContext2D, f: TimelineFrame): void {
  const nowX = timeToX(f.scale, f.now);
  if (nowX >= 0 && nowX <= f.width) {
    ctx.fillStyle = f.palette.css.accent;
    ctx.fillRect(Math.round(nowX), AXIS_HEIGHT, 1, f.height - AXIS_HEIGHT);
  }
  const outline = (i: number, colour: string, width: number) => {
    const b = barBox(f, i);
    if (!b || b.y + b.h < AXIS_HEIGHT || b.y > f.height) return;
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    const x = Math.max(-2, b.x);
    const w = Math.min(f.width + 2, b.x + b.w) - x;
    ctx.strokeRect(x - 1, b.y + 0.5, Math.max(w, 1) + 2, b.h - 1);
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_HEIGHT, f.width, f.height - AXIS_HEIGHT);
  ctx.clip();
  if (f.hovered >= 0 && f.hovered !== f.selected) outline(f.hovered, f.palette.css.accent, 1);
  if (f.selected >= 0) outline(f.selected, f.palette.css.selected, 2);
  ctx.restore();
}
