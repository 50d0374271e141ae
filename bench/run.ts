// `npm run bench`: prints figures and ratios against baselines measured in the same run, and
// keeps the latest figures in docs/bench-latest.md. Benchmarks are not tests: nothing here
// passes or fails on speed.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { measureCaptureThroughput, type ThroughputResult } from './capture-throughput';
import { clientNamingReport, measureClientNaming } from './client-naming';
import { compareDiffReport, measureCompareDiff } from './compare-diff';
import { compareScreenReport, measureCompareScreen } from './compare-screen';
import { machineRefreshReport, type MachineRefreshResult } from './machine-refresh';
import { measureStalledUi, stalledUiReport } from './stalled-ui';
import { makePcapngFile, measureExportImport } from './export-import';
import { measureFilter, measurePayloadSearch } from './filter-search';
import type { ImportMemoryResult } from './import-memory-child';
import { measureFirstScreen } from './first-screen';
import type { RecordMemoryResult } from './record-memory-child';
import type { RelayMemoryResult } from './relay-memory';
import { measureRedisRelay, redisRelayReport } from './relay-redis';
import { measureRelayThroughput, type RelayResult } from './relay-throughput';
import { measureReopen } from './reopen-capture';
import { measureReplayThroughput, replayThroughputReport } from './replay-throughput';
import { measureScreenLatency } from './screen-latency';
import { measureTimelineDraw, timelineDrawReport } from './timeline-draw';
import { measureUdpBurst, udpBurstReport } from './udp-burst';

const f1 = (n: number) => n.toFixed(1);
const spread = (values: readonly number[]) =>
  `rounds ${f1(Math.min(...values))}–${f1(Math.max(...values))}`;

