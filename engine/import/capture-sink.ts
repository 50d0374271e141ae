// Where an import goes: a new capture in the data folder, written with the same writer live
// captures use, so every view opens it like any past capture. Unlike a live capture, an import
// can wait for the disk: it flushes before the writer's queue could fill (a full queue would
// count the bytes as lost).

import { CAPTURE, NO_FAULTS } from '../../shared/behaviours';
import type { ErrorInfo } from '../../shared/errors';
import type { AddressFamily, ConnectionInfo, ListenerInfo, Protocol } from '../../shared/model';
import { createCaptureFile, type CaptureFile } from '../persist/capture-file';
import { captureFile, captureFolder } from '../persist/capture-files';
import { CaptureWriter } from '../persist/capture-writer';
import { ensurePrivateDir } from '../persist/data-dir';

const QUEUE_BYTES = 64 * 1024 * 1024;
/**
 * Reading pauses once this much waits to be written (far enough below the queue's bound that
 * the largest frame still fits), and goes on once writes have brought it down to LOW_BYTES: the
 * disk keeps writing while the file is read.
 */
const HIGH_BYTES = 32 * 1024 * 1024;
const LOW_BYTES = 8 * 1024 * 1024;

/** "2026-12-07T03-45-12-345Z-import-7f3a": sorts with the other captures, safe as a folder. */
export function newImportId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const suffix = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-import-${suffix}`;
}

function isLoopback(address: string, family: AddressFamily): boolean {
  return family === 'IPv4' ? address.startsWith('127.') : address === '::1';
}

export class CaptureSink {
  private readonly listeners = new Map<string, ListenerInfo>();
  private readonly writer: CaptureWriter;
  private waiting: (() => void) | null = null;

  private constructor(
    readonly folder: string,
    file: CaptureFile,
  ) {
    const wake = () => this.wake();
    this.writer = new CaptureWriter({
      file,
      queueBytes: QUEUE_BYTES,
      freeBytes: async () => null,
      onWritten: wake,
      onStopped: wake,
    });
  }

  static async create(dataDir: string, captureId: string, startedAt: number): Promise<CaptureSink> {
    const folder = captureFolder(dataDir, captureId);
    await ensurePrivateDir(folder);
    const sink = new CaptureSink(folder, await createCaptureFile(captureFile(dataDir, captureId)));
    sink.writer.json('capture', { captureId, startedAt, porthole: 'import' });
    return sink;
  }

  /** The port a server address stands for in the capture (one per protocol, address, port). */
  listenerId(
    protocol: Protocol,
    family: AddressFamily,
    address: string,
    port: number,
    at: number,
  ): string {
    const key = `${protocol} ${address} ${port}`;
    const known = this.listeners.get(key);
    if (known !== undefined) return known.id;
    const loopback = isLoopback(address, family);
    const host = family === 'IPv4' ? (loopback ? '127.0.0.1' : '0.0.0.0') : loopback ? '::1' : '::';
    const listener: ListenerInfo = {
      id: `import-${this.listeners.size + 1}`,
      protocol,
      host,
      requestedPort: port,
      port,
      state: 'closed',
      behaviour: CAPTURE,
      faults: NO_FAULTS,
      openAtStart: false,
      exposed: !loopback,
      addresses: [],
      error: null,
      notice: null,
      openedAt: at,
      closedAt: null,
      connectionsTotal: 0,
      connectionsOpen: 0,
      bytesIn: 0,
      bytesOut: 0,
      osDrops: null,
    };
    this.listeners.set(key, listener);
    this.writer.json('listener', listener);
    return listener.id;
  }

  chunk(id: number, direction: 0 | 1, at: number, offset: number, data: Uint8Array): void {
    this.writer.chunk(id, direction, at, offset, data);
  }

  connection(info: ConnectionInfo): void {
    this.writer.json('connection', info);
  }

  /** When too much waits to be written: a promise to await before the next packet. */
  room(): Promise<void> | undefined {
    if (this.writer.stats().queuedBytes < HIGH_BYTES) return undefined;
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private wake(): void {
    const stats = this.writer.stats();
    if (this.waiting === null || (stats.state === 'writing' && stats.queuedBytes > LOW_BYTES)) {
      return;
    }
    const resolve = this.waiting;
    this.waiting = null;
    resolve();
  }

  /** Why writing stopped, if it did. */
  failure(): ErrorInfo | null {
    const stats = this.writer.stats();
    return stats.state === 'writing' ? null : stats.error;
  }

  /** Final listener records (closed when the traffic ended), the end record, and the file closed. */
  async close(endedAt: number): Promise<void> {
    for (const listener of this.listeners.values()) {
      this.writer.json('listener', { ...listener, closedAt: endedAt });
    }
    await this.writer.close(endedAt);
  }
}
