// Everything one connection captured, independent of sockets: byte logs per direction, chunk
// records and the byte accounting against the caps. Sockets feed it through `record`.

import type { Chunk, Detection, Direction, DirectionStats } from '../../shared/model';
import { ByteLog } from './byte-log';
import {
  CHUNK_RECORD_BYTES,
  CONNECTION_OVERHEAD_BYTES,
  type CaptureTotals,
} from '../core/capture-totals';
import { ChunkTable, type ChunkRecords } from './chunk-table';
import { ProtocolDetector, sharedDetection } from './protocol-detector';

/** Where captured bytes go besides memory: the capture file, when captures are kept on disk. */
export interface ChunkSink {
  chunk(connectionId: number, direction: 0 | 1, at: number, offset: number, data: Uint8Array): void;
  /**
   * The connection's bytes read back from the file, when every captured byte (`captured` per
   * direction) is written there; 'later' while some are still on their way; 'never' when some
   * will not get there (the disk fell behind, filled up or failed).
   */
  onDisk(
    connectionId: number,
    captured: readonly [number, number],
  ): BytesOnDisk | 'later' | 'never';
  /** The connection left history: nothing will read its bytes from the file through here. */
  forget(connectionId: number): void;
}

/** A connection's captured bytes in the capture file, once memory has let go of them. */
export interface BytesOnDisk {
  /** Contiguous bytes from `offset` (clipped to what was captured); null if the file is damaged. */
  read(direction: Direction, offset: number, length: number): Promise<Buffer | null>;
  /** Every match start from `from` on, in order, until `onMatch` returns false. */
  search(
    direction: Direction,
    pattern: Buffer,
    from: number,
    onMatch: (offset: number) => boolean,
  ): Promise<void>;
}

/** Default bound on chunk records per connection (33 bytes each: ~2 MiB at this count). */
export const DEFAULT_MAX_CHUNK_RECORDS = 65_536;

class DirectionCounters {
  received = 0;
  captured = 0;
  dropped = 0;
  chunks = 0;

  snapshot(): DirectionStats {
    return {
      received: this.received,
      captured: this.captured,
      dropped: this.dropped,
      chunks: this.chunks,
    };
  }
}

export class ConnectionRecorder {
  private logs: readonly [ByteLog, ByteLog] = [new ByteLog(), new ByteLog()];
  private readonly counters = [new DirectionCounters(), new DirectionCounters()] as const;
  private readonly chunks = new ChunkTable();
  /** Dropped at compact(): history keeps only the (shared) answer, not the detector. */
  private detector: ProtocolDetector | null = new ProtocolDetector();
  private settledDetection: Detection | null = null;
  truncated = false;
  /** Set once memory let go of the bytes (they are in the capture file): reads go there. */
  private disk: BytesOnDisk | null = null;
  firstByteAt: number | null = null;
  lastActivityAt: number;

  constructor(
    private readonly totals: CaptureTotals,
    private readonly maxChunkRecords: number = DEFAULT_MAX_CHUNK_RECORDS,
    openedAt: number,
    /** The connection's id and where its captured bytes are also written, if anywhere. */
    private readonly sink: { readonly id: number; readonly to: ChunkSink } | null = null,
  ) {
    this.lastActivityAt = openedAt;
    totals.overheadBytes += CONNECTION_OVERHEAD_BYTES;
  }

  /**
   * Account for one read (in) or write (out) and keep what the caps allow. Returns the number
   * of bytes kept. Once a direction has dropped a byte it drops all later ones too, even if
   * budget frees up: captured must stay a prefix of received so offsets keep their meaning.
   * `immutable`: the bytes never change (recorded bytes sent again), so they may be kept
   * without a copy.
   */
  record(dir: 0 | 1, data: Uint8Array, at: number, immutable = false): number {
    const length = data.byteLength;
    if (length === 0) return 0;
    const c = this.counters[dir];
    const keep =
      c.dropped === 0
        ? this.totals.grant(length, this.counters[0].captured + this.counters[1].captured)
        : 0;
    const offset = c.received;
    c.received += length;
    this.totals.bytesReceived += length;
    if (dir === 1) this.totals.bytesOut += length;
    if (keep > 0) {
      this.logs[dir].append(data, keep, immutable);
      c.captured += keep;
      this.totals.bytesCaptured += keep;
      this.totals.bytesInMemory += keep;
      // Captured bytes are a prefix of what was received, so their offset is the same.
      this.sink?.to.chunk(
        this.sink.id,
        dir,
        at,
        offset,
        keep === length ? data : data.subarray(0, keep),
      );
    }
    if (keep < length) {
      c.dropped += length - keep;
      this.totals.bytesDropped += length - keep;
      if (!this.truncated) {
        this.truncated = true;
        this.totals.truncatedConnections++;
      }
    }
    this.addChunk(dir, at, offset, length, keep);
    this.firstByteAt ??= at;
    this.lastActivityAt = at;
    // Detection reads received bytes (captured or not), and only until each direction is settled.
    if (this.detector?.looking[dir] === true) this.detector.feed(dir, data);
    return keep;
  }

