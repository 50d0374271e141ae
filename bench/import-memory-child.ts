// Memory while importing a pcapng file (made by the parent: export-import.ts), in a process
// of its own so the figures are the import's alone: RSS sampled every 20 ms. Prints JSON.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCapture } from '../engine';

export interface ImportMemoryResult {
  readonly fileBytes: number;
  readonly idleMiB: number;
  readonly peakMiB: number;
  readonly seconds: number;
}

const MiB = 1024 * 1024;
const pcapng = process.argv[2];
if (pcapng === undefined) throw new Error('usage: import-memory-child.ts FILE');
const dataDir = mkdtempSync(join(tmpdir(), 'porthole-bench-import-'));
try {
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const imported = await importCapture(pcapng, dataDir);
  clearInterval(sampler);
  if (!imported.ok) throw new Error(imported.error.message);
  const result: ImportMemoryResult = {
    fileBytes: statSync(pcapng).size,
    idleMiB: idle / MiB,
    peakMiB: Math.max(peak, process.memoryUsage().rss) / MiB,
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
