// The connections timeline with 100,000 connections, drawn by its real code in Chromium: time
// to index them, to draw the whole range, and to pan and zoom one step — against filling the
// same number of rectangles on a bare canvas of the same size in the same page. The timeline's
// modules are bundled with esbuild and run in a blank page, so the figures are the drawing's
// own, not the app's. Each draw is followed by a one-pixel read-back, so deferred canvas work
// is paid inside the measurement for both sides. Run alone: node --import tsx bench/timeline-draw.ts
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { median } from './median';

export interface TimelineDrawResult {
  readonly connections: number;
  readonly width: number;
  readonly height: number;
  readonly rounds: number;
  readonly indexMs: number;
  /** The slowest per-frame slice of indexing (4,000 connections). */
  readonly sliceMs: number;
  /** Medians per round. */
  readonly drawMs: readonly number[];
  readonly panMs: readonly number[];
  readonly zoomMs: readonly number[];
  readonly bareMs: readonly number[];
  /** The slowest single draw, pan or zoom step in any round. */
  readonly worstStepMs: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));

const ENTRY = `
import { TimelineIndex } from './renderer/src/features/traffic/timeline/timeline-index';
import { layoutLanes } from './renderer/src/features/traffic/timeline/timeline-layout';
import { drawTimeline, Raster } from './renderer/src/features/traffic/timeline/timeline-draw';
import { fromRgb } from './renderer/src/features/traffic/timeline/timeline-palette';
import { fitRange, panBy, zoomAt } from './renderer/src/features/traffic/time-scale';
window.timeline = { TimelineIndex, layoutLanes, drawTimeline, Raster, fromRgb, fitRange, panBy, zoomAt };
`;

async function bundle(): Promise<string> {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** Runs in the page: builds the data, measures, returns figures. */
function inPage(args: { n: number; width: number; height: number; rounds: number; steps: number }) {
  type Api = {
    TimelineIndex: new () => {
      sync(m: Map<number, unknown>, ids: number[], budget: number): boolean;
      first: number;
      last: number;
    };
    layoutLanes(index: unknown, order: string[]): unknown;
    drawTimeline(ctx: CanvasRenderingContext2D, raster: unknown, frame: unknown): unknown;
    Raster: new () => unknown;
    fromRgb(...c: unknown[]): unknown;
    fitRange(a: number, b: number, w: number): { start: number; msPerPx: number };
    panBy(s: unknown, dx: number): { start: number; msPerPx: number };
    zoomAt(s: unknown, x: number, f: number): { start: number; msPerPx: number };
  };
  const api = (window as unknown as { timeline: Api }).timeline;
  const { n, width, height, rounds, steps } = args;
  // A seeded generator: every run draws the same picture.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const t0 = 1_700_000_000_000;
  const span = 3_600_000;
  const connections = new Map<number, unknown>();
  const ids: number[] = [];
  let at = t0;
  for (let id = 1; id <= n; id++) {
    at += (span / n) * 2 * rand();
    // Mostly short-lived (tens of ms to seconds), some long-lived, a few still open.
    const r = rand();
    const life = r < 0.9 ? 20 + 3000 * rand() : r < 0.99 ? 60_000 * rand() : Infinity;
    const closedAt = life === Infinity ? null : at + life;
    const states = ['client-closed', 'client-reset', 'error', 'closed-by-user'];
    connections.set(id, {
      id,
      listenerId: `L${id % 10}`,
      openedAt: at,
      closedAt,
      state: closedAt === null ? 'open' : 'closed',
      endReason: closedAt === null ? null : states[Math.floor(rand() * rand() * 4)],
      in: { received: Math.floor(2 ** (rand() * 24)) },
      out: { received: Math.floor(2 ** (rand() * 20)) },
    });
    ids.push(id);
  }
  const now = at + 1000;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext('2d', { willReadFrequently: false });
  if (!ctx) throw new Error('no 2d context');
  const rgb = (r: number, g: number, b: number) => ({ r, g, b });
  const palette = api.fromRgb(
    rgb(255, 255, 255),
    rgb(248, 249, 251),
    rgb(29, 33, 39),
    rgb(95, 104, 115),
    rgb(221, 225, 230),
    rgb(37, 99, 201),
    [rgb(37, 99, 201), rgb(14, 116, 144), rgb(138, 146, 156), rgb(194, 65, 12), rgb(194, 38, 46)],
  );
  const flush = () => ctx.getImageData(0, 0, 1, 1);

  // Indexed as the view does, in per-frame slices: the total, and the slowest slice.
  const index = new api.TimelineIndex();
  let indexMs = 0;
  let sliceMs = 0;
  for (let more = true; more;) {
    const s0 = performance.now();
    more = index.sync(connections, ids, 4000);
    const ms = performance.now() - s0;
    indexMs += ms;
    sliceMs = Math.max(sliceMs, ms);
  }
  const layout = api.layoutLanes(index, []);
  const raster = new api.Raster();
  const draw = (scale: unknown) => {
    const start = performance.now();
    api.drawTimeline(ctx, raster, {
      index,
      layout,
      scale,
      scrollTop: 0,
      width,
      height,
      dpr: 1,
      now,
      palette,
      laneLabel: (lane: number) => `TCP :${5000 + lane}`,
      selected: -1,
      hovered: -1,
    });
    flush();
    return performance.now() - start;
  };
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const drawMs: number[] = [];
  const panMs: number[] = [];
  const zoomMs: number[] = [];
  const bareMs: number[] = [];
  let worst = 0;
  const fit = api.fitRange(index.first, now, width);
  // One untimed draw: the first allocates the pixel buffer and warms the code up.
  draw(fit);
  for (let round = 0; round < rounds; round++) {
    const d: number[] = [];
    for (let i = 0; i < steps; i++) d.push(draw(fit));
    const p: number[] = [];
    let scale = fit;
    for (let i = 0; i < steps; i++) p.push(draw((scale = api.panBy(scale, width / 10))));
    const z: number[] = [];
    scale = fit;
    for (let i = 0; i < steps; i++) z.push(draw((scale = api.zoomAt(scale, width / 2, 1.25))));
    // The bare canvas: the same number of rectangles, five colours, no culling.
    const b: number[] = [];
    const colours = ['#2563c9', '#0e7490', '#8a929c', '#c2410c', '#c2262e'];
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      for (let c = 0; c < colours.length; c++) {
        ctx.fillStyle = colours[c] ?? '#000';
        for (let k = c; k < n; k += colours.length) {
          ctx.fillRect(rand() * width, rand() * height, 1 + rand() * 20, 2 + rand() * 6);
        }
      }
      flush();
      b.push(performance.now() - start);
    }
    worst = Math.max(worst, ...d, ...p, ...z);
    drawMs.push(med(d));
    panMs.push(med(p));
    zoomMs.push(med(z));
    bareMs.push(med(b));
  }
  return { indexMs, sliceMs, drawMs, panMs, zoomMs, bareMs, worst };
}

