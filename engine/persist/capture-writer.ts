// Writes one capture file (docs/capture-format.md) behind the capture path. Records are copied
// into a small pool of reused blocks and written in the background, whole blocks at a time, by
// the libuv thread pool: the capture path only copies and checksums, it never waits for the
// disk. The pool is the queue's bound. When the disk cannot keep up (or fails, or the disk cap is
// reached), bytes that find no room are counted per connection and direction and written down as
// `lost` records once there is room again, so a reader knows exactly which ranges are missing.

import { appError, type ErrorInfo } from '../../shared/errors';
import type { PersistenceStats } from '../../shared/model';
import { errnoCode, describeErrno } from '../net/errno';
import {
  BYTES_META_SIZE,
  fileHeader,
  MAX_META,
  MAX_PAYLOAD,
  pad4,
  RECORD_HEADER_SIZE,
  RecordType,
  sealRecord,
  writeChunkMeta,
  writeLostMeta,
} from './capture-format';
import type { CaptureFile } from './capture-file';
import type { FileChunkIndex } from './file-chunk-index';
import { xxhash32 } from './xxhash32';

/** A block holds the longest record with room to spare, so any record fits an empty block. */
const BLOCK_BYTES = 2 * 1024 * 1024;
/** Default bound on what waits to be written: 16 blocks. */
const DEFAULT_QUEUE_BYTES = 32 * 1024 * 1024;
/** Default bound on one capture file. */
const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024 * 1024;
/**
 * A part-filled block of captured bytes waits this long for more before it is written. Each
 * write is a round trip through the thread pool that costs the engine's thread tens of
 * microseconds, so a stream of small reads (thousands a second) written once per turn of the
 * event loop spent more of that thread on writing than on capturing; now it costs at most
 * 1000 / this many writes a second. Full blocks, and records (see json), go at once. Well
 * inside "a crash loses at most about a second".
 */
export const PART_BLOCK_WAIT_MS = 50;

export type WriterState = PersistenceStats['state'];

export interface WriterStats {
  readonly state: WriterState;
  /** Bytes of the file written so far (records and header). */
  readonly fileBytes: number;
  /** Bytes waiting in the queue. */
  readonly queuedBytes: number;
  /** Captured bytes that will not be in the file (queue full, disk cap, or a failed disk). */
  readonly lostBytes: number;
  /** Why writing stopped, when it did. */
  readonly error: ErrorInfo | null;
}

export interface CaptureWriterOptions {
  readonly file: CaptureFile;
  /** Bound on bytes waiting to be written; more is counted as lost, never buffered. */
  readonly queueBytes?: number;
  /** The file stops growing here; later bytes are counted as lost (disk cap). */
  readonly maxFileBytes?: number;
  /** Told once when writing stops (disk full, cap reached, write failed). */
  readonly onStopped?: (error: ErrorInfo) => void;
  /** After each write that landed: the file grew (what the status bar shows moved on). */
  readonly onWritten?: () => void;
  /** Free bytes on the file's volume (null: unknown); checked as the file grows. */
  readonly freeBytes?: () => Promise<number | null>;
  /** Writing stops before the volume has less than this free (default 1 GiB). */
  readonly minFreeBytes?: number;
}

/** Free space is checked after this much is written, or this long after the last check. */
const SPACE_CHECK_BYTES = 64 * 1024 * 1024;
const SPACE_CHECK_MS = 1000;
const DEFAULT_MIN_FREE_BYTES = 1024 * 1024 * 1024;

interface Block {
  readonly buffer: Buffer;
  used: number;
  /** Captured bytes (chunk payloads) in it: what is lost if it never reaches the file. */
  payload: number;
}

interface LostRange {
  readonly connectionId: number;
  readonly direction: 0 | 1;
  readonly offset: number;
  length: number;
}