  /** Where the bytes are once memory let go of them; null while they are in memory. */
  get onDisk(): BytesOnDisk | null {
    return this.disk;
  }

  /**
   * Let go of the bytes in memory, if the capture file has every one of them; reads then go to
   * the file. Only for a connection that can no longer grow (closed and compacted). 'later'
   * when its bytes are still on their way to the file, 'never' when they will not all get there.
   */
  spill(): 'spilled' | 'later' | 'never' {
    if (this.disk !== null) return 'spilled';
    if (this.sink === null) return 'never';
    const captured = [this.counters[0].captured, this.counters[1].captured] as const;
    const disk = this.sink.to.onDisk(this.sink.id, captured);
    if (disk === 'later' || disk === 'never') return disk;
    this.disk = disk;
    this.totals.bytesInMemory -= captured[0] + captured[1];
    this.logs = [new ByteLog(), new ByteLog()];
    return 'spilled';
  }

  /** Captured bytes of one direction in a range, clipped to what was captured (in memory). */
  read(direction: Direction, offset: number, length: number): Buffer {
    return this.logs[direction === 'in' ? 0 : 1].read(offset, length);
  }

  /** One direction's byte log, read-only use: searches walk its blocks without copying. */
  log(direction: Direction): ByteLog {
    return this.logs[direction === 'in' ? 0 : 1];
  }

  /** What each direction's first bytes look like (see shared/detect). */
  detected(): Detection {
    return this.detector?.detected() ?? this.settledDetection ?? sharedDetection(null, null);
  }

  stats(direction: Direction): DirectionStats {
    return this.counters[direction === 'in' ? 0 : 1].snapshot();
  }

  received(direction: Direction): number {
    return this.counters[direction === 'in' ? 0 : 1].received;
  }

  captured(direction: Direction): number {
    return this.counters[direction === 'in' ? 0 : 1].captured;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  readChunks(from: number, count: number): Chunk[] {
    return this.chunks.page(from, count);
  }

  /** Every chunk record, read field by field (no object per record). */
  get chunkRecords(): ChunkRecords {
    return this.chunks;
  }

  /** Drop spare capacity once the connection can no longer grow. */
  compact(): void {
    this.logs[0].compact();
    this.logs[1].compact();
    this.chunks.compact();
    if (this.detector !== null) {
      const { in: inbound, out } = this.detector.detected();
      this.settledDetection = sharedDetection(inbound, out);
      this.detector = null;
    }
  }

  /** Take this connection's figures out of the engine totals (it is leaving history). */
  release(): void {
    this.totals.bytesOut -= this.counters[1].received;
    for (const c of this.counters) {
      this.totals.bytesReceived -= c.received;
      this.totals.bytesCaptured -= c.captured;
      this.totals.bytesDropped -= c.dropped;
      if (this.disk === null) this.totals.bytesInMemory -= c.captured;
    }
    this.sink?.to.forget(this.sink.id);
    if (this.truncated) this.totals.truncatedConnections--;
    this.totals.overheadBytes -=
      CONNECTION_OVERHEAD_BYTES + this.chunks.length * CHUNK_RECORD_BYTES;
  }

  /** Bytes held in memory for this connection's payload (diagnostics and tests). */
  get allocatedBytes(): number {
    return this.logs[0].allocated + this.logs[1].allocated;
  }

  private addChunk(dir: 0 | 1, at: number, offset: number, length: number, keep: number): void {
    const table = this.chunks;
    const last = table.length - 1;
    // A read that keeps nothing, right after a same-direction record that was already cut,
    // adds no information worth a record of its own: fold it in (order is preserved).
    const foldDropped =
      keep === 0 &&
      last >= 0 &&
      table.directionAt(last) === dir &&
      table.capturedAt(last) < table.lengthAt(last);
    const lastOfDir = table.lastIndexOf(dir);
    if (foldDropped || (table.length >= this.maxChunkRecords && lastOfDir >= 0)) {
      table.extend(foldDropped ? last : lastOfDir, length, keep);
      return;
    }
    table.push(dir, at, offset, length, keep);
    this.totals.overheadBytes += CHUNK_RECORD_BYTES;
    this.counters[dir].chunks++;
  }
}
