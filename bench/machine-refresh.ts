// One refresh of the machine view with about 2,000 sockets open on the machine (a child process
// holding a listener and 1,000 connections to it, both ends of each), against `ss -tunap`
// listing the same sockets with their processes in the same run. Wall time and CPU per refresh,
// median of rounds with the spread, and the ratio (target ≤ 1.0×).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { takeMachineSnapshot } from '../engine';
import { median } from './median';

const CONNECTIONS = 1000;
const ROUNDS = 9;
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
  readonly porthole: readonly Cost[];
  readonly ss: readonly Cost[] | null;
}

/** `ss -tunap` run `times` times in one shell; CPU from the shell's reaped-children ticks. */
function ssRound(): Cost | null {
  const started = performance.now();
  const out = spawnSync('sh', ['-c', 'ss -tunap > /dev/null && cat /proc/$$/stat'], {
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (out.status !== 0) return null;
  // Fields after the command name's closing parenthesis: cutime and cstime are the 14th and 15th.
  const fields = out.stdout.slice(out.stdout.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return { wallMs, cpuMs: (ticks * 1000) / USER_HZ };
}

async function portholeRound(): Promise<{ cost: Cost; listed: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const snapshot = await takeMachineSnapshot(() => true);
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
    const porthole: Cost[] = [];
    const ss: Cost[] = [];
    let listed = 0;
    await portholeRound(); // warm: module code, /etc/passwd, the fs thread pool
    for (let round = 0; round < ROUNDS; round += 1) {
      const ours = await portholeRound();
      porthole.push(ours.cost);
      listed = ours.listed;
      const theirs = ssRound();
      if (theirs !== null) ss.push(theirs);
    }
    return { sockets: CONNECTIONS * 2 + 1, listed, porthole, ss: ss.length === ROUNDS ? ss : null };
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
}

function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${(sorted[0] ?? 0).toFixed(1)}–${(sorted[sorted.length - 1] ?? 0).toFixed(1)}`;
}

export function machineRefreshReport(result: MachineRefreshResult | null): string[] {
  if (result === null) return ['Machine view refresh: skipped (reads /proc; Linux only).'];
  const wall = median(result.porthole.map((c) => c.wallMs));
  const cpu = median(result.porthole.map((c) => c.cpuMs));
  const lines = [
    `Machine view, one refresh with ${result.sockets} sockets open (${result.listed} listed), median of ${result.porthole.length}:`,
    `  Porthole: ${wall.toFixed(1)} ms wall (${spread(result.porthole.map((c) => c.wallMs))}), ${cpu.toFixed(1)} ms CPU (${spread(result.porthole.map((c) => c.cpuMs))})`,
  ];
  if (result.ss === null) {
    lines.push('  ss -tunap: not run (ss missing or failed), no ratio');
    return lines;
  }
  const ssWall = median(result.ss.map((c) => c.wallMs));
  const ssCpu = median(result.ss.map((c) => c.cpuMs));
  lines.push(
    `  ss -tunap: ${ssWall.toFixed(1)} ms wall (${spread(result.ss.map((c) => c.wallMs))}), ${ssCpu.toFixed(1)} ms CPU (${spread(result.ss.map((c) => c.cpuMs))}; 10 ms ticks)`,
    `  ratio Porthole/ss: wall ${(wall / ssWall).toFixed(2)}×, CPU ${ssCpu > 0 ? `${(cpu / ssCpu).toFixed(2)}×` : 'n/a (ss under one tick)'}  (target ≤ 1.0×)`,
  );
  return lines;
}
