// pcapng export and import throughput: an engine records a capture (8 connections of 64 MiB),
// it is exported to pcapng, and that file is imported again. Each is timed against a plain
// streamed copy of a file of the same size in the same run (read and write through Node
// streams, as the export and import do), so the ratio says what the format work costs.
// Memory during a 1 GiB import is measured in a process of its own (import-memory-child.ts).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { dispatchCommand } from '../shared/contract';
import type { ListenerInfo } from '../shared/model';
import { createEngine, exportCaptureToPcapng, importCapture } from '../engine';
import { blast } from './capture-throughput';
import { median } from './median';

export interface ExportImportResult {
  readonly pcapngBytes: number;
  readonly exportMBps: number;
  readonly importMBps: number;
  readonly copyMBps: number;
  readonly exportSamplesMBps: readonly number[];
  readonly importSamplesMBps: readonly number[];
  readonly copySamplesMBps: readonly number[];
}

const MiB = 1024 * 1024;

/** Records `connections` × `each` bytes into a capture in `dataDir`. */
async function recordCapture(dataDir: string, connections: number, each: number) {
  const engine = createEngine({
    persist: { dataDir },
    limits: { perConnectionBytes: each * 2, totalBytes: 4 * 1024 * MiB },
  });
  try {
    const opened = await dispatchCommand(engine.handlers, 'openListener', { port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const port = (opened.value as ListenerInfo).port ?? 0;
    for (let i = 0; i < connections; i++) await blast(port, each);
  } finally {
    await engine.close();
  }
}

/** Exports the newest capture of `dataDir` to `file`. */
async function exportLatest(dataDir: string, file: string): Promise<void> {
  const exported = await exportCaptureToPcapng({ dataDir, capture: 'latest', output: file });
  if (!exported.ok) throw new Error(exported.error.message);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function measureExportImport(rounds = 3): Promise<ExportImportResult> {
  const home = mkdtempSync(join(tmpdir(), 'porthole-bench-pcap-'));
  try {
    const dataDir = join(home, 'data');
    await recordCapture(dataDir, 8, 64 * MiB);
    const pcapng = join(home, 'export.pcapng');
    const exports: number[] = [];
    const imports: number[] = [];
    const copies: number[] = [];
    for (let i = 0; i < rounds; i++) {
      exports.push(await timed(() => exportLatest(dataDir, pcapng)));
      const into = join(home, `import-${i}`);
      imports.push(
        await timed(async () => {
          const imported = await importCapture(pcapng, into);
          if (!imported.ok) throw new Error(imported.error.message);
        }),
      );
      rmSync(into, { recursive: true, force: true });
      copies.push(
        await timed(() =>
          pipeline(createReadStream(pcapng), createWriteStream(join(home, 'copy.bin'))),
        ),
      );
    }
    const bytes = statSync(pcapng).size;
    const mbps = (ms: number) => bytes / MiB / (ms / 1000);
    return {
      pcapngBytes: bytes,
      exportMBps: mbps(median(exports)),
      importMBps: mbps(median(imports)),
      copyMBps: mbps(median(copies)),
      exportSamplesMBps: exports.map(mbps),
      importSamplesMBps: imports.map(mbps),
      copySamplesMBps: copies.map(mbps),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * A pcapng file of `bytes` (16 × 64 MiB by default) for the import-memory child, in a folder of
 * its own; returns the file and a function that removes it.
 */
export async function makePcapngFile(
  connections = 16,
  each = 64 * MiB,
): Promise<{ file: string; remove: () => void }> {
  const home = mkdtempSync(join(tmpdir(), 'porthole-bench-pcapng-'));
  const dataDir = join(home, 'data');
  await recordCapture(dataDir, connections, each);
  const file = join(home, 'export.pcapng');
  await exportLatest(dataDir, file);
  rmSync(dataDir, { recursive: true, force: true });
  return { file, remove: () => rmSync(home, { recursive: true, force: true }) };
}
