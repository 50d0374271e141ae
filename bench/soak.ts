// Soak (`npm run soak [minutes]`, 30 by default; not part of `npm run bench` or CI): the engine,
// with captures on disk and the default byte limits, under moderate steady traffic of every kind
// for a long time — short and long TCP connections, echo, a relay, UDP (the long connections and
// the UDP peer replaced every minute) — sampling its RSS, heap and open handles every 30 s.
// History keeps at most 10,000
// closed connections here (200,000 by default, which this load would take 48 minutes to reach):
// once it is full, RSS and handles must stay flat, i.e. nothing else grows with time or with the
// connections seen.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchCommand } from '../shared/contract';
import { DEFAULT_LIMITS, type EngineStats, type ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { startUpstream } from './relay-throughput';

interface Sample {
  readonly minute: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  /** Buffers and other memory outside the JS heap (captured bytes live there). */
  readonly externalMiB: number;
  /** Captured bytes the engine holds in memory (bounded by the total limit). */
  readonly inMemoryMiB: number;
  readonly handles: number;
  readonly connections: number;
}

const MiB = 1024 * 1024;
const SAMPLE_MS = 30_000;
const HISTORY = 10_000;

async function main(minutes: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'porthole-soak-'));
  const engine = createEngine({
    persist: { dataDir },
    limits: { ...DEFAULT_LIMITS, maxConnections: HISTORY },
  });
  const call = async <T>(name: string, args: object): Promise<T> => {
    const result = await dispatchCommand(engine.handlers, name as never, args as never);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  // The relay forwards to a sink that reads everything (it expects no particular byte count).
  const upstream = await startUpstream('upload', Number.MAX_SAFE_INTEGER);
  const open = async (args: object) => (await call<ListenerInfo>('openListener', args)).port ?? 0;
  const ports = [
    await open({ port: 0 }),
    await open({ port: 0, behaviour: { kind: 'echo' } }),
    await open({ protocol: 'udp', port: 0, host: '127.0.0.1' }),
    await open({ port: 0, behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port } }),
  ];
  const load = spawn(
    process.execPath,
    [fileURLToPath(new URL('./soak-load.mjs', import.meta.url)), ...ports.map(String)],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const stats = await call<EngineStats>('getStats', {});
    const memory = process.memoryUsage();
    const s: Sample = {
      minute: (performance.now() - started) / 60_000,
      rssMiB: memory.rss / MiB,
      heapMiB: memory.heapUsed / MiB,
      externalMiB: memory.external / MiB,
      inMemoryMiB: stats.bytesInMemory / MiB,
      handles: process.getActiveResourcesInfo().length,
      connections: stats.connectionsTotal,
    };
    samples.push(s);
    console.log(
      `  ${s.minute.toFixed(1).padStart(5)} min  RSS ${s.rssMiB.toFixed(0).padStart(4)} MiB  heap ${s.heapMiB.toFixed(0).padStart(4)} MiB  external ${s.externalMiB.toFixed(0).padStart(4)} MiB (captured bytes ${s.inMemoryMiB.toFixed(0)} MiB)  handles ${String(s.handles).padStart(5)}  connections so far ${s.connections}`,
    );
  };
  console.log(
    `Soak, ${minutes} min: 70 TCP connections/s (echo, relay), 10 long ones, 200 UDP datagrams/s; captures on disk, default byte limits, history ${HISTORY.toLocaleString('en')} connections`,
  );
  // External memory moves with the collector (a Buffer's memory goes when a collection finds
  // its wrapper dead). Read after a full collection, once when history has filled and once at
  // the end, a growth is memory something still holds, not memory not yet collected.
  let collectedAtFull = false;
  const afterCollection = async (when: string) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) return;
    gc();
    const stats = await call<EngineStats>('getStats', {});
    const m = process.memoryUsage();
    console.log(
      `  ${when}, after a full collection: RSS ${(m.rss / MiB).toFixed(0)} MiB, heap ${(m.heapUsed / MiB).toFixed(0)} MiB, external ${(m.external / MiB).toFixed(0)} MiB (captured bytes ${(stats.bytesInMemory / MiB).toFixed(0)} MiB)`,
    );
  };
  await sample();
  const timer = setInterval(() => {
    void sample().then(async () => {
      const last = samples.at(-1);
      if (!collectedAtFull && last !== undefined && last.connections > HISTORY * 1.2) {
        collectedAtFull = true;
        await afterCollection(`at ${last.minute.toFixed(1)} min (history full)`);
      }
    });
  }, SAMPLE_MS);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  clearInterval(timer);
  await sample();
  await afterCollection(`at ${minutes} min`);
  load.stdin?.end();
  await once(load, 'exit');
  await upstream.stop();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });

  // Flat means the second half looks like the first: compare their medians, once history is full.
  const settled = samples.filter((s) => s.connections > HISTORY * 1.2);
  if (settled.length < 2) {
    console.log('Soak result: too short for history to fill; run it for longer.');
    return;
  }
  const half = Math.floor(settled.length / 2);
  const mid = (xs: readonly number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const early = settled.slice(0, half);
  const late = settled.slice(half);
  const rssEarly = mid(early.map((s) => s.rssMiB));
  const rssLate = mid(late.map((s) => s.rssMiB));
  const handlesEarly = mid(early.map((s) => s.handles));
  const handlesLate = mid(late.map((s) => s.handles));
  const heldEarly = mid(early.map((s) => s.rssMiB - s.inMemoryMiB));
  const heldLate = mid(late.map((s) => s.rssMiB - s.inMemoryMiB));
  console.log(
    `Soak result: RSS less the captured bytes held ${heldEarly.toFixed(0)} → ${heldLate.toFixed(0)} MiB (${(heldLate / heldEarly).toFixed(2)}×); RSS median ${rssEarly.toFixed(0)} MiB in the first half after warm-up, ${rssLate.toFixed(0)} MiB in the second (${(rssLate / rssEarly).toFixed(2)}×), max ${Math.max(...samples.map((s) => s.rssMiB)).toFixed(0)} MiB; open handles ${handlesEarly} → ${handlesLate}; ${samples.at(-1)?.connections ?? 0} connections in all`,
  );
}

const minutes = Number(process.argv[2] ?? 30);
main(Number.isFinite(minutes) && minutes > 0 ? minutes : 30).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
