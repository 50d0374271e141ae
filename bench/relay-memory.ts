// Relay memory: the peak RSS of the process running Porthole's relay while 256 MiB go through it
// to a slow reader, against the same process idle just before, over the same kind of sampling.
//
// A slow reader is where an unbounded relay would grow: the fast side keeps sending and every
// byte the reader has not taken waits somewhere. Porthole stops reading the fast side instead,
// so what it holds is its bounded queue and socket buffers. Download: the upstream sends as fast
// as it can, the client reads slowly. Upload: the client sends as fast as it can, the upstream
// reads slowly. Both ends are processes of their own (tcp-endpoint.mjs, tcp-reader.mjs,
// tcp-blaster.mjs), so the RSS measured is the engine's. Capture is limited to 8 MiB per
// connection, so the figure is the relay's, not what it keeps. (The unit tests check the same
// bound in bytes: where the fast side stalls, and the engine's own capture figures.)
import { fileURLToPath } from 'node:url';
import { dispatchCommand } from '../shared/contract';
import type { ConnectionInfo, ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { launchNodeScript } from './client-launcher';
import { median } from './median';
import { startUpstream, type Direction, type Upstream } from './relay-throughput';

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const MiB = 1024 * 1024;

/** The slow reader stops reading for this long after each read (at most 64 KiB a read). */
const READER_PAUSE_MS = 1;
const SAMPLE_EVERY_MS = 10;
const IDLE_MS = 1000;

/** Samples this process's RSS until stopped; resolves with the highest value seen. */
function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** One transfer through the relay on `port`: a fast client (upload) or a slow one (download). */
async function transfer(direction: Direction, port: number, bytes: number): Promise<void> {
  if (direction === 'upload') {
    await launchNodeScript(script('./tcp-blaster.mjs'), [String(port), String(bytes)]);
  } else {
    const args = [String(port), String(bytes), String(READER_PAUSE_MS)];
    await launchNodeScript(script('./tcp-reader.mjs'), args);
  }
}

interface Round {
  readonly idleRss: number;
  readonly peakRss: number;
}

async function round(direction: Direction, upstream: Upstream, bytes: number): Promise<Round> {
  const engine = createEngine({ limits: { perConnectionBytes: 8 * MiB } });
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const listener = opened.value as ListenerInfo;

    const idle = sampleRss();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleRss = idle.stop();

    const busy = sampleRss();
    await transfer(direction, listener.port ?? 0, bytes);
    const peakRss = busy.stop();

    const list = await dispatchCommand(engine.handlers, 'listConnections', {});
    const conns = list.ok ? (list.value as { connections: ConnectionInfo[] }).connections : [];
    const moved = conns.reduce((sum, c) => sum + c.in.received + c.out.received, 0);
    if (moved !== bytes) throw new Error(`relayed ${moved} of ${bytes} bytes: benchmark invalid`);
    return { idleRss, peakRss };
  } finally {
    await engine.close();
  }
}

export interface RelayMemoryResult {
  readonly direction: Direction;
  readonly bytes: number;
  readonly rounds: number;
  readonly readerPauseMs: number;
  /** Medians over the rounds, in MiB. */
  readonly idleMiB: number;
  readonly peakMiB: number;
  readonly growthMiB: number;
  /** Median of peak / idle per round. */
  readonly ratio: number;
  readonly growthSamplesMiB: readonly number[];
}

export async function measureRelayMemory(
  direction: Direction,
  bytes = 256 * MiB,
  rounds = 3,
): Promise<RelayMemoryResult> {
  const upstream = await startUpstream(
    direction,
    bytes,
    direction === 'upload' ? READER_PAUSE_MS : 0,
  );
  try {
    await round(direction, upstream, bytes); // warm up: first-time allocations are not the relay's
    const results: Round[] = [];
    for (let i = 0; i < rounds; i += 1) results.push(await round(direction, upstream, bytes));
    const growth = results.map((r) => (r.peakRss - r.idleRss) / MiB);
    return {
      direction,
      bytes,
      rounds,
      readerPauseMs: READER_PAUSE_MS,
      idleMiB: median(results.map((r) => r.idleRss / MiB)),
      peakMiB: median(results.map((r) => r.peakRss / MiB)),
      growthMiB: median(growth),
      ratio: median(results.map((r) => r.peakRss / r.idleRss)),
      growthSamplesMiB: growth,
    };
  } finally {
    await upstream.stop();
  }
}