/** A measurement in a fresh process of its own (a script that prints its result as JSON). */
async function inChild<T>(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const child = fileURLToPath(new URL(script, import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', child, ...args],
    { env: { ...process.env, ...env }, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout) as T;
}

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
  say(
    `  Porthole, also written to disk  ${f1(tp.diskMBps)} MiB/s  (${spread(tp.diskSamplesMBps)})`,
  );
  say(`  ratio                      ${tp.diskRatio.toFixed(2)}  (target >= 0.80)`);
  if (process.platform === 'linux') {
    // Browser mode runs its engine this way by default (server/relaunch.ts): a process started
    // with glibc's huge pages for malloc. The baseline runs in that same process, so the ratio
    // compares like with like; the line after it compares with the plain-process sink above.
    const huge = await inChild<ThroughputResult>('./throughput-child.ts', [], {
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    say('  as browser mode runs its engine (a child process with glibc huge pages, the default):');
    say(
      `    bare ${f1(huge.bareMBps)} MiB/s (${spread(huge.bareSamplesMBps)}), Porthole ${f1(huge.portholeMBps)} MiB/s (${spread(huge.portholeSamplesMBps)}), ratio ${huge.ratio.toFixed(2)}`,
    );
    say(
      `    also written to disk ${f1(huge.diskMBps)} MiB/s (${spread(huge.diskSamplesMBps)}), ratio ${huge.diskRatio.toFixed(2)}  (target >= 0.80)`,
    );
    say(
      `    against the plain-process bare sink above: ${(huge.diskMBps / tp.bareMBps).toFixed(2)} (to disk), ${(huge.portholeMBps / tp.bareMBps).toFixed(2)} (memory only)`,
    );
  }
  say('');

  say('Relay throughput, one TCP connection through the relay, Porthole (default capture limits)');
  say('against socat TCP-LISTEN:…,fork TCP:… in the same run:');
  for (const direction of ['upload', 'download'] as const) {
    const relay = await measureRelayThroughput(direction);
    say(
      `  ${direction.padEnd(8)} ${relay.bytes / 1024 / 1024} MiB, median of ${relay.rounds}: socat ${f1(relay.socatMBps)} MiB/s (${spread(relay.socatSamplesMBps)}), Porthole ${f1(relay.portholeMBps)} MiB/s (${spread(relay.portholeSamplesMBps)})`,
    );
    say(`           ratio ${relay.ratio.toFixed(2)}  (target >= 1.00)`);
  }
  if (process.platform === 'linux') {
    // As browser mode runs its engine (see the capture figures above). socat is measured again
    // in the same child, and inherits the same setting, so each ratio compares like with like.
    const huge = await inChild<RelayResult[]>('./relay-throughput-child.ts', [], {
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    say('  as browser mode runs its engine (a child process with glibc huge pages, the default):');
    for (const relay of huge) {
      say(
        `    ${relay.direction.padEnd(8)} socat ${f1(relay.socatMBps)} MiB/s (${spread(relay.socatSamplesMBps)}), Porthole ${f1(relay.portholeMBps)} MiB/s (${spread(relay.portholeSamplesMBps)}), ratio ${relay.ratio.toFixed(2)}  (target >= 1.00)`,
      );
    }
  }
  say('');
  for (const line of redisRelayReport(await measureRedisRelay())) say(line);
  say('');

  say('Relay memory, 256 MiB through the relay to a slow reader (pauses 1 ms after each read),');
  say('capture limited to 8 MiB; peak RSS against the same process idle just before it:');
  for (const direction of ['download', 'upload'] as const) {
    const mem = await inChild<RelayMemoryResult>('./relay-memory-child.ts', [direction]);
    const slow = direction === 'download' ? 'client' : 'upstream';
    say(
      `  ${direction.padEnd(8)} slow ${slow}, median of ${mem.rounds}: idle ${f1(mem.idleMiB)} MiB, peak ${f1(mem.peakMiB)} MiB, +${f1(mem.growthMiB)} MiB (${spread(mem.growthSamplesMiB)})`,
    );
    say(`           ratio ${mem.ratio.toFixed(2)}`);
  }
  say('');

  const rec = await inChild<RecordMemoryResult>('./record-memory-child.ts');
  say(
    `Memory while recording ${rec.bytes / 1024 / 1024 / 1024} GiB through one connection, default limits, captures on disk:`,
  );
  say(
    `  idle ${f1(rec.idleMiB)} MiB, peak ${f1(rec.peakMiB)} MiB (+${f1(rec.peakMiB - rec.idleMiB)} MiB) in ${f1(rec.seconds)} s; kept ${f1(rec.capturedBytes / 1024 / 1024)} MiB (per-connection cap), file ${f1(rec.fileBytes / 1024 / 1024)} MiB`,
  );
  say(
    `  peak against total cap + 150 MiB (${(rec.totalCapBytes / 1024 / 1024 + 150).toFixed(0)} MiB): ratio ${(rec.peakMiB / (rec.totalCapBytes / 1024 / 1024 + 150)).toFixed(2)}  (target <= 1.00)`,
  );
  say('');

  const reopen = await measureReopen();
  say(
    `Reopening a capture after a restart: list captures, first page of connections, first 64 KiB of a payload,`,
  );
  say(`fresh engine each round, median of ${reopen.bigSamplesMs.length}:`);
  say(
    `  ${reopen.bigBytes / 1024 / 1024 / 1024} GiB, ${reopen.bigConnections.toLocaleString('en')} connections  ${f1(reopen.bigMs)} ms  (${spread(reopen.bigSamplesMs)})  (target < 1000 ms)`,
  );
  say(
    `  browser mode after a restart, median of ${reopen.paintedSamplesMs.length}: page load to "Your last capture — Open it" ${f1(reopen.painted.loadMs)} ms, then to its first rows painted ${f1(reopen.painted.openMs)} ms; together ${f1(reopen.painted.totalMs)} ms (${spread(reopen.paintedSamplesMs)})  (target < 1000 ms)`,
  );
  say(
    `  1 MiB, 1 connection (baseline)  ${f1(reopen.smallMs)} ms  (${spread(reopen.smallSamplesMs)}), ratio ${(reopen.bigMs / reopen.smallMs).toFixed(0)}`,
  );
  say('');

  const xi = await measureExportImport();
  say(
    `pcapng export and import of a ${(xi.pcapngBytes / 1024 / 1024).toFixed(0)} MiB capture, median of ${xi.exportSamplesMBps.length}, against a streamed copy of the file:`,
  );
  say(`  copy (baseline)  ${f1(xi.copyMBps)} MiB/s  (${spread(xi.copySamplesMBps)})`);
  say(
    `  export  ${f1(xi.exportMBps)} MiB/s  (${spread(xi.exportSamplesMBps)}), ratio ${(xi.exportMBps / xi.copyMBps).toFixed(2)}  (target >= 0.50)`,
  );
  say(
    `  import  ${f1(xi.importMBps)} MiB/s  (${spread(xi.importSamplesMBps)}), ratio ${(xi.importMBps / xi.copyMBps).toFixed(2)}  (target >= 0.30)`,
  );
  const big = await makePcapngFile();
  const im = await inChild<ImportMemoryResult>('./import-memory-child.ts', [big.file]).finally(
    big.remove,
  );
  say(
    `  importing ${f1(im.fileBytes / 1024 / 1024 / 1024)} GiB in a process of its own: idle ${f1(im.idleMiB)} MiB, peak ${f1(im.peakMiB)} MiB (+${f1(im.peakMiB - im.idleMiB)} MiB) in ${f1(im.seconds)} s  (target: within the total limit + 150 MiB)`,
  );
  say('');

  const screen = await measureFirstScreen();
  say(
    `Time to first screen, browser mode, an HTTP POST with a ${screen.bodyBytes / 1e6} MB JSON body (baseline: a 1 KB body, same run):`,
  );
  say(
    `  Text view     ${f1(screen.textMs)} ms  (1 KB: ${f1(screen.baselineTextMs)} ms, ratio ${(screen.textMs / screen.baselineTextMs).toFixed(2)})  (target < 200 ms)`,
  );
  if (screen.decodedMs !== null && screen.baselineDecodedMs !== null) {
    say(
      `  Decoded view  ${f1(screen.decodedMs)} ms  (1 KB: ${f1(screen.baselineDecodedMs)} ms, ratio ${(screen.decodedMs / screen.baselineDecodedMs).toFixed(2)})  (target < 200 ms)`,
    );
  }
  say(
    `  long tasks (> 50 ms) from each click of the 50 MB body to a second after its screen: ${screen.longTasks}, longest ${f1(screen.longestTaskMs)} ms  (target 0)`,
  );
  say('');

  const filter = measureFilter();
  say(
    `Connection filter over ${filter.connections.toLocaleString('en')} connections (address + protocol + state + size; ${filter.matched} match), median of 21:`,
  );
  say(
    `  ${f1(filter.filterMs)} ms  (baseline one-field Array.filter ${f1(filter.baselineMs)} ms, ratio ${(filter.filterMs / filter.baselineMs).toFixed(2)})`,
  );
  const search = await measurePayloadSearch();
  say(
    `Payload search (findConnections, paged as the UI does) over ${search.bytes / 1024 / 1024} MiB in 200 connections, median of 7:`,
  );
  say(
    `  ${f1(search.searchMs)} ms in ${search.calls} calls, ${f1(search.bytes / 1024 / 1024 / (search.searchMs / 1000))} MiB/s  (baseline Buffer.indexOf over one buffer ${f1(search.baselineMs)} ms, ratio ${(search.searchMs / search.baselineMs).toFixed(2)})`,
  );
  say('');

  // The same load with 10,000 idle connections held open beside it (each sent 64 bytes): the
  // grid and the store carry 10,000 more rows while the latency is measured.
  for (const heldOpen of [0, 10_000]) {
    const lat = await measureScreenLatency(5000, 6, 20, heldOpen);
    say(
      `Socket-to-screen latency, browser mode, ${lat.eventsPerSecond} events/s, ${lat.messages} messages${heldOpen > 0 ? `, ${heldOpen.toLocaleString('en')} more connections open` : ''}:`,
    );
    say(
      `  p50 ${f1(lat.p50)} ms   p99 ${f1(lat.p99)} ms   max ${f1(lat.max)} ms  (target p99 < 100 ms)`,
    );
    say(
      `  long tasks (> 50 ms) in the renderer: ${lat.longTasks}, longest ${f1(lat.longestTaskMs)} ms  (target 0)`,
    );
  }
  say('');

  for (const line of timelineDrawReport(await measureTimelineDraw())) say(line);

  say('');
  for (const line of udpBurstReport(await measureUdpBurst())) say(line);

  say('');
  for (const line of replayThroughputReport(await measureReplayThroughput())) say(line);

  say('');
  for (const line of clientNamingReport(await measureClientNaming())) say(line);

  say('');
  for (const line of compareDiffReport(measureCompareDiff())) say(line);
  for (const line of compareScreenReport(await measureCompareScreen())) say(line);

  say('');
  for (const line of stalledUiReport(await measureStalledUi())) say(line);

  say('');
  const machine = await inChild<MachineRefreshResult | null>('./machine-refresh-child.ts');
  for (const line of machineRefreshReport(machine)) say(line);

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
