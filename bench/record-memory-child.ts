// Memory while recording a long transfer with the default capture limits and captures on disk:
// 4 GiB through one TCP connection from a client in its own process, RSS sampled every 20 ms.
// In a fresh process, so the idle figure is this engine's and nothing else's. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatchCommand } from '../shared/contract';
import { DEFAULT_LIMITS, type EngineStats, type ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { blast } from './capture-throughput';

export interface RecordMemoryResult {
  readonly bytes: number;
  readonly totalCapBytes: number;
  readonly idleMiB: number;
  readonly peakMiB: number;
  readonly capturedBytes: number;
  readonly fileBytes: number;
  readonly seconds: number;
}

const MiB = 1024 * 1024;
const BYTES = 4 * 1024 * MiB;
const dataDir = mkdtempSync(join(tmpdir(), 'porthole-bench-record-'));
const engine = createEngine({ persist: { dataDir } });
try {
  const opened = await dispatchCommand(engine.handlers, 'openListener', { port: 0 });
  if (!opened.ok) throw new Error(opened.error.message);
  const port = (opened.value as ListenerInfo).port ?? 0;
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const ms = await blast(port, BYTES);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = await dispatchCommand(engine.handlers, 'getStats', {});
  const s = stats.ok ? (stats.value as EngineStats) : null;
  const result: RecordMemoryResult = {
    bytes: BYTES,
    totalCapBytes: DEFAULT_LIMITS.totalBytes,
    idleMiB: idle / MiB,
    peakMiB: peak / MiB,
    capturedBytes: s?.bytesCaptured ?? 0,
    fileBytes: s?.persistence?.fileBytes ?? 0,
    seconds: ms / 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}
