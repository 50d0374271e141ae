// Capture throughput of one recorded TCP connection against a bare Node `net` sink that
// discards the bytes, measured in the same run with the same client process.
//
// What the difference is made of: the sink recycles a few warm read buffers, while recording
// keeps every byte, so every 4 KiB stored is a fresh page the kernel must fault in and zero (one
// fault per page; from under 1 µs to about 3 µs each, depending on the machine), and the retained
// buffers count toward V8's major-GC trigger. Both are costs of storing, measured on purpose.
// The sink and the recorder share this process, so each round also inherits the heap left by
// the round before it; alternating the order every round spreads that over both sides alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dispatchCommand } from '../shared/contract';
import type { EngineStats, ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { launchNodeScript } from './client-launcher';
import { median } from './median';

const blaster = fileURLToPath(new URL('./tcp-blaster.mjs', import.meta.url));

/** Milliseconds for a client process to send `bytes`; see tcp-blaster.mjs for `fromMemory`. */
export async function blast(port: number, bytes: number, fromMemory = false): Promise<number> {
  const args = [String(port), String(bytes), ...(fromMemory ? ['from-memory'] : [])];
  return Number((await launchNodeScript(blaster, args)).trim());
}

async function bareSinkMs(bytes: number): Promise<number> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('data', () => {});
    socket.on('end', () => socket.end());
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  try {
    return await blast(address.port, bytes);
  } finally {
    server.close();
  }
}

async function portholeMs(bytes: number, dataDir: string | null): Promise<number> {
  // Caps above the transfer size, so every byte is really stored: this measures recording.
  const engine = createEngine({
    limits: { perConnectionBytes: bytes * 2, totalBytes: bytes * 4 },
    ...(dataDir !== null ? { persist: { dataDir } } : {}),
  });
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', { port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const listener = opened.value as ListenerInfo;
    const ms = await blast(listener.port ?? 0, bytes);
    const stats = await dispatchCommand(engine.handlers, 'getStats', {});
    const captured = stats.ok ? (stats.value as { bytesCaptured: number }).bytesCaptured : 0;
    if (captured !== bytes) {
      throw new Error(`captured ${captured} of ${bytes} bytes: the benchmark is invalid`);
    }
    if (dataDir !== null) {
      const persisted = stats.ok ? (stats.value as EngineStats).persistence : null;
      if (persisted?.state !== 'writing') {
        throw new Error(
          `the capture file is ${persisted?.state ?? 'off'}: the benchmark is invalid`,
        );
      }
    }
    return ms;
  } finally {
    await engine.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface ThroughputResult {
  readonly bytes: number;
  readonly rounds: number;
  readonly bareMBps: number;
  readonly portholeMBps: number;
  readonly ratio: number;
  /** The same with the capture also written to disk (the default since captures last). */
  readonly diskMBps: number;
  readonly diskRatio: number;
  readonly diskSamplesMBps: readonly number[];
  /** Every round's figure, in run order: the spread says how much to trust the medians. */
  readonly bareSamplesMBps: readonly number[];
  readonly portholeSamplesMBps: readonly number[];
}

export async function measureCaptureThroughput(
  bytes = 512 * 1024 * 1024,
  rounds = 9,
): Promise<ThroughputResult> {
  const bare: number[] = [];
  const recorded: number[] = [];
  const onDisk: number[] = [];
  const dataDir = () => mkdtempSync(join(tmpdir(), 'porthole-bench-'));
  await bareSinkMs(16 * 1024 * 1024); // warm up every path once
  await portholeMs(16 * 1024 * 1024, null);
  await portholeMs(16 * 1024 * 1024, dataDir());
  // Alternate, and rotate which side goes first every round, so drift in machine load hits
  // every side alike. Nine rounds: on a busy machine single rounds vary by 15-30 %, and a
  // median of 9 shrugs off a burst of outside load that a median of 5 does not. Rounds stay
  // long (512 MiB): shorter ones let fixed per-connection costs flatter the ratio.
  for (let i = 0; i < rounds; i += 1) {
    const sides = ['bare', 'porthole', 'disk'];
    const order = [...sides.slice(i % 3), ...sides.slice(0, i % 3)];
    for (const side of order) {
      if (side === 'bare') bare.push(await bareSinkMs(bytes));
      else if (side === 'porthole') recorded.push(await portholeMs(bytes, null));
      else onDisk.push(await portholeMs(bytes, dataDir()));
    }
  }
  const mbps = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
  const bareMBps = mbps(median(bare));
  const portholeMBps = mbps(median(recorded));
  const diskMBps = mbps(median(onDisk));
  return {
    bytes,
    rounds,
    bareMBps,
    portholeMBps,
    ratio: portholeMBps / bareMBps,
    diskMBps,
    diskRatio: diskMBps / bareMBps,
    diskSamplesMBps: onDisk.map(mbps),
    bareSamplesMBps: bare.map(mbps),
    portholeSamplesMBps: recorded.map(mbps),
  };
}
