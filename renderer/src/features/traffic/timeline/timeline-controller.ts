// The timeline's imperative half: it follows the store without React (a transient
// subscription), keeps the index in step once per frame, draws at most once per animation frame,
// and turns wheel, drag, click and keys into zoom, pan and selection. The component only
// mounts the canvas and shows what this reports (tooltip, numbers, follow state).
import type { StoreApi } from 'zustand';
import type { ConnectionInfo } from '../../../../../shared/model';
import type { PortholeState } from '../../../store/porthole-state';
import { endAt, fitRange, panBy, scaleEnd, xToTime, zoomAt, type TimeScale } from '../time-scale';
import { recordDraw } from '../draw-stats';
import { REMOVED } from './bar-state';
import { barBox, drawTimeline, Raster, type TimelineFrame } from './timeline-draw';
import { TimelineIndex } from './timeline-index';
import {
  AXIS_HEIGHT,
  LANE_HEADER,
  ROW_PITCH,
  barAt,
  layoutLanes,
  rowAt,
  visibleRange,
  type TimelineLayout,
} from './timeline-layout';
import { timelinePalette, type TimelinePalette } from './timeline-palette';
import { timelineSummary, laneLabelOf } from './timeline-text';

export interface HoverInfo {
  readonly connection: ConnectionInfo;
  readonly port: string;
  /** When it was hovered: an open connection's age is counted to then. */
  readonly now: number;
  /** Where to put the tooltip, in CSS pixels inside the canvas. */
  readonly x: number;
  readonly y: number;
}

export interface TimelineEvents {
  hover(info: HoverInfo | null): void;
  follow(following: boolean): void;
  /** The connections in view changed (only while someone wants them: see wantVisible). */
  visible(): void;
}

/** While connections are open (bars grow to "now"), redraw this often without new batches. */
const LIVE_REDRAW_MS = 250;
const DRAG_THRESHOLD = 3;
/** New connections indexed per slice, and the time per frame spent on slices. */
const SYNC_BUDGET = 1000;
const SYNC_SLICE_MS = 8;
/** Follow-live keeps a little room right of "now". */
const LIVE_MARGIN = 0.03;

