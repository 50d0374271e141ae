// Keeps the running capture on disk: every captured byte as it is recorded (ChunkSink), and the
// state of ports and connections whenever it changes in a way worth keeping (read off the event
// batches, so the capture path pays nothing for it). The file is created in the background: the
// engine starts at once, and a data folder that cannot be used shows as a stopped writer.

import { statfs } from 'node:fs/promises';
import type {
  ConnectionInfo,
  EventBatch,
  ListenerInfo,
  PersistenceStats,
} from '../../shared/model';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Direction } from '../../shared/model';
import type { BytesOnDisk, ChunkSink } from '../recording/connection-recorder';
import { readRange, searchRange } from './chunk-file-reader';
import { FileChunkIndex } from './file-chunk-index';
import { createCaptureFile, type CaptureFile } from './capture-file';
import { captureFile, captureFolder, type SummaryFile } from './capture-files';
import { CaptureWriter } from './capture-writer';
import { ensurePrivateDir } from './data-dir';

export interface PersistOptions {
  /** The data folder; captures go to `<dataDir>/captures/<captureId>/`. */
  readonly dataDir: string;
  /** Bound on one capture file (default 10 GiB). */
  readonly maxFileBytes?: number;
  /** Bound on bytes waiting for the disk (default 32 MiB). */
  readonly queueBytes?: number;
  /** Tests: how the file is created (e.g. one whose writes fail). */
  readonly createFile?: (path: string) => Promise<CaptureFile>;
  /** Tests: free bytes on the data folder's volume (a nearly full disk). */
  readonly freeBytes?: () => Promise<number | null>;
}

/** Bytes an unprivileged writer may still use on the volume holding `folder`. */
async function freeBytesAt(folder: string): Promise<number | null> {
  const s = await statfs(folder);
  return s.bavail * s.bsize;
}

