// Where the window opens: where the user left it (size, position, maximised), as long as that
// is still on a display. Pure placement plus a small JSON file in the user-data folder; the
// Electron side (create-window.ts) feeds it the displays' work areas and saves on changes.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState extends Rect {
  readonly maximized: boolean;
}

const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of a window must lie on a display (to grab its title bar) to stay where it was. */
const MIN_VISIBLE = { width: 160, height: 48 } as const;

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** The size, no smaller than the window's minimum, no bigger than the area (which wins). */
function fitSize(width: number, height: number, area: Rect) {
  return {
    width: Math.min(Math.max(width, MIN_SIZE.width), area.width),
    height: Math.min(Math.max(height, MIN_SIZE.height), area.height),
  };
}

function centred(width: number, height: number, area: Rect): Rect {
  const size = fitSize(width, height, area);
  return {
    x: Math.round(area.x + (area.width - size.width) / 2),
    y: Math.round(area.y + (area.height - size.height) / 2),
    ...size,
  };
}

/**
 * Bounds to open the window with. A saved window that still shows enough on some display is
 * kept on the display it overlaps most, moved and shrunk only as much as it takes to fit that
 * display's work area (so its title bar is reachable); otherwise (a display unplugged, a
 * smaller screen) it is centred on the primary display.
 */
export function placeWindow(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
): WindowState {
  if (saved === null)
    return { ...centred(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false };
  let best: { area: Rect; size: number } | null = null;
  for (const area of workAreas) {
    const shared = overlap(saved, area);
    if (!shared) continue;
    if (shared.width < MIN_VISIBLE.width || shared.height < MIN_VISIBLE.height) continue;
    const size = shared.width * shared.height;
    if (!best || size > best.size) best = { area, size };
  }
  if (!best) return { ...centred(saved.width, saved.height, primary), maximized: saved.maximized };
  const { area } = best;
  const size = fitSize(saved.width, saved.height, area);
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height);
  return { x, y, ...size, maximized: saved.maximized };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The saved file's content, or null when it is missing, damaged or from another shape. */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (!isNumber(r.x) || !isNumber(r.y) || !isNumber(r.width) || !isNumber(r.height)) return null;
  if (r.width <= 0 || r.height <= 0) return null;
  return { x: r.x, y: r.y, width: r.width, height: r.height, maximized: r.maximized === true };
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Written whole, then renamed over the old file, so a crash mid-write leaves the old one. */
export function writeWindowState(file: string, state: WindowState): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
