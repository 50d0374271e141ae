// Replay throughput: one recorded 256 MiB connection sent again by Porthole to a sink in its own
// process, against a plain Node client (its own process too) sending the same bytes to the same
// sink, in the same run: the baseline holds the 256 MiB in memory and sends them once, as the
// replay sends the recording it holds. The replay also records what it sends as a new
// connection, so it stores every byte a second time: that is part of it. Each is warmed with one
// untimed pass first. For comparison with
// earlier figures, a client re-sending one cache-hot 256 KiB block is measured too.
import { dispatchCommand } from '../shared/contract';
import type { ConnectionInfo, ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { blast } from './capture-throughput';
import { median } from './median';
import { startUpstream } from './relay-throughput';

export interface ReplayThroughputResult {
  readonly bytes: number;
  readonly rounds: number;
  readonly plainMBps: number;
  readonly replayMBps: number;
  readonly ratio: number;
  /** The same client re-sending one 256 KiB block: faster than any program holding its data. */
  readonly hotBlockMBps: number;
  readonly hotBlockSamplesMBps: readonly number[];
  readonly plainSamplesMBps: readonly number[];
  readonly replaySamplesMBps: readonly number[];
}

async function call<T>(engine: ReturnType<typeof createEngine>, name: string, args: object) {
  const result = await dispatchCommand(engine.handlers, name as never, args as never);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function measureReplayThroughput(
  bytes = 256 * 1024 * 1024,
  rounds = 9,
): Promise<ReplayThroughputResult> {
  // Room for the recording and every round's replay of it, so every byte is really stored.
  const engine = createEngine({
    limits: { perConnectionBytes: bytes * 2, totalBytes: bytes * (rounds + 3) },
  });
  const sink = await startUpstream('upload', bytes);
  try {
    const listener = await call<ListenerInfo>(engine, 'openListener', { port: 0 });
    await blast(listener.port ?? 0, bytes);
    const original = await until(async () => {
      const page = await call<{ connections: ConnectionInfo[] }>(engine, 'listConnections', {});
      const conn = page.connections[0];
      return conn?.state === 'closed' ? conn : undefined;
    });
    if (original.in.captured !== bytes) throw new Error('the recording is incomplete: invalid');

    const replayMs = async () => {
      // On the engine's clock, so the end is when the replay closed, not when a poll saw it.
      const started = performance.timeOrigin + performance.now();
      const replay = await call<ConnectionInfo>(engine, 'replayConnection', {
        connectionId: original.id,
        target: { kind: 'address', host: '127.0.0.1', port: sink.port },
      });
      const done = await until(async () => {
        const conn = await call<ConnectionInfo>(engine, 'getConnection', { id: replay.id });
        return conn.state === 'closed' ? conn : undefined;
      });
      if (done.endReason !== 'replay-finished' || done.in.received !== bytes) {
        throw new Error(`replay ended ${done.endReason} after ${done.in.received} bytes: invalid`);
      }
      // The sink answers our FIN with its own once it has read everything.
      return (done.closedAt ?? Number.NaN) - started;
    };
    await blast(sink.port, 16 * 1024 * 1024); // warm up both paths
    // One untimed replay, as the baseline client sends once untimed before it is timed: the
    // first pass over the bytes (and, for the replay, the first run of its code) is slower.
    await replayMs();
    const plain: number[] = [];
    const hot: number[] = [];
    const replayed: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      // Alternate which goes first, so drift in machine load hits both alike.
      if (i % 2 === 0) {
        plain.push(await blast(sink.port, bytes, true));
        replayed.push(await replayMs());
      } else {
        replayed.push(await replayMs());
        plain.push(await blast(sink.port, bytes, true));
      }
      hot.push(await blast(sink.port, bytes));
    }
    const mbps = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
    const plainMBps = mbps(median(plain));
    const replayMBps = mbps(median(replayed));
    return {
      bytes,
      rounds,
      plainMBps,
      replayMBps,
      ratio: replayMBps / plainMBps,
      hotBlockMBps: mbps(median(hot)),
      hotBlockSamplesMBps: hot.map(mbps),
      plainSamplesMBps: plain.map(mbps),
      replaySamplesMBps: replayed.map(mbps),
    };
  } finally {
    await sink.stop();
    await engine.close();
  }
}

export function replayThroughputReport(r: ReplayThroughputResult): string[] {
  const mib = r.bytes / 1024 / 1024;
  const rounds = (values: readonly number[]) =>
    `rounds ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
  return [
    `Replay of one recorded ${mib} MiB TCP connection to a sink process, median of ${r.rounds}:`,
    `  plain Node client sending the same ${mib} MiB from memory (baseline)  ${r.plainMBps.toFixed(1)} MiB/s  (${rounds(r.plainSamplesMBps)})`,
    `  Porthole replay (reads the recording, records what it sends)  ${r.replayMBps.toFixed(1)} MiB/s  (${rounds(r.replaySamplesMBps)})`,
    `  ratio  ${r.ratio.toFixed(2)}  (target >= 0.80)`,
    `  for reference, the client re-sending one cache-hot 256 KiB block  ${r.hotBlockMBps.toFixed(1)} MiB/s  (${rounds(r.hotBlockSamplesMBps)}; replay/that ${(r.replayMBps / r.hotBlockMBps).toFixed(2)})`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of replayThroughputReport(await measureReplayThroughput())) console.log(line);
}
