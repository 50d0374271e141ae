// Reads a capture file (docs/capture-format.md). Opening walks the records' headers and
// metadata only — payloads are skipped, so a large capture opens quickly — and builds an index
// of where every chunk's bytes are. Bytes are read, and their checksum verified, when asked for.
// Every byte of the file is untrusted: a torn tail or damage in the middle is reported and
// stepped over, never thrown, and the search for the next intact record is bounded.

import type { FileHandle } from 'node:fs/promises';
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../shared/errors';
import {
  checkFileHeader,
  FILE_HEADER_SIZE,
  isKnownType,
  MAX_RECORD_SIZE,
  metaCheckOf,
  payloadStart,
  plausible,
  readChunkMeta,
  readLostMeta,
  readRecordHeader,
  RECORD_HEADER_SIZE,
  recordSize,
  RecordType,
  type LostMeta,
  type RecordHeader,
} from './capture-format';
import { xxhash32 } from './xxhash32';

/** Where one chunk's bytes are in the file. */
export interface ChunkRef {
  readonly connectionId: number;
  readonly direction: 0 | 1;
  readonly at: number;
  /** Offset in its direction's byte stream. */
  readonly offset: number;
  readonly length: number;
  /** Where the payload starts in the file. */
  readonly filePosition: number;
  readonly check: number;
}

/** A stretch of the file that could not be read as records. */
interface DamagedRange {
  readonly from: number;
  readonly to: number;
}

export interface CaptureContents {
  readonly version: number;
  readonly fileBytes: number;
  /** The `capture` record's JSON, or null when it is missing or damaged. */
  readonly capture: unknown;
  /** Each listener's last record, by id, in the order they first appeared. */
  readonly listeners: ReadonlyMap<string, unknown>;
  /** Each connection's last record, by id, in the order they first appeared. */
  readonly connections: ReadonlyMap<number, unknown>;
  /** Every chunk, in file order. */
  readonly chunks: readonly ChunkRef[];
  readonly lost: readonly LostMeta[];
  /** When the capture was closed in an orderly way; null after a crash. */
  readonly endedAt: number | null;
  /** Bytes at the end of the file that did not make a whole record (a write cut short). */
  readonly tornTailBytes: number;
  readonly damaged: readonly DamagedRange[];
}

/** How much of the file is read at once while walking records. */
const WINDOW_BYTES = 1024 * 1024;
/**
 * After stepping over a large payload, only this much is read: enough for the next record's
 * header and metadata. Reading a full window there would read every payload byte of a capture
 * made of big chunks, when opening needs only its headers.
 */
const PROBE_BYTES = 4096;
/** Longest stretch the walk runs before letting sockets and commands have the event loop. */
const SLICE_MS = 8;

