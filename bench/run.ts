// `npm run bench`: prints figures and ratios against baselines measured in the same run, and
// keeps the latest figures in docs/bench-latest.md. Benchmarks are not tests: nothing here
// passes or fails on speed.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { measureCaptureThroughput } from './capture-throughput';
import { measureScreenLatency } from './screen-latency';

const f1 = (n: number) => n.toFixed(1);
const spread = (values: readonly number[]) =>
  `rounds ${f1(Math.min(...values))}–${f1(Math.max(...values))}`;

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  say(
    `Porthole benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
  );
  say('');

  const tp = await measureCaptureThroughput();
  say(
    `Capture throughput, one TCP connection, ${tp.bytes / 1024 / 1024} MiB, median of ${tp.rounds}:`,
  );
  say(`  bare net sink (baseline)   ${f1(tp.bareMBps)} MiB/s  (${spread(tp.bareSamplesMBps)})`);
  say(
    `  Porthole, every byte kept  ${f1(tp.portholeMBps)} MiB/s  (${spread(tp.portholeSamplesMBps)})`,
  );
  say(`  ratio                      ${tp.ratio.toFixed(2)}  (target >= 0.80)`);
  say('');

  const lat = await measureScreenLatency();
  say(
    `Socket-to-screen latency, browser mode, ${lat.eventsPerSecond} events/s, ${lat.messages} messages:`,
  );
  say(
    `  p50 ${f1(lat.p50)} ms   p99 ${f1(lat.p99)} ms   max ${f1(lat.max)} ms  (target p99 < 100 ms)`,
  );
  say(
    `  long tasks (> 50 ms) in the renderer: ${lat.longTasks}, longest ${f1(lat.longestTaskMs)} ms  (target 0)`,
  );

  const doc = [
    '# Latest benchmark figures',
    '',
    'Written by `npm run bench`.',
    '',
    '```',
    ...lines,
    '```',
    '',
  ];
  writeFileSync(new URL('../docs/bench-latest.md', import.meta.url), doc.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