export class CaptureWriter {
  private readonly file: CaptureFile;
  private readonly maxBlocks: number;
  private readonly maxFileBytes: number;
  private readonly onStopped: (error: ErrorInfo) => void;
  private readonly onWritten: () => void;
  private readonly free: Block[] = [];
  private readonly sealed: Block[] = [];
  private current: Block | null = null;
  private blocksInUse = 0;
  private writing = false;
  /** A write is due at the end of this turn of the event loop (a full block is waiting). */
  private pumpSoon = false;
  /** A write of the part-filled block is due (PART_BLOCK_WAIT_MS). */
  private pumpLater: NodeJS.Timeout | null = null;
  /** A record that goes at once was appended while a write was under way. */
  private recordWaiting = false;
  private position = 0;
  private queued = 0;
  private lostBytes = 0;
  /** Lost ranges not yet written down, merged while contiguous, by connection and direction. */
  private readonly lost = new Map<number, LostRange>();
  private state: WriterState = 'writing';
  private error: ErrorInfo | null = null;
  private idle: (() => void)[] = [];
  private readonly freeBytes: (() => Promise<number | null>) | null;
  private readonly minFreeBytes: number;
  private writtenSinceSpaceCheck = 0;
  private lastSpaceCheck = 0;
  private checkingSpace = false;

  constructor(options: CaptureWriterOptions) {
    this.file = options.file;
    this.maxBlocks = Math.max(
      2,
      Math.ceil((options.queueBytes ?? DEFAULT_QUEUE_BYTES) / BLOCK_BYTES),
    );
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.onStopped = options.onStopped ?? (() => undefined);
    this.onWritten = options.onWritten ?? (() => undefined);
    this.freeBytes = options.freeBytes ?? null;
    this.minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
    const header = fileHeader();
    const block = this.takeBlock();
    if (block !== null) {
      header.copy(block.buffer, 0);
      block.used = header.length;
      this.current = block;
      this.queued += header.length;
      this.schedulePump(true);
    }
  }

  /** Bytes of the file that are written (everything before this offset is in it). */
  get writtenBytes(): number {
    return this.position;
  }

  stats(): WriterStats {
    return {
      state: this.state,
      fileBytes: this.position,
      queuedBytes: this.queued,
      lostBytes: this.lostBytes,
      error: this.error,
    };
  }

  /**
   * One socket read or datagram (or its part past the first MiB, and so on). Copied now, so the
   * caller keeps its buffer. Returns false when the bytes found no room and were counted lost.
   */
  chunk(
    connectionId: number,
    direction: 0 | 1,
    at: number,
    offset: number,
    data: Uint8Array,
    index: FileChunkIndex | null = null,
  ): boolean {
    let written = true;
    for (let from = 0; from < data.length; from += MAX_PAYLOAD) {
      const piece = data.subarray(from, Math.min(data.length, from + MAX_PAYLOAD));
      if (!this.appendChunk(connectionId, direction, at, offset + from, piece, index)) {
        written = false;
      }
    }
    return written;
  }

  /** A listener, connection, capture or end record: its JSON as the record's metadata. */
  json(type: 'capture' | 'listener' | 'connection' | 'end', value: unknown): boolean {
    const meta = Buffer.from(JSON.stringify(value), 'utf8');
    if (meta.length > MAX_META) return false;
    const size = RECORD_HEADER_SIZE + pad4(meta.length);
    // The end record is written past the disk cap too: without it the capture reads as crashed.
    const place = type === 'end' ? this.reserveRaw(size) : this.reserve(size);
    if (place === null) return false;
    const { buffer, at } = place;
    meta.copy(buffer, at + RECORD_HEADER_SIZE);
    buffer.fill(0, at + RECORD_HEADER_SIZE + meta.length, at + size);
    sealRecord(buffer, at, RecordType[type], meta.length, 0, EMPTY_CHECK);
    // What a capture holds is known from its records (a reader lists a capture from them), and
    // they come at most a few per frame: they go at once, with any bytes waiting before them.
    this.schedulePump(true);
    return true;
  }

  /** Resolves once everything queued so far is in the file (not necessarily on the platter). */
  flush(): Promise<void> {
    if (this.state === 'failed' || this.state === 'closed') return Promise.resolve();
    if (this.pumpLater !== null) clearTimeout(this.pumpLater);
    this.pumpLater = null;
    this.sealCurrent();
    this.pump();
    if (!this.writing && this.sealed.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Writes what is queued and an `end` record, syncs and closes the file. Safe to call twice. */
  async close(endedAt: number): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state !== 'failed') {
      this.json('end', { endedAt });
      await this.flush();
      await this.file.sync().catch((error: unknown) => this.stop(diskError(error)));
    }
    this.state = 'closed';
    await this.file.close().catch(() => undefined);
  }

