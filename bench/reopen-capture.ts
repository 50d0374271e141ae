// Reopening a big capture: an engine records 1 GiB on disk (16 connections of 64 MiB plus 2,000
// small ones) and stops. Browser mode is started on that folder and we time the click that opens
// the last capture to its first painted rows; then, over several rounds, a fresh engine answers
// what the first screen needs — the list of captures, the first page of connections and the
// first 64 KiB of a payload — and we time that. The baseline is the same for a capture of 1 MiB
// in the same run (the ratio is what size costs). The file is in the page cache (it was just
// written), as it is when someone reopens what they captured a moment ago.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatchCommand, type CommandName } from '../shared/contract';
import type { CaptureSummary, ConnectionInfo, ListenerInfo } from '../shared/model';
import { createEngine, type Engine } from '../engine';
import { blast } from './capture-throughput';
import { median } from './median';
import { chromium } from '@playwright/test';
import { connect } from 'node:net';
import { startPortholeServer } from '../test/e2e/support/porthole-server';
import { once } from 'node:events';

export interface ReopenResult {
  /**
   * Browser mode started on the big capture's folder: page load to the offer to open the last
   * capture, and a click on it to its first rows painted.
   */
  readonly painted: { readonly loadMs: number; readonly openMs: number; readonly totalMs: number };
  /** Each round's page load + open (a fresh server and tab each; the browser stays running). */
  readonly paintedSamplesMs: readonly number[];
  readonly bigBytes: number;
  readonly bigConnections: number;
  readonly bigMs: number;
  readonly bigSamplesMs: readonly number[];
  readonly smallMs: number;
  readonly smallSamplesMs: readonly number[];
}

const MiB = 1024 * 1024;

async function call<T>(engine: Engine, name: CommandName, args: unknown): Promise<T> {
  const result = await dispatchCommand(engine.handlers, name, args);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

async function smallConnection(port: number): Promise<void> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.end('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await once(socket, 'close');
}

async function record(dataDir: string, big: number, bigBytes: number, small: number) {
  const engine = createEngine({
    persist: { dataDir },
    limits: { perConnectionBytes: bigBytes * 2, totalBytes: 4 * 1024 * MiB },
  });
  try {
    const port = (await call<ListenerInfo>(engine, 'openListener', { port: 0 })).port ?? 0;
    for (let i = 0; i < big; i++) await blast(port, bigBytes);
    for (let i = 0; i < small; i++) await smallConnection(port);
  } finally {
    await engine.close();
  }
}

/** Fresh engine: list captures, first page of the past one, first 64 KiB of its first payload. */
async function firstScreenMs(dataDir: string): Promise<number> {
  const engine = createEngine({ persist: { dataDir } });
  try {
    const started = performance.now();
    const captures = await call<CaptureSummary[]>(engine, 'listCaptures', {});
    const past = captures.find((c) => !c.current);
    if (past === undefined) throw new Error('no past capture');
    const page = await call<{ connections: ConnectionInfo[] }>(engine, 'listConnections', {
      capture: past.id,
      limit: 200,
    });
    const first = page.connections[0];
    if (first === undefined) throw new Error('no connections');
    await call(engine, 'readPayload', {
      capture: past.id,
      connectionId: first.id,
      direction: 'in',
      offset: 0,
      length: 64 * 1024,
    });
    return performance.now() - started;
  } finally {
    await engine.close();
  }
}

/**
 * Browser mode started on the folder, as after a restart: how long the page takes to offer the
 * last capture, and from a click on that "Open it" to the first animation frame that shows its
 * rows — measured inside the page, so Playwright's round trips stay out of it.
 */
async function firstPaintedScreen(dataDir: string): Promise<{ loadMs: number; openMs: number }> {
  const server = await startPortholeServer([], { dataDir });
  const browser = await chromium.launch({
    executablePath: process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // When the offer to open the last capture first shows, in ms since navigation began: the
    // engine has listed the captures (which opens the last one) by then.
    await page.addInitScript(() => {
      const w = window as unknown as { __offerAt?: number };
      new MutationObserver(() => {
        if (w.__offerAt !== undefined) return;
        const offer = document.querySelector('button[aria-label^="Open it: your last capture"]');
        if (offer !== null) w.__offerAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(await server.link());
    await page.getByRole('button', { name: /^Open it: your last capture/ }).waitFor();
    const offerAt = await page.evaluate(
      () => (window as unknown as { __offerAt?: number }).__offerAt ?? NaN,
    );
    const openMs = await page.evaluate(async () => {
      const button = [...document.querySelectorAll('button')].find((b) =>
        b.getAttribute('aria-label')?.startsWith('Open it: your last capture'),
      );
      if (button === undefined) throw new Error('no "Open it" button');
      const start = performance.now();
      button.click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const grid = document.querySelector('[role="grid"][aria-label="Connections"]');
        if ((grid?.querySelectorAll('[role="row"]').length ?? 0) > 1) break;
        if (performance.now() - start > 30_000) throw new Error('no rows appeared');
      }
      return performance.now() - start;
    });
    return { loadMs: offerAt, openMs };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function measureReopen(rounds = 5): Promise<ReopenResult> {
  const bigDir = mkdtempSync(join(tmpdir(), 'porthole-bench-reopen-'));
  const smallDir = mkdtempSync(join(tmpdir(), 'porthole-bench-reopen-small-'));
  try {
    const big = 16;
    const bigBytes = 64 * MiB;
    const small = 2000;
    await record(bigDir, big, bigBytes, small);
    await record(smallDir, 1, MiB, 0);
    // A fresh server and tab each round, as after a restart; the median of three, since one
    // page load on a busy machine varies by hundreds of milliseconds.
    const paintedRounds: { loadMs: number; openMs: number }[] = [];
    for (let i = 0; i < 3; i++) paintedRounds.push(await firstPaintedScreen(bigDir));
    const totals = paintedRounds.map((r) => r.loadMs + r.openMs);
    const painted = {
      loadMs: median(paintedRounds.map((r) => r.loadMs)),
      openMs: median(paintedRounds.map((r) => r.openMs)),
      totalMs: median(totals),
    };
    const bigSamples: number[] = [];
    const smallSamples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Each round opens afresh (a new engine) and writes nothing worth keeping.
      bigSamples.push(await firstScreenMs(bigDir));
      smallSamples.push(await firstScreenMs(smallDir));
    }
    return {
      painted,
      paintedSamplesMs: totals,
      bigBytes: big * bigBytes,
      bigConnections: big + small,
      bigMs: median(bigSamples),
      bigSamplesMs: bigSamples,
      smallMs: median(smallSamples),
      smallSamplesMs: smallSamples,
    };
  } finally {
    rmSync(bigDir, { recursive: true, force: true });
    rmSync(smallDir, { recursive: true, force: true });
  }
}
