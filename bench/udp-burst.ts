// UDP bursts: 100,000 datagrams of 200 bytes sent as fast as another process can send them to
// 127.0.0.1, received by a bare Node dgram sink (its default receive buffer, and the buffer
// Porthole asks for) and by a Porthole capture port, each in a process of its own, taking turns
// round by round. Reports the share each received, Porthole's against the default sink's, and
// checks that what Porthole captured plus what the OS says it dropped is what was sent.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './median';

const DATAGRAMS = 100_000;
const SIZE = 200;
const ROUNDS = 9;
const MODES = ['sink', 'sink-big', 'porthole'] as const;
type Mode = (typeof MODES)[number];

const receiver = fileURLToPath(new URL('./udp-receiver-child.ts', import.meta.url));

const SENDER = `
const s = require('node:dgram').createSocket('udp4');
const d = Buffer.alloc(${SIZE}, 0x61);
const port = Number(process.argv[1]);
let left = ${DATAGRAMS}, pending = ${DATAGRAMS};
const started = process.hrtime.bigint();
const done = (e) => {
  if (e) throw e;
  if (--pending === 0) {
    console.log(Number(process.hrtime.bigint() - started) / 1e6);
    s.close();
  }
};
(function burst() {
  for (let i = 0; i < 1000 && left > 0; i++, left--) s.send(d, port, '127.0.0.1', done);
  if (left > 0) setImmediate(burst);
})();`;

async function round(mode: Mode): Promise<{ share: number; sendMs: number; accounted: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', receiver, mode, String(SIZE)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () => once(lines, 'line').then(([line]) => String(line));
  const ready = await next();
  const port = Number(/^READY (\d+)$/.exec(ready)?.[1]);
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', SENDER, String(port)]);
  // Let the receiver drain what its buffer still holds.
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.stdin.write('report\n');
  const result = JSON.parse(await next()) as { received: number; osDrops: number | null };
  await once(child, 'exit');
  const accounted = result.osDrops === null ? true : result.received + result.osDrops === DATAGRAMS;
  return { share: result.received / DATAGRAMS, sendMs: Number(stdout.trim()), accounted };
}

export interface UdpBurstResult {
  readonly datagrams: number;
  readonly size: number;
  readonly rounds: number;
  /** Share of the datagrams received, per mode, every round. */
  readonly shares: Readonly<Record<Mode, number[]>>;
  /** Porthole's share against the default sink's, per round. */
  readonly ratios: number[];
  readonly sendMs: number[];
  /** Every Porthole round: captured + OS drops = sent (Linux). */
  readonly accounted: boolean;
}

export async function measureUdpBurst(): Promise<UdpBurstResult> {
  const shares: Record<Mode, number[]> = { sink: [], 'sink-big': [], porthole: [] };
  const ratios: number[] = [];
  const sendMs: number[] = [];
  let accounted = true;
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of MODES) {
      const result = await round(mode);
      shares[mode].push(result.share);
      sendMs.push(result.sendMs);
      if (mode === 'porthole') accounted &&= result.accounted;
    }
    ratios.push((shares.porthole[r] ?? 0) / (shares.sink[r] ?? 1));
  }
  return { datagrams: DATAGRAMS, size: SIZE, rounds: ROUNDS, shares, ratios, sendMs, accounted };
}

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

export function udpBurstReport(r: UdpBurstResult): string[] {
  const range = (values: readonly number[]) =>
    `rounds ${pct(Math.min(...values))}–${pct(Math.max(...values))}`;
  const ratioRange = `${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}`;
  return [
    `UDP burst, ${r.datagrams.toLocaleString('en-US')} datagrams of ${r.size} B from another process (sent in ${median(r.sendMs).toFixed(0)} ms), median of ${r.rounds}:`,
    `  bare dgram sink, default buffer (baseline)  ${pct(median(r.shares.sink))} received  (${range(r.shares.sink)})`,
    `  bare dgram sink, Porthole's buffer          ${pct(median(r.shares['sink-big']))} received  (${range(r.shares['sink-big'])})`,
    `  Porthole capture port                       ${pct(median(r.shares.porthole))} received  (${range(r.shares.porthole)})`,
    `  ratio to the baseline                       ${median(r.ratios).toFixed(2)}  (rounds ${ratioRange}; target >= 0.95)`,
    `  captured + dropped by the OS = sent         ${r.accounted ? 'yes, every round' : 'NO'}`,
  ];
}

// Run alone: node --import tsx bench/udp-burst.ts
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of udpBurstReport(await measureUdpBurst())) console.log(line);
}