export class TimelineController {
  readonly index = new TimelineIndex();
  private readonly raster = new Raster();
  private scale: TimeScale = { start: Date.now() - 60_000, msPerPx: 100 };
  private scrollTop = 0;
  private following = true;
  private fitted = false;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private palette: TimelinePalette | null = null;
  private layout: TimelineLayout = { lanes: [], height: 0 };
  private hovered = -1;
  private pointer: { x: number; y: number } | null = null;
  private drag: {
    x: number;
    y: number;
    scale: TimeScale;
    scrollTop: number;
    moved: boolean;
  } | null = null;
  private frame = 0;
  private cleanups: (() => void)[] = [];
  private label = '';
  wantVisible = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly store: StoreApi<PortholeState>,
    private readonly events: TimelineEvents,
  ) {}

  start(): void {
    const { canvas } = this;
    this.readPalette();
    const unsubscribe = this.store.subscribe((s, prev) => {
      if (s.shownCapture !== prev.shownCapture) this.index.reset();
      if (
        s.connectionsVersion !== prev.connectionsVersion ||
        s.selectedId !== prev.selectedId ||
        s.listenerOrder !== prev.listenerOrder
      ) {
        this.request();
      }
    });
    const resize = new ResizeObserver(() => this.measure());
    resize.observe(canvas);
    const theme = new MutationObserver(() => this.readPalette());
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => this.readPalette();
    scheme.addEventListener('change', onScheme);
    const timer = window.setInterval(() => {
      if (this.index.openCount > 0 || this.following) this.request();
    }, LIVE_REDRAW_MS);
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      options?: AddEventListenerOptions,
    ) => {
      canvas.addEventListener(type, fn, options);
      this.cleanups.push(() => canvas.removeEventListener(type, fn, options));
    };
    on('wheel', (e) => this.onWheel(e), { passive: false });
    on('pointerdown', (e) => this.onPointerDown(e));
    on('pointermove', (e) => this.onPointerMove(e));
    on('pointerup', (e) => this.onPointerUp(e));
    on('pointerleave', () => this.setHover(-1, null));
    on('keydown', (e) => this.onKey(e));
    this.cleanups.push(
      unsubscribe,
      () => resize.disconnect(),
      () => theme.disconnect(),
      () => scheme.removeEventListener('change', onScheme),
      () => window.clearInterval(timer),
      () => cancelAnimationFrame(this.frame),
    );
    this.measure();
  }

  stop(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  // ---- Commands (buttons and keys) ----

  zoom(factor: number, x = this.following ? this.width : this.width / 2): void {
    this.scale = zoomAt(this.scale, x, factor);
    if (this.following && x < this.width) this.setFollowing(false);
    this.request();
  }

  pan(dx: number): void {
    this.scale = panBy(this.scale, dx);
    if (dx < 0) this.setFollowing(false);
    this.request();
  }

  scrollRows(dy: number): void {
    this.scrollTop = this.clampScroll(this.scrollTop + dy);
    this.request();
  }

  /** Show everything captured. */
  fit(): void {
    this.setFollowing(false);
    this.fitNow();
    this.request();
  }

  follow(): void {
    this.setFollowing(true);
    this.request();
  }

  /** Connections in view, earliest first, at most `limit` (the text alternative's rows). */
  visibleConnections(limit: number): ConnectionInfo[] {
    const found: number[] = [];
    const t0 = this.scale.start;
    const t1 = scaleEnd(this.scale, this.width);
    for (const box of this.layout.lanes) {
      const lane = this.index.lanes[box.lane];
      if (!lane) continue;
      for (let r = 0; r < box.rows && found.length < 50_000; r++) {
        const y = AXIS_HEIGHT + box.top - this.scrollTop + LANE_HEADER + r * ROW_PITCH;
        if (y + ROW_PITCH < AXIS_HEIGHT || y > this.height) continue;
        const list = lane.rows[r] ?? [];
        const [lo, hi] = visibleRange(this.index, list, t0, t1);
        for (let k = lo; k < hi; k++) found.push(list[k] ?? 0);
      }
    }
    found.sort((a, b) => (this.index.start[a] ?? 0) - (this.index.start[b] ?? 0));
    const out: ConnectionInfo[] = [];
    for (const i of found) {
      const c = this.index.state[i] === REMOVED ? undefined : this.index.connection(i);
      if (c) out.push(c);
      if (out.length >= limit) break;
    }
    return out;
  }

  // ---- Drawing ----

  private request(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.draw());
  }

  private measure(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    this.canvas.width = Math.round(this.width * this.dpr);
    this.canvas.height = Math.round(this.height * this.dpr);
    this.request();
  }

  private readPalette(): void {
    this.palette = timelinePalette(this.canvas.parentElement ?? this.canvas);
    this.request();
  }

  private frameState(now: number): TimelineFrame | null {
    if (!this.palette) return null;
    const state = this.store.getState();
    const selected = state.selectedId === null ? -1 : (this.index.indexOf(state.selectedId) ?? -1);
    return {
      index: this.index,
      layout: this.layout,
      scale: this.scale,
      scrollTop: this.scrollTop,
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      now,
      palette: this.palette,
      laneLabel: (lane) => laneLabelOf(state.listeners, this.index.lanes[lane]?.key ?? ''),
      selected,
      hovered: this.hovered,
    };
  }

  private draw(): void {
    this.frame = 0;
    const startedAt = performance.now();
    const state = this.store.getState();
    const now = Date.now();
    const before = this.index.version;
    // Index new connections in slices until this frame's share of time is spent (a loaded
    // machine gets fewer per frame, not a longer frame); the rest waits for the next frame.
    const until = startedAt + SYNC_SLICE_MS;
    let behind: boolean;
    do behind = this.index.sync(state.connections, state.connectionIds, SYNC_BUDGET);
    while (behind && performance.now() < until);
    if (behind) this.request();
    this.layout = layoutLanes(this.index, state.listenerOrder);
    this.scrollTop = this.clampScroll(this.scrollTop);
    if (!this.fitted && !behind && this.index.live > 0) {
      // First data, once indexed: show all of it, then keep following "now".
      this.fitted = true;
      this.fitNow();
    }
    if (this.following) {
      const end = Math.max(now, this.index.last);
      this.scale = endAt(
        this.scale,
        end + this.width * LIVE_MARGIN * this.scale.msPerPx,
        this.width,
      );
    }
    const f = this.frameState(now);
    const ctx = this.canvas.getContext('2d');
    if (!f || !ctx) return;
    drawTimeline(ctx, this.raster, f);
    this.describe(state, f);
    recordDraw(this.canvas, startedAt);
    if (this.pointer && !this.drag && this.index.version !== before)
      this.hoverAt(this.pointer.x, this.pointer.y);
    if (this.wantVisible) this.events.visible();
  }

  /** The accessible summary and the view's range for tests and tools, written when changed. */
  private describe(state: PortholeState, f: TimelineFrame): void {
    const end = scaleEnd(f.scale, f.width);
    const label = timelineSummary(this.index, this.layout.lanes.length, f.scale.start, end);
    if (label !== this.label) {
      this.label = label;
      this.canvas.setAttribute('aria-label', label);
    }
    const d = this.canvas.dataset;
    d.viewStart = String(f.scale.start);
    d.viewEnd = String(end);
    d.scrollTop = String(this.scrollTop);
    d.lanes = JSON.stringify(
      this.layout.lanes.map((b) => ({
        port: laneLabelOf(state.listeners, this.index.lanes[b.lane]?.key ?? ''),
        top: b.top,
        rows: b.rows,
      })),
    );
  }

  private fitNow(): void {
    const first = this.index.first;
    const last = Math.max(this.index.last, this.index.openCount > 0 ? Date.now() : -Infinity);
    if (Number.isFinite(first) && Number.isFinite(last)) {
      this.scale = fitRange(first, last, this.width);
    }
  }

  private clampScroll(top: number): number {
    const room = this.layout.height - (this.height - AXIS_HEIGHT);
    return Math.max(0, Math.min(top, Math.max(0, room)));
  }

  private setFollowing(following: boolean): void {
    if (this.following === following) return;
    this.following = following;
    this.events.follow(following);
  }

  // ---- Input ----

  private local(e: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const { x } = this.local(e);
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.height : 1;
    if (e.shiftKey) this.scrollRows(e.deltaY * unit);
    else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.pan(e.deltaX * unit);
    else this.zoom(Math.exp(-e.deltaY * unit * 0.002), x);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const p = this.local(e);
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { ...p, scale: this.scale, scrollTop: this.scrollTop, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.local(e);
    this.pointer = p;
    const drag = this.drag;
    if (!drag) {
      this.hoverAt(p.x, p.y);
      return;
    }
    const dx = p.x - drag.x;
    const dy = p.y - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    drag.moved = true;
    this.setHover(-1, null);
    this.setFollowing(false);
    this.scale = panBy(drag.scale, -dx);
    this.scrollTop = this.clampScroll(drag.scrollTop - dy);
    this.request();
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (!drag || drag.moved) return;
    const p = this.local(e);
    const i = this.hit(p.x, p.y);
    const id = i >= 0 ? this.index.ids[i] : undefined;
    if (id !== undefined) this.store.getState().select(id);
  }

  private onKey(e: KeyboardEvent): void {
    const step = this.width / 10;
    const actions: Record<string, () => void> = {
      '+': () => this.zoom(1.5),
      '=': () => this.zoom(1.5),
      '-': () => this.zoom(1 / 1.5),
      ArrowLeft: () => this.pan(-step),
      ArrowRight: () => this.pan(step),
      ArrowUp: () => this.scrollRows(-3 * ROW_PITCH),
      ArrowDown: () => this.scrollRows(3 * ROW_PITCH),
      '0': () => this.fit(),
      Home: () => this.fit(),
      End: () => this.follow(),
    };
    const action = e.ctrlKey || e.metaKey || e.altKey ? undefined : actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  private hit(x: number, y: number): number {
    const at = rowAt(this.layout, y - AXIS_HEIGHT + this.scrollTop);
    if (y < AXIS_HEIGHT || !at) return -1;
    const bars = this.index.lanes[at.lane]?.rows[at.row];
    if (!bars) return -1;
    // A few pixels of slack: a 1 ms connection is a hairline when zoomed out.
    return barAt(this.index, bars, xToTime(this.scale, x), 4 * this.scale.msPerPx, Date.now());
  }

  private hoverAt(x: number, y: number): void {
    const i = this.hit(x, y);
    if (i < 0) {
      this.setHover(-1, null);
      return;
    }
    const c = this.index.connection(i);
    const f = this.frameState(Date.now());
    const box = f ? barBox(f, i) : null;
    if (!c || !box) return this.setHover(-1, null);
    const state = this.store.getState();
    this.setHover(i, {
      connection: c,
      port: laneLabelOf(state.listeners, c.listenerId),
      now: Date.now(),
      x,
      y: box.y + box.h,
    });
  }

  private setHover(i: number, info: HoverInfo | null): void {
    const changed = i !== this.hovered;
    this.hovered = i;
    this.events.hover(info);
    if (changed) this.request();
  }
}
