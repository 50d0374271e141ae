// Time ↔ pixel mapping shared by the timeline and the I/O graph. A scale is a left edge in epoch
// milliseconds and a zoom in milliseconds per CSS pixel, so pan and zoom are exact inverses and
// never accumulate rounding from a stored "end".

export interface TimeScale {
  /** Epoch ms at x = 0. */
  readonly start: number;
  /** Milliseconds per CSS pixel (> 0). */
  readonly msPerPx: number;
}

/** Closest zoom: 1 px = 10 µs. Farthest: a pixel per day is enough for any capture. */
const MIN_MS_PER_PX = 0.01;
const MAX_MS_PER_PX = 86_400_000;

export const timeToX = (scale: TimeScale, t: number): number => (t - scale.start) / scale.msPerPx;
export const xToTime = (scale: TimeScale, x: number): number => scale.start + x * scale.msPerPx;
export const scaleEnd = (scale: TimeScale, width: number): number =>
  scale.start + width * scale.msPerPx;

const clampZoom = (msPerPx: number): number =>
  Math.min(MAX_MS_PER_PX, Math.max(MIN_MS_PER_PX, msPerPx));

/** Zoom by `factor` (> 1 zooms in) keeping the time under `x` where it is. */
export function zoomAt(scale: TimeScale, x: number, factor: number): TimeScale {
  const msPerPx = clampZoom(scale.msPerPx / factor);
  const anchor = xToTime(scale, x);
  return { start: anchor - x * msPerPx, msPerPx };
}

/** Move the view by `dx` pixels (positive shows later times). */
export function panBy(scale: TimeScale, dx: number): TimeScale {
  return { start: scale.start + dx * scale.msPerPx, msPerPx: scale.msPerPx };
}

/** A scale showing [from, to] across `width` pixels, with a small margin either side. */
export function fitRange(from: number, to: number, width: number, marginPx = 8): TimeScale {
  const span = Math.max(to - from, 1);
  const usable = Math.max(width - 2 * marginPx, 1);
  const msPerPx = clampZoom(span / usable);
  return { start: from - marginPx * msPerPx, msPerPx };
}

/** A scale whose right edge is `end`, same zoom: how "follow live" keeps now in view. */
export function endAt(scale: TimeScale, end: number, width: number): TimeScale {
  return { start: end - width * scale.msPerPx, msPerPx: scale.msPerPx };
}

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000,
];

/** Tick step for at least `minPx` pixels between ticks. */
export function tickStep(msPerPx: number, minPx = 80): number {
  const want = msPerPx * minPx;
  for (const step of STEPS_MS) if (step >= want) return step;
  return STEPS_MS[STEPS_MS.length - 1] ?? 86_400_000;
}

/**
 * Tick times in [from, to] at a round step. Rounded in local time for steps of a minute and
 * more, so "14:05" ticks land on the clock's minutes whatever the time zone.
 */
export function ticks(from: number, to: number, step: number): number[] {
  const offset = step >= 60_000 ? new Date(from).getTimezoneOffset() * 60_000 : 0;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const out: number[] = [];
  for (let t = first; t <= to && out.length < 500; t += step) out.push(t);
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A tick label precise enough for the step: "14:05", "14:05:10", "14:05:10.250". */
export function tickLabel(t: number, step: number): string {
  const d = new Date(t);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (step >= 60_000) return hm;
  const hms = `${hm}:${pad(d.getSeconds())}`;
  if (step >= 1000) return hms;
  return `${hms}.${pad(d.getMilliseconds(), 3)}`;
}