  private appendChunk(
    connectionId: number,
    direction: 0 | 1,
    at: number,
    offset: number,
    data: Uint8Array,
    index: FileChunkIndex | null,
  ): boolean {
    const key = connectionId * 2 + direction;
    const pendingLoss = this.lost.get(key);
    // Once a direction lost bytes, later ones wait behind the lost record, so a reader sees
    // the gap before the bytes that follow it.
    const size = RECORD_HEADER_SIZE + BYTES_META_SIZE + pad4(data.length);
    const place = pendingLoss === undefined ? this.reserve(size) : null;
    if (place === null) {
      this.loseBytes(key, connectionId, direction, offset, data.length);
      return false;
    }
    const { buffer, at: start } = place;
    const metaAt = start + RECORD_HEADER_SIZE;
    writeChunkMeta(buffer, metaAt, { connectionId, direction, at, offset });
    const payloadAt = metaAt + BYTES_META_SIZE;
    buffer.set(data, payloadAt);
    buffer.fill(0, payloadAt + data.length, start + size);
    const check = xxhash32(buffer.subarray(payloadAt, payloadAt + data.length));
    sealRecord(buffer, start, RecordType.chunk, BYTES_META_SIZE, data.length, check);
    place.block.payload += data.length;
    // Records reach the file in the order they are reserved, each block up to what it used, so
    // this record starts where everything written and queued before it ends.
    const recordStart = this.position + this.queued - size;
    index?.push(direction, offset, data.length, recordStart + payloadAt - start, check);
    return true;
  }

  private loseBytes(
    key: number,
    connectionId: number,
    direction: 0 | 1,
    offset: number,
    length: number,
  ): void {
    if (length === 0) return;
    this.lostBytes += length;
    const range = this.lost.get(key);
    // While a range waits to be written, every later byte of its direction joins it (see
    // appendChunk), so ranges only ever grow at their end.
    if (range === undefined) this.lost.set(key, { connectionId, direction, offset, length });
    else range.length = offset + length - range.offset;
  }

  /** Room for `size` bytes in the current block, or null (queue full, cap reached, failed). */
  private reserve(size: number): Place | null {
    if (this.state !== 'writing') return null;
    if (this.position + this.queued + size > this.maxFileBytes) {
      this.stop(appError('CAPTURE_DISK_CAP', { detail: formatBytes(this.maxFileBytes) }), 'full');
      return null;
    }
    const place = this.reserveRaw(size);
    if (place !== null) this.schedulePump();
    return place;
  }