/** "2026-12-07T03-45-12-345Z-7f3a": sorts by start time, unique, safe as a folder name. */
function newCaptureId(startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, '-');
  const suffix = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-${suffix}`;
}

/** Marks a connection whose closing record is written (followed by that record's key). */
const FINAL = 'final|';

/** The fields whose change is worth a record; byte counters alone are not (chunks carry them). */
function connectionKey(c: ConnectionInfo): string {
  return [
    c.state,
    c.endReason,
    c.error?.code,
    c.upstream?.state,
    c.detected.in,
    c.detected.out,
    c.behaviour,
    // Learnt after accept, often after the close: a closed connection's record is written again.
    c.client === null ? '' : c.client.kind === 'process' ? c.client.pid : c.client.kind,
    c.divergedAt,
  ].join('|');
}

function listenerKey(l: ListenerInfo): string {
  return [
    l.state,
    l.port,
    l.error?.code,
    l.notice?.code,
    JSON.stringify(l.behaviour),
    JSON.stringify(l.faults),
  ].join('|');
}

export class CapturePersistence implements ChunkSink {
  readonly captureId: string;
  readonly folder: string;
  readonly file: string;
  private readonly writer: CaptureWriter;
  /** What was last written per open connection / listener, to write only real changes. */
  private readonly connectionKeys = new Map<number, string>();
  private readonly listenerKeys = new Map<string, string>();
  /**
   * Connections and ports this capture has a record of, and the bytes it was given. Connections
   * are counted, not kept in a set: a capture that runs for days sees millions of them, and a
   * connection is new exactly when it has no entry in connectionKeys (an evicted connection,
   * whose entry is gone, never comes back).
   */
  private connectionCount = 0;
  private readonly listenerIds = new Set<string>();
  private chunkBytes = 0;
  /** Where each connection's bytes are in the file, until it leaves history. */
  private readonly indexes = new Map<number, FileChunkIndex>();
  /** Opened on the first read back from the file; open for as long as the engine runs. */
  private reader: Promise<FileHandle> | null = null;
  /** Connections with a lower id belong to the capture before this one. */
  private readonly firstConnectionId: number;
  /** Once retired (a newer capture took over), only connections up to this id are recorded. */
  private lastConnectionId = Number.MAX_SAFE_INTEGER;
  /** Set by close(): when the capture ended in an orderly way. */
  private endedAt: number | null = null;

  constructor(
    options: PersistOptions,
    private readonly startedAt: number,
    version: string,
    /** The capture's figures moved: a write landed, or writing stopped (with why). */
    onChange: () => void,
    firstConnectionId = 1,
  ) {
    this.firstConnectionId = firstConnectionId;
    this.captureId = newCaptureId(startedAt);
    const folder = captureFolder(options.dataDir, this.captureId);
    this.folder = folder;
    this.file = captureFile(options.dataDir, this.captureId);
    const create = options.createFile ?? createCaptureFile;
    const opened = ensurePrivateDir(folder)
      .then(() => create(this.file))
      .catch((error: unknown) => {
        // Say where: a data folder the user chose may be the problem.
        throw typeof error === 'object' && error !== null && !('path' in error)
          ? Object.assign(error, { path: folder })
          : error;
      });
    // The writer sees a failure through its first write, which may start after the failure
    // happened: without a handler now, it would count as an unhandled rejection.
    opened.catch(() => undefined);
    this.writer = new CaptureWriter({
      file: deferredFile(opened),
      ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
      ...(options.queueBytes !== undefined ? { queueBytes: options.queueBytes } : {}),
      freeBytes: options.freeBytes ?? (() => freeBytesAt(folder)),
      onStopped: onChange,
      onWritten: onChange,
    });
    this.writer.json('capture', { captureId: this.captureId, startedAt, porthole: version });
  }

  chunk(
    connectionId: number,
    direction: 0 | 1,
    at: number,
    offset: number,
    data: Uint8Array,
  ): void {
    this.chunkBytes += data.byteLength;
    let index = this.indexes.get(connectionId);
    if (index === undefined)
      this.indexes.set(connectionId, (index = new FileChunkIndex(connectionId)));
    this.writer.chunk(connectionId, direction, at, offset, data, index);
  }

  onDisk(
    connectionId: number,
    captured: readonly [number, number],
  ): BytesOnDisk | 'later' | 'never' {
    const index = this.indexes.get(connectionId);
    // Bytes that found no room on the way to the file (counted lost) never reach it.
    if (index === undefined || !index.covers(captured)) return 'never';
    if (index.fileEnd > this.writer.writtenBytes) {
      return this.writer.stats().state === 'failed' ? 'never' : 'later';
    }
    index.compact();
    const dir = (d: Direction) => (d === 'in' ? 0 : 1);
    const handle = () => (this.reader ??= open(this.file, 'r'));
    return {
      read: async (direction, offset, length) =>
        readRange(await handle(), (o, l) => index.refs(dir(direction), o, l), offset, length),
      search: async (direction, pattern, from, onMatch) => {
        const d = dir(direction);
        const refs = (o: number, l: number) => index.refs(d, o, l);
        await searchRange(await handle(), refs, index.bytes(d), pattern, from, onMatch);
      },
    };
  }

  forget(connectionId: number): void {
    this.indexes.delete(connectionId);
  }

  /** Let go of the file handle reads used (at engine close: nothing reads after that). */
  async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader !== null) await (await reader.catch(() => null))?.close();
  }

  /** Stop taking new ports and connections: a newer capture records those from now on. */
  retire(lastConnectionId: number): void {
    this.lastConnectionId = lastConnectionId;
  }

  get retired(): boolean {
    return this.lastConnectionId !== Number.MAX_SAFE_INTEGER;
  }

  /** Whether a connection's records belong in this capture. */
  holds(connectionId: number): boolean {
    return connectionId >= this.firstConnectionId && connectionId <= this.lastConnectionId;
  }

  /** One frame's changes: ports and connections whose state moved get a record. */
  readonly onBatch = (batch: EventBatch): void => {
    for (const listener of this.retired ? [] : batch.listeners) this.listener(listener);
    for (const id of batch.removedListeners) this.listenerKeys.delete(id);
    for (const conn of batch.connections) {
      if (!this.holds(conn.id)) continue;
      const key = connectionKey(conn);
      const last = this.connectionKeys.get(conn.id);
      if (last === undefined) this.connectionCount++;
      const closed = conn.state === 'closed';
      if (last === key || last === FINAL + key) continue;
      // Once the final record is written, only a closed snapshot that adds something (the
      // client's program, answered after the close) is written after it; never an older state.
      if (last?.startsWith(FINAL) === true && !closed) continue;
      this.writer.json('connection', conn);
      this.connectionKeys.set(conn.id, closed ? FINAL + key : key);
    }
    for (const id of batch.removedConnections) this.connectionKeys.delete(id);
  };

  /**
   * A connection's last record, written when it closes rather than from a batch: a connection
   * that closes and leaves history (cleared, forgotten, a new capture) within one frame never
   * reaches a batch, and its capture would not know how it ended.
   */
  connectionClosed(conn: ConnectionInfo): void {
    if (!this.holds(conn.id)) return;
    if (!this.connectionKeys.has(conn.id)) this.connectionCount++;
    this.writer.json('connection', conn);
    this.connectionKeys.set(conn.id, FINAL + connectionKey(conn));
  }

  /** A port's record, when it changed in a way worth keeping (also seeds a new capture). */
  listener(listener: ListenerInfo): void {
    const key = listenerKey(listener);
    if (this.listenerKeys.get(listener.id) === key) return;
    this.listenerKeys.set(listener.id, key);
    this.listenerIds.add(listener.id);
    this.writer.json('listener', listener);
  }

  /** What this capture holds so far, as the Captures view lists it. */
  facts(): SummaryFile {
    const s = this.writer.stats();
    return {
      startedAt: this.startedAt,
      endedAt: s.state === 'closed' ? this.endedAt : null,
      interrupted: false,
      damaged: false,
      ports: this.listenerIds.size,
      connections: this.connectionCount,
      bytes: this.chunkBytes - s.lostBytes,
      fileBytes: s.fileBytes,
    };
  }

  stats(): PersistenceStats {
    const s = this.writer.stats();
    return {
      state: s.state,
      captureId: this.captureId,
      fileBytes: s.fileBytes,
      lostBytes: s.lostBytes,
      error: s.error,
    };
  }

  /** Writes what is queued, marks the capture as ended cleanly, closes the file. */
  close(endedAt: number): Promise<void> {
    this.endedAt = endedAt;
    return this.writer.close(endedAt);
  }
}

/** A file that is still being created: writes wait for it, and fail if it could not be. */
function deferredFile(opening: Promise<CaptureFile>): CaptureFile {
  return {
    write: async (buffers, position) => (await opening).write(buffers, position),
    sync: async () => (await opening).sync(),
    close: async () => (await opening).close(),
  };
}
