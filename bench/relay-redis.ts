// Small messages through the relay: redis-benchmark (SET and GET) against one redis-server,
// straight, through socat and through a Porthole relay port, in the same run, at -c 1, -c 20
// and -c 50 -P 16. Reports requests per second, the ratio to socat, and at -c 1 the time each
// relay adds to a round trip (1/rps through it minus 1/rps straight). Skipped, saying why,
// where redis-server or redis-benchmark is missing.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { dispatchCommand } from '../shared/contract';
import type { ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { launch } from './client-launcher';
import { median } from './median';
import { freePort, stopChild, whenListening } from './relay-throughput';

const run = promisify(execFile);
const ROUNDS = 3;

const LOADS = [
  { name: '-c 1', args: ['-c', '1', '-n', '20000'] },
  { name: '-c 20', args: ['-c', '20', '-n', '100000'] },
  { name: '-c 50 -P 16', args: ['-c', '50', '-P', '16', '-n', '400000'] },
] as const;

type Path = 'direct' | 'socat' | 'porthole';

/** SET and GET requests per second (their mean) against `port`. */
async function benchmark(port: number, args: readonly string[]): Promise<number> {
  const stdout = await launch('redis-benchmark', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-t',
    'set,get',
    '--csv',
    ...args,
  ]);
  const rates = stdout
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[1]?.replace(/"/g, '')))
    .filter((n) => Number.isFinite(n) && n > 0);
  const [set, get] = rates;
  if (rates.length !== 2 || set === undefined || get === undefined) {
    throw new Error(`redis-benchmark printed: ${stdout}`);
  }
  return (set + get) / 2;
}

async function throughSocat(upstream: number, args: readonly string[]): Promise<number> {
  const port = await freePort();
  const socat = spawn(
    'socat',
    [`TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, `TCP:127.0.0.1:${upstream}`],
    { stdio: 'ignore' },
  );
  try {
    await whenListening(socat.pid ?? 0, port);
    return await benchmark(port, args);
  } finally {
    await stopChild(socat, 'signal');
  }
}

async function throughPorthole(upstream: number, args: readonly string[]): Promise<number> {
  const engine = createEngine();
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    return await benchmark((opened.value as ListenerInfo).port ?? 0, args);
  } finally {
    await engine.close();
  }
}

interface RedisRelayLoad {
  readonly name: string;
  readonly rps: Readonly<Record<Path, number[]>>;
}

type RedisRelayResult = { readonly skipped: string } | { readonly loads: RedisRelayLoad[] };

async function missingTool(): Promise<string | null> {
  const probes: [string, string][] = [
    ['redis-server', '--version'],
    ['redis-benchmark', '--version'],
    ['socat', '-V'],
  ];
  for (const [tool, flag] of probes) {
    try {
      await run(tool, [flag]);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}

export async function measureRedisRelay(): Promise<RedisRelayResult> {
  const missing = await missingTool();
  if (missing !== null) return { skipped: missing };
  const redisPort = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  try {
    await whenListening(redis.pid ?? 0, redisPort);
    const loads: RedisRelayLoad[] = [];
    for (const load of LOADS) {
      const rps: Record<Path, number[]> = { direct: [], socat: [], porthole: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which relay goes first, so drift in machine load hits both.
        const order: Path[] =
          round % 2 === 0 ? ['direct', 'socat', 'porthole'] : ['porthole', 'socat', 'direct'];
        for (const path of order) {
          const rate =
            path === 'direct'
              ? await benchmark(redisPort, load.args)
              : path === 'socat'
                ? await throughSocat(redisPort, load.args)
                : await throughPorthole(redisPort, load.args);
          rps[path].push(rate);
        }
      }
      loads.push({ name: load.name, rps });
    }
    return { loads };
  } finally {
    await stopChild(redis, 'signal');
  }
}

const k = (n: number) => `${(n / 1000).toFixed(1)}k`;

export function redisRelayReport(r: RedisRelayResult): string[] {
  const head = `Relay, small messages: redis-benchmark SET+GET through a relay to one redis-server, median of ${ROUNDS}:`;
  if ('skipped' in r) return [head, `  skipped: ${r.skipped}`];
  const lines = [head];
  for (const load of r.loads) {
    const direct = median(load.rps.direct);
    const socat = median(load.rps.socat);
    const porthole = median(load.rps.porthole);
    const ratios = load.rps.porthole.map((p, i) => p / (load.rps.socat[i] ?? p));
    lines.push(
      `  ${load.name.padEnd(12)} straight ${k(direct)} req/s, socat ${k(socat)}, Porthole ${k(porthole)}; ratio to socat ${(porthole / socat).toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target >= 1.00)`,
    );
    if (load.name === '-c 1') {
      const added = (rate: number) => (1e6 / rate - 1e6 / direct).toFixed(1);
      lines.push(
        `  ${''.padEnd(12)} time added per round trip: socat ${added(socat)} µs, Porthole ${added(porthole)} µs  (target: no more than socat)`,
      );
    }
  }
  return lines;
}
