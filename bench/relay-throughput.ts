// Relay throughput: Porthole's relay behaviour against `socat TCP-LISTEN:…,fork TCP:…` doing
// the same relay, in the same run, with the same client and upstream processes.
//
// Each round moves `bytes` through the relay in one direction: upload (client → upstream sink)
// or download (upstream source → client). The client, the upstream and socat are processes of
// their own; Porthole's engine runs in this process, which is otherwise idle while a round runs.
// Porthole runs with its default capture limits (64 MiB kept per connection, the rest counted),
// as a user's relay would; socat keeps nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dispatchCommand } from '../shared/contract';
import type { ConnectionInfo, ListenerInfo } from '../shared/model';
import { createEngine, findPortHolders } from '../engine';
import { launchNodeScript } from './client-launcher';
import { median } from './median';

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export type Direction = 'upload' | 'download';

export interface Upstream {
  readonly port: number;
  stop(): Promise<void>;
}

/** The upstream child: a sink for uploads, a source for downloads; `pauseMs` slows a sink. */
export async function startUpstream(
  direction: Direction,
  bytes: number,
  pauseMs = 0,
): Promise<Upstream> {
  const mode = direction === 'upload' ? 'sink' : 'source';
  const args = [script('./tcp-endpoint.mjs'), mode, String(bytes), String(pauseMs)];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { port: Number(chunk.toString().trim()), stop: () => stopChild(child, 'stdin') };
}

export async function stopChild(child: ChildProcess, how: 'stdin' | 'signal'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (how === 'stdin') child.stdin?.end();
  else child.kill('SIGTERM');
  await exited;
}

/** Milliseconds for one transfer through the relay listening on `port`. */
async function transfer(direction: Direction, port: number, bytes: number): Promise<number> {
  const client = direction === 'upload' ? './tcp-blaster.mjs' : './tcp-reader.mjs';
  return Number((await launchNodeScript(script(client), [String(port), String(bytes)])).trim());
}

/**
 * Resolve once socat listens on `port`. Found through the listening-socket table rather than by
 * connecting: a probe connection would itself be relayed (and in download rounds start a
 * transfer).
 */
export async function whenListening(pid: number, port: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const holders = await findPortHolders({ protocol: 'tcp', port });
    if (holders.some((holder) => holder.pid === pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`socat did not listen on ${port}`);
}

export async function freePort(): Promise<number> {
  const engine = createEngine();
  try {
    const result = await dispatchCommand(engine.handlers, 'suggestPort', { host: '127.0.0.1' });
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { port: number }).port;
  } finally {
    await engine.close();
  }
}

async function socatMs(direction: Direction, upstream: Upstream, bytes: number): Promise<number> {
  const port = await freePort();
  const socat = spawn(
    'socat',
    [`TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, `TCP:127.0.0.1:${upstream.port}`],
    { stdio: 'ignore' },
  );
  try {
    await whenListening(socat.pid ?? 0, port);
    return await transfer(direction, port, bytes);
  } finally {
    await stopChild(socat, 'signal');
  }
}

async function portholeMs(
  direction: Direction,
  upstream: Upstream,
  bytes: number,
): Promise<number> {
  const engine = createEngine();
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const listener = opened.value as ListenerInfo;
    const ms = await transfer(direction, listener.port ?? 0, bytes);
    const list = await dispatchCommand(engine.handlers, 'listConnections', {});
    const conns = list.ok ? (list.value as { connections: ConnectionInfo[] }).connections : [];
    const moved = conns.reduce((sum, c) => sum + c.in.received + c.out.received, 0);
    if (moved !== bytes) throw new Error(`relayed ${moved} of ${bytes} bytes: benchmark invalid`);
    return ms;
  } finally {
    await engine.close();
  }
}

export interface RelayResult {
  readonly direction: Direction;
  readonly bytes: number;
  readonly rounds: number;
  readonly socatMBps: number;
  readonly portholeMBps: number;
  readonly ratio: number;
  readonly socatSamplesMBps: readonly number[];
  readonly portholeSamplesMBps: readonly number[];
}

export async function measureRelayThroughput(
  direction: Direction,
  bytes = 256 * 1024 * 1024,
  rounds = 7,
): Promise<RelayResult> {
  const upstream = await startUpstream(direction, bytes);
  try {
    await socatMs(direction, upstream, bytes); // warm up both paths once
    await portholeMs(direction, upstream, bytes);
    const socat: number[] = [];
    const porthole: number[] = [];
    // Alternate, swapping which goes first each round, so drift in machine load hits both.
    for (let i = 0; i < rounds; i += 1) {
      const order = i % 2 === 0 ? ['socat', 'porthole'] : ['porthole', 'socat'];
      for (const side of order) {
        if (side === 'socat') socat.push(await socatMs(direction, upstream, bytes));
        else porthole.push(await portholeMs(direction, upstream, bytes));
      }
    }
    const mbps = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
    const socatMBps = mbps(median(socat));
    const portholeMBps = mbps(median(porthole));
    return {
      direction,
      bytes,
      rounds,
      socatMBps,
      portholeMBps,
      ratio: portholeMBps / socatMBps,
      socatSamplesMBps: socat.map(mbps),
      portholeSamplesMBps: porthole.map(mbps),
    };
  } finally {
    await upstream.stop();
  }
}