/** Reads what is in a capture file. Resolves with an error only when nothing can be read. */
export async function readCapture(path: string): Promise<Result<CaptureContents>> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(appError('CAPTURE_UNREADABLE', { detail }));
  }
  try {
    return await walk(handle, (await handle.stat()).size, path);
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of one chunk, checked against its checksum. `null` when they no longer match (the
 * file was damaged after it was opened, or in a part the walk does not verify).
 */
export async function readChunk(handle: FileHandle, ref: ChunkRef): Promise<Buffer | null> {
  // A fresh buffer of its own: offset 0, so the check runs on aligned lanes.
  const data = Buffer.allocUnsafeSlow(ref.length);
  const { bytesRead } = await handle.read(data, 0, ref.length, ref.filePosition);
  if (bytesRead !== ref.length || xxhash32(data) !== ref.check) return null;
  return data;
}

class Window {
  private buffer = Buffer.alloc(0);
  private readonly probe = Buffer.allocUnsafeSlow(PROBE_BYTES);
  private readonly window = Buffer.allocUnsafeSlow(WINDOW_BYTES);
  private start = 0;
  private lastPosition = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  /** `length` bytes at `position`, or null past the end of the file. */
  bytes(position: number, length: number): { b: Buffer; at: number } | null {
    if (position + length > this.size) return null;
    const end = this.start + this.buffer.length;
    const jumped = position - this.lastPosition > PROBE_BYTES * 4;
    this.lastPosition = position;
    if (position < this.start || position + length > end) {
      const window = jumped ? PROBE_BYTES : WINDOW_BYTES;
      const want = Math.min(Math.max(length, window), this.size - position);
      // Read into a buffer kept for the purpose (callers copy what they keep), not a fresh one
      // per read: thousands of probes would otherwise each allocate.
      const spare = jumped ? this.probe : this.window;
      const b = want <= spare.length ? spare : Buffer.allocUnsafeSlow(want);
      // A synchronous read from the page cache costs a few microseconds; an asynchronous one a
      // trip through the thread pool, which dominated opening a capture of many records. The
      // walk yields to the event loop between slices instead (see SLICE_MS).
      const bytesRead = readSync(this.handle.fd, b, 0, want, position);
      this.buffer = b.subarray(0, bytesRead);
      this.start = position;
      if (bytesRead < length) return null;
    }
    return { b: this.buffer, at: position - this.start };
  }
}

async function walk(
  handle: FileHandle,
  size: number,
  path: string,
): Promise<Result<CaptureContents>> {
  const window = new Window(handle, size);
  const head = window.bytes(0, FILE_HEADER_SIZE);
  const header = head === null ? null : checkFileHeader(head.b.subarray(head.at));
  if (header === null || !header.ok) {
    if (header?.reason === 'newer-version') {
      return fail(appError('CAPTURE_NEWER_VERSION', { detail: String(header.version) }));
    }
    return fail(appError('CAPTURE_UNREADABLE', { detail: path }));
  }

  let capture: unknown = null;
  let endedAt: number | null = null;
  const listeners = new Map<string, unknown>();
  const connections = new Map<number, unknown>();
  const chunks: ChunkRef[] = [];
  const lost: LostMeta[] = [];
  const damaged: DamagedRange[] = [];
  let tornTailBytes = 0;

  let position = header.size;
  let sliceStart = performance.now();
  while (position < size) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    const record = readRecord(window, position, size);
    if (record.kind === 'torn') {
      // A record cut short is the last one written. One with a whole record after it had its
      // length damaged instead: step over it like any other damage.
      const next = findNextRecord(window, position + 4, size);
      if (next === null) {
        tornTailBytes = size - position;
        break;
      }
      damaged.push({ from: position, to: next });
      position = next;
      continue;
    }
    if (record.kind === 'bad') {
      const next = findNextRecord(window, position + 4, size);
      damaged.push({ from: position, to: next ?? size });
      if (next === null) break;
      position = next;
      continue;
    }
    const { h, meta } = record;
    const end = position + recordSize(h);
    if (end > size) {
      tornTailBytes = size - position;
      break;
    }
    switch (h.type) {
      case RecordType.chunk: {
        const m = readChunkMeta(meta, 0);
        if (m === null) damaged.push({ from: position, to: end });
        else {
          chunks.push({
            ...m,
            length: h.payloadLength,
            filePosition: position + payloadStart(h),
            check: h.payloadCheck,
          });
        }
        break;
      }
      case RecordType.lost: {
        const m = readLostMeta(meta, 0);
        if (m === null) damaged.push({ from: position, to: end });
        else lost.push(m);
        break;
      }
      case RecordType.capture:
      case RecordType.listener:
      case RecordType.connection:
      case RecordType.end: {
        const value = parseJson(meta);
        if (value === undefined) {
          damaged.push({ from: position, to: end });
          break;
        }
        if (h.type === RecordType.capture) capture = value;
        else if (h.type === RecordType.end) endedAt = numberField(value, 'endedAt');
        else if (h.type === RecordType.listener) {
          const id = stringField(value, 'id');
          if (id !== null) listeners.set(id, value);
        } else {
          const id = numberField(value, 'id');
          if (id !== null) connections.set(id, value);
        }
        break;
      }
      default:
        // A record type from a later minor revision: intact, so stepped over.
        break;
    }
    position = end;
  }
  return ok({
    version: header.version,
    fileBytes: size,
    capture,
    listeners,
    connections,
    chunks,
    lost,
    endedAt,
    tornTailBytes,
    damaged,
  });
}

type ReadRecord =
  | { readonly kind: 'record'; readonly h: RecordHeader; readonly meta: Buffer }
  | { readonly kind: 'torn' }
  | { readonly kind: 'bad' };

function readRecord(window: Window, position: number, size: number): ReadRecord {
  const head = window.bytes(position, RECORD_HEADER_SIZE);
  if (head === null) return { kind: 'torn' };
  const h = readRecordHeader(head.b, head.at);
  if (!plausible(h)) return { kind: 'bad' };
  if (position + recordSize(h) > size) {
    // Past the end: a record cut short, unless its header is garbage (then it is damage).
    const withMeta = window.bytes(position, RECORD_HEADER_SIZE + h.metaLength);
    if (withMeta === null) return { kind: 'torn' };
    return metaCheckOf(withMeta.b, withMeta.at, h.metaLength) === h.metaCheck
      ? { kind: 'torn' }
      : { kind: 'bad' };
  }
  const full = window.bytes(position, RECORD_HEADER_SIZE + h.metaLength);
  if (full === null) return { kind: 'torn' };
  if (metaCheckOf(full.b, full.at, h.metaLength) !== h.metaCheck) return { kind: 'bad' };
  const metaAt = full.at + RECORD_HEADER_SIZE;
  return { kind: 'record', h, meta: Buffer.from(full.b.subarray(metaAt, metaAt + h.metaLength)) };
}

/**
 * The next position (a multiple of 4) where an intact record starts, searching no further than
 * the longest record could reach; null when there is none.
 */
function findNextRecord(window: Window, from: number, size: number): number | null {
  const limit = Math.min(size - RECORD_HEADER_SIZE, from + 2 * MAX_RECORD_SIZE);
  for (let p = (from + 3) & ~3; p <= limit; p += 4) {
    const head = window.bytes(p, RECORD_HEADER_SIZE);
    if (head === null) return null;
    const h = readRecordHeader(head.b, head.at);
    if (!isKnownType(h.type) || !plausible(h)) continue;
    if (p + recordSize(h) > size) continue;
    const full = window.bytes(p, RECORD_HEADER_SIZE + h.metaLength);
    if (full !== null && metaCheckOf(full.b, full.at, h.metaLength) === h.metaCheck) return p;
  }
  return null;
}

function parseJson(meta: Buffer): unknown {
  try {
    return JSON.parse(meta.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function numberField(value: unknown, name: string): number | null {
  const v = field(value, name);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function stringField(value: unknown, name: string): string | null {
  const v = field(value, name);
  return typeof v === 'string' ? v : null;
}
