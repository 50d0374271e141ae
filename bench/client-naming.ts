// Naming client programs costs the capture path nothing it can feel: 5,000 connections at 1,000
// a second into a capture port, with the client-process lookup on and off (same run), measured
// as the engine's event-loop delay (p99 and max) during the burst and the time until every
// connection's bytes were recorded; plus how many clients were named.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dispatchCommand } from '../shared/contract';
import type { ConnectionInfo, EngineStats, ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';

const COUNT = 5000;
const RATE = 1000;

interface NamingRound {
  readonly recordedMs: number;
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly named: number;
}

export interface ClientNamingResult {
  readonly count: number;
  readonly rate: number;
  readonly off: NamingRound;
  readonly on: NamingRound;
}

async function round(nameClients: boolean): Promise<NamingRound> {
  const engine = createEngine({ nameClients });
  const call = async <T>(name: string, args: object) => {
    const result = await dispatchCommand(engine.handlers, name as never, args as never);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    const listener = await call<ListenerInfo>('openListener', { port: 0 });
    const script = fileURLToPath(new URL('./connect-burst.mjs', import.meta.url));
    const child = spawn(
      process.execPath,
      [script, String(listener.port), String(COUNT), String(RATE)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const started = performance.now();
    loop.enable();
    for (;;) {
      const stats = await call<EngineStats>('getStats', {});
      if (stats.bytesReceived >= COUNT * 64) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const recordedMs = performance.now() - started;
    loop.disable();
    // Let the last lookups answer before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    let named = 0;
    let afterId = 0;
    for (;;) {
      const page = await call<{ connections: ConnectionInfo[]; nextAfterId: number | null }>(
        'listConnections',
        { afterId },
      );
      named += page.connections.filter((c) => c.client?.kind === 'process').length;
      if (page.nextAfterId === null) break;
      afterId = page.nextAfterId;
    }
    child.stdin.end();
    await once(child, 'exit');
    return {
      recordedMs,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      named,
    };
  } finally {
    await engine.close();
  }
}

export async function measureClientNaming(): Promise<ClientNamingResult> {
  const off = await round(false);
  const on = await round(true);
  return { count: COUNT, rate: RATE, off, on };
}

export function clientNamingReport(r: ClientNamingResult): string[] {
  const line = (label: string, x: NamingRound) =>
    `  ${label}  all recorded after ${x.recordedMs.toFixed(0)} ms, event-loop delay p99 ${x.loopP99Ms.toFixed(1)} ms, max ${x.loopMaxMs.toFixed(1)} ms, named ${x.named}`;
  return [
    `Naming client programs: ${r.count} connections at ${r.rate}/s into a capture port (one client process):`,
    line('lookup off (baseline)', r.off),
    line('lookup on            ', r.on),
    `  ratio (time to record everything, on / off)  ${(r.on.recordedMs / r.off.recordedMs).toFixed(2)}  (target <= 1.05)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of clientNamingReport(await measureClientNaming())) console.log(line);
}