export async function measureTimelineDraw(
  connections = 100_000,
  rounds = 5,
  steps = 15,
): Promise<TimelineDrawResult> {
  const code = await bundle();
  const browser = await chromium.launch({
    executablePath: process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const width = 1400;
    const height = 600;
    const page = await browser.newPage({ viewport: { width, height: height + 100 } });
    await page.setContent('<!doctype html><body style="margin:0"></body>');
    await page.addScriptTag({ content: code });
    // tsx compiles this file keeping function names (a `__name` helper): give the page one.
    await page.evaluate('globalThis.__name = (f) => f');
    const r = await page.evaluate(inPage, { n: connections, width, height, rounds, steps });
    return {
      connections,
      width,
      height,
      rounds,
      indexMs: r.indexMs,
      sliceMs: r.sliceMs,
      drawMs: r.drawMs,
      panMs: r.panMs,
      zoomMs: r.zoomMs,
      bareMs: r.bareMs,
      worstStepMs: r.worst,
    };
  } finally {
    await browser.close();
  }
}

/** Lines for the report: medians of the rounds, ratios against the bare canvas with spread. */
export function timelineDrawReport(r: TimelineDrawResult): string[] {
  const f1 = (x: number) => x.toFixed(1);
  const line = (label: string, ms: readonly number[]) => {
    const ratios = ms.map((m, i) => m / (r.bareMs[i] ?? 1));
    return `  ${label} ${f1(median(ms))} ms (rounds ${f1(Math.min(...ms))}–${f1(Math.max(...ms))}), ratio ${median(ratios).toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
  };
  return [
    `Timeline with ${r.connections.toLocaleString('en')} connections on 10 ports, ${r.width}×${r.height} canvas, median of ${r.rounds} rounds:`,
    `  indexing them               ${f1(r.indexMs)} ms in 4,000-connection slices, slowest slice ${f1(r.sliceMs)} ms`,
    `  bare canvas, same number of rectangles ${f1(median(r.bareMs))} ms (rounds ${f1(Math.min(...r.bareMs))}–${f1(Math.max(...r.bareMs))})`,
    line('draw, whole hour in view  ', r.drawMs),
    line('pan one step (10 %)       ', r.panMs),
    line('zoom one step (×1.25)     ', r.zoomMs),
    `  slowest single draw, pan or zoom step ${f1(r.worstStepMs)} ms  (target < 50 ms: no long task)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measureTimelineDraw()
    .then((r) => console.log(timelineDrawReport(r).join('\n')))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
