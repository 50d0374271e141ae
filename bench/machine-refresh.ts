// One refresh of the machine view with about 2,000 sockets open on the machine (a child process
// holding a listener and 1,000 connections to it, both ends of each), against `ss -tunap`
// listing the same sockets with their processes in the same run. Wall time and CPU per refresh,
// median of rounds with the spread, and the ratio (target ≤ 1.0×). Two Porthole figures: the
// first reading (opening the view: every process's fds scanned, as ss does each time) and a
// refresh while the view is open (owners confirmed where they were found last time).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SocketOwnerMemory, takeMachineSnapshot } from '../engine';
import { median } from './median';

const CONNECTIONS = 1000;
const ROUNDS = 9;
/** ss runs per round: its CPU is read in 10 ms ticks, so several runs make the figure finer. */
const SS_RUNS = 5;
/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

const HOLDER = `
const net = require('node:net');
const count = Number(process.argv[1]);
const kept = [];
const server = net.createServer((s) => kept.push(s)).listen(0, '127.0.0.1', () => {
  let open = 0;
  for (let i = 0; i < count; i += 1) {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      open += 1;
      if (open === count) process.stdout.write('ready\\n');
    });
    kept.push(c);
  }
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

interface Cost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface MachineRefreshResult {
  readonly sockets: number;
  readonly listed: number;
  /** Opening the view: no memory of earlier readings. */
  readonly first: readonly Cost[];
  /** A refresh of the open view. */
  readonly refresh: readonly Cost[];
  readonly ss: readonly Cost[] | null;
}

/** `ss -tunap` run SS_RUNS times in one shell; per run, CPU from the shell's reaped-children ticks. */
function ssRound(): Cost | null {
  const started = performance.now();
  const runs = Array.from({ length: SS_RUNS }, () => 'ss -tunap > /dev/null').join(' && ');
  const out = spawnSync('sh', ['-c', `${runs} && cat /proc/$$/stat`], { encoding: 'utf8' });
  const wallMs = (performance.now() - started) / SS_RUNS;
  if (out.status !== 0) return null;
  // Fields after the command name's closing parenthesis: cutime and cstime are the 14th and 15th.
  const fields = out.stdout.slice(out.stdout.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return { wallMs, cpuMs: (ticks * 1000) / USER_HZ / SS_RUNS };
}

async function portholeRound(memory: SocketOwnerMemory): Promise<{ cost: Cost; listed: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const snapshot = await takeMachineSnapshot(() => true, { linux: { memory } });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const listed = snapshot.listeners.reduce((n, l) => n + 1 + l.connectionCount * 2, 0);
  return { cost: { wallMs, cpuMs: (used.user + used.system) / 1000 }, listed };
}

export async function measureMachineRefresh(): Promise<MachineRefreshResult | null> {
  if (process.platform !== 'linux') return null;
  const child = spawn(process.execPath, ['-e', HOLDER, String(CONNECTIONS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    await once(createInterface({ input: child.stdout }), 'line');
    const first: Cost[] = [];
    const refresh: Cost[] = [];
    const ss: Cost[] = [];
    let listed = 0;
    const open = new SocketOwnerMemory();
    await portholeRound(open); // warm: module code, /etc/passwd; and the open view's first reading
    for (let round = 0; round < ROUNDS; round += 1) {
      first.push((await portholeRound(new SocketOwnerMemory())).cost);
      const ours = await portholeRound(open);
      refresh.push(ours.cost);
      listed = ours.listed;
      const theirs = ssRound();
      if (theirs !== null) ss.push(theirs);
    }
    return {
      sockets: CONNECTIONS * 2 + 1,
      listed,
      first,
      refresh,
      ss: ss.length === ROUNDS ? ss : null,
    };
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
}

function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${(sorted[0] ?? 0).toFixed(1)}–${(sorted[sorted.length - 1] ?? 0).toFixed(1)}`;
}

function describeCosts(costs: readonly Cost[]): string {
  const wall = median(costs.map((c) => c.wallMs));
  const cpu = median(costs.map((c) => c.cpuMs));
  return `${wall.toFixed(1)} ms wall (${spread(costs.map((c) => c.wallMs))}), ${cpu.toFixed(1)} ms CPU (${spread(costs.map((c) => c.cpuMs))})`;
}

function ratioLine(label: string, ours: readonly Cost[], ss: readonly Cost[]): string {
  const wall = median(ours.map((c) => c.wallMs)) / median(ss.map((c) => c.wallMs));
  const ssCpu = median(ss.map((c) => c.cpuMs));
  const cpu = ssCpu > 0 ? `${(median(ours.map((c) => c.cpuMs)) / ssCpu).toFixed(2)}×` : 'n/a';
  return `  ratio ${label}/ss: wall ${wall.toFixed(2)}×, CPU ${cpu}`;
}

export function machineRefreshReport(result: MachineRefreshResult | null): string[] {
  if (result === null) return ['Machine view refresh: skipped (reads /proc; Linux only).'];
  const lines = [
    `Machine view with ${result.sockets} sockets open (${result.listed} listed), median of ${result.refresh.length}:`,
    `  Porthole, refresh of the open view: ${describeCosts(result.refresh)}`,
    `  Porthole, first reading (opening it): ${describeCosts(result.first)}`,
  ];
  if (result.ss === null) {
    lines.push('  ss -tunap: not run (ss missing or failed), no ratio');
    return lines;
  }
  lines.push(
    `  ss -tunap: ${describeCosts(result.ss)} (CPU in 10 ms ticks over ${SS_RUNS} runs)`,
    `${ratioLine('refresh', result.refresh, result.ss)}  (target ≤ 1.0×)`,
    ratioLine('first reading', result.first, result.ss),
  );
  return lines;
}
