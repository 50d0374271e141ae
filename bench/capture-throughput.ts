// Capture throughput of one recorded TCP connection against a bare Node `net` sink that
// discards the bytes, measured in the same run with the same client process.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dispatchCommand } from '../shared/contract';
import type { ListenerInfo } from '../shared/model';
import { createEngine } from '../electron/capture/engine';

const run = promisify(execFile);
const blaster = fileURLToPath(new URL('./tcp-blaster.mjs', import.meta.url));

async function blast(port: number, bytes: number): Promise<number> {
  const { stdout } = await run(process.execPath, [blaster, String(port), String(bytes)]);
  return Number(stdout.trim());
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

async function porthole(bytes: number): Promise<{ ms: number; captured: number }> {
  // Caps above the transfer size, so every byte is really stored: this measures recording.
  const engine = createEngine({
    limits: { perConnectionBytes: bytes * 2, totalBytes: bytes * 4 },
  });
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', { port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const listener = opened.value as ListenerInfo;
    const ms = await blast(listener.port ?? 0, bytes);
    const stats = await dispatchCommand(engine.handlers, 'getStats', {});
    const captured = stats.ok ? (stats.value as { bytesCaptured: number }).bytesCaptured : 0;
    return { ms, captured };
  } finally {
    await engine.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export interface ThroughputResult {
  readonly bytes: number;
  readonly rounds: number;
  readonly bareMBps: number;
  readonly portholeMBps: number;
  readonly ratio: number;
}

export async function measureCaptureThroughput(
  bytes = 512 * 1024 * 1024,
  rounds = 5,
): Promise<ThroughputResult> {
  const bare: number[] = [];
  const recorded: number[] = [];
  await bareSinkMs(16 * 1024 * 1024); // warm up both paths once
  await porthole(16 * 1024 * 1024);
  // Alternate, so drift in machine load hits both sides alike.
  for (let i = 0; i < rounds; i += 1) {
    bare.push(await bareSinkMs(bytes));
    const result = await porthole(bytes);
    if (result.captured !== bytes) {
      throw new Error(`captured ${result.captured} of ${bytes} bytes: the benchmark is invalid`);
    }
    recorded.push(result.ms);
  }
  const mbps = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
  const bareMBps = mbps(median(bare));
  const portholeMBps = mbps(median(recorded));
  return { bytes, rounds, bareMBps, portholeMBps, ratio: portholeMBps / bareMBps };
}