  private takeBlock(): Block | null {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.blocksInUse >= this.maxBlocks) return null;
    this.blocksInUse++;
    // allocUnsafeSlow: a buffer of its own at offset 0, so payloads stay 4-byte aligned for
    // the checksum's fast path.
    return { buffer: Buffer.allocUnsafeSlow(BLOCK_BYTES), used: 0, payload: 0 };
  }

  private sealCurrent(): void {
    const block = this.current;
    if (block === null || block.used === 0) return;
    this.current = null;
    this.sealed.push(block);
  }

  /**
   * Full blocks are written at the end of this turn of the event loop, and so is everything
   * when `now` (a record the file's readers look for); otherwise a part-filled block waits.
   */
  private schedulePump(now = false): void {
    if (now) this.recordWaiting = true;
    if (this.writing || this.pumpSoon) return;
    if (this.recordWaiting || this.sealed.length > 0) {
      this.recordWaiting = false;
      this.pumpSoon = true;
      if (this.pumpLater !== null) clearTimeout(this.pumpLater);
      this.pumpLater = null;
      // Everything appended in this turn of the event loop goes out in one write.
      setImmediate(() => {
        // This write takes everything appended so far, records asked for meanwhile included.
        this.pumpSoon = false;
        this.recordWaiting = false;
        this.sealCurrent();
        this.pump();
      });
      return;
    }
    this.pumpLater ??= setTimeout(() => {
      this.pumpLater = null;
      this.sealCurrent();
      this.pump();
    }, PART_BLOCK_WAIT_MS);
  }

  private pump(): void {
    if (this.writing || this.state === 'failed' || this.state === 'closed') return;
    this.writeLostRanges();
    if (this.sealed.length === 0) {
      this.settleIdle();
      return;
    }
    const blocks = this.sealed.splice(0);
    const buffers = blocks.map((b) => b.buffer.subarray(0, b.used));
    const bytes = buffers.reduce((sum, b) => sum + b.length, 0);
    this.writing = true;
    this.file.write(buffers, this.position).then(
      () => {
        this.writing = false;
        this.position += bytes;
        this.queued -= bytes;
        this.writtenSinceSpaceCheck += bytes;
        this.checkSpace();
        for (const block of blocks) {
          block.used = 0;
          block.payload = 0;
          this.free.push(block);
        }
        this.onWritten();
        // Blocks sealed meanwhile (and lost ranges, which now find room) go now; records since
        // then wait like any part-filled block.
        if (this.sealed.length > 0 || this.lost.size > 0) this.pump();
        else {
          this.settleIdle();
          if (this.current !== null && this.current.used > 0) this.schedulePump();
        }
      },
      (error: unknown) => {
        this.writing = false;
        // Nothing queued will reach the file now: its captured bytes are lost.
        for (const block of [...blocks, ...this.sealed, ...(this.current ? [this.current] : [])]) {
          this.lostBytes += block.payload;
        }
        this.queued = 0;
        this.sealed.length = 0;
        this.current = null;
        this.stop(diskError(error), 'failed');
        this.settleIdle();
      },
    );
  }

  /**
   * Never fill the volume: once less than minFreeBytes is left, writing stops as if the disk
   * were full (other programs need the space too). Asynchronous, off the capture path, and only
   * while the file grows.
   */
  private checkSpace(): void {
    const freeBytes = this.freeBytes;
    if (freeBytes === null || this.checkingSpace || this.state !== 'writing') return;
    const due =
      this.writtenSinceSpaceCheck >= SPACE_CHECK_BYTES ||
      Date.now() - this.lastSpaceCheck >= SPACE_CHECK_MS;
    if (!due) return;
    this.checkingSpace = true;
    this.writtenSinceSpaceCheck = 0;
    this.lastSpaceCheck = Date.now();
    freeBytes().then(
      (free) => {
        this.checkingSpace = false;
        if (free === null || free >= this.minFreeBytes) return;
        const detail = `less than ${formatBytes(this.minFreeBytes)} left on its volume`;
        this.stop(appError('CAPTURE_DISK_FULL', { detail }), 'full');
      },
      () => {
        // Not knowing the free space is no reason to stop: a failed write will say more.
        this.checkingSpace = false;
      },
    );
  }

  /** Lost ranges go into the queue as soon as it has room, ahead of later chunks. */
  private writeLostRanges(): void {
    for (const [key, range] of this.lost) {
      const place = this.reserveRaw(RECORD_HEADER_SIZE + BYTES_META_SIZE);
      if (place === null) return;
      const { buffer, at } = place;
      writeLostMeta(buffer, at + RECORD_HEADER_SIZE, range);
      sealRecord(buffer, at, RecordType.lost, BYTES_META_SIZE, 0, EMPTY_CHECK);
      this.lost.delete(key);
    }
    this.sealCurrent();
  }

  /**
   * Room in the queue without the cap check (lost and end records are written even when the
   * capture is full) and without scheduling a write (pump() calls it itself).
   */
  private reserveRaw(size: number): Place | null {
    if (this.state === 'failed' || this.state === 'closed') return null;
    let block = this.current;
    if (block === null || block.used + size > block.buffer.length) {
      this.sealCurrent();
      block = this.takeBlock();
      if (block === null) return null;
      this.current = block;
    }
    const at = block.used;
    block.used += size;
    this.queued += size;
    return { block, buffer: block.buffer, at };
  }

  private stop(error: ErrorInfo, state: WriterState = 'failed'): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    if (this.state === 'full' && state === 'full') return;
    this.state = state;
    this.error = error;
    this.onStopped(error);
  }

  private settleIdle(): void {
    if (this.writing || this.sealed.length > 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}

const EMPTY_CHECK = xxhash32(new Uint8Array(0));

interface Place {
  readonly block: Block;
  readonly buffer: Buffer;
  readonly at: number;
}

function formatBytes(n: number): string {
  const gib = n / 1024 ** 3;
  return gib >= 1 ? `${Number(gib.toFixed(1))} GiB` : `${Math.round(n / 1024 ** 2)} MiB`;
}

/** What went wrong with the disk, in words a person can act on. */
function diskError(error: unknown): ErrorInfo {
  const code = errnoCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return appError('CAPTURE_DISK_FULL', { detail: code });
  const path = (error as { path?: unknown } | null)?.path;
  const where = typeof path === 'string' ? ` (${path})` : '';
  const detail = code === null ? String(error) : `${describeErrno(code)}${where}`;
  return appError('CAPTURE_WRITE_FAILED', { detail });
}
