// The capture file's layout, version 1 (docs/capture-format.md): the file header, the 16-byte
// record header with its two checksums, and the fixed metadata of chunk and lost records. The
// writer and the reader both build on these, so the layout is written down once.

import { xxhash32 } from './xxhash32';

const FORMAT_VERSION = 1;
const MAGIC = Buffer.from('PORTHOLE', 'ascii');
export const FILE_HEADER_SIZE = 16;
export const RECORD_HEADER_SIZE = 16;
/** Longest payload one record carries; a writer splits longer data. */
export const MAX_PAYLOAD = 1024 * 1024;
export const MAX_META = 0xffff;
/** The longest a record can be, so the longest stretch a reader searches for the next one. */
export const MAX_RECORD_SIZE = RECORD_HEADER_SIZE + pad4(MAX_META) + MAX_PAYLOAD;

export const RecordType = {
  capture: 1,
  listener: 2,
  connection: 3,
  chunk: 4,
  lost: 5,
  end: 6,
} as const;
type RecordTypeName = keyof typeof RecordType;
export type RecordTypeCode = (typeof RecordType)[RecordTypeName];

/** Metadata size of chunk and lost records. */
export const BYTES_META_SIZE = 24;

export function pad4(n: number): number {
  return (n + 3) & ~3;
}

export function isKnownType(type: number): type is RecordTypeCode {
  return type >= RecordType.capture && type <= RecordType.end;
}

export function fileHeader(): Buffer {
  const header = Buffer.alloc(FILE_HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeUInt16LE(FORMAT_VERSION, 8);
  header.writeUInt16LE(FILE_HEADER_SIZE, 10);
  header.writeUInt32LE(xxhash32(header.subarray(0, 12)), 12);
  return header;
}

export type FileHeaderCheck =
  | { readonly ok: true; readonly version: number; readonly size: number }
  | {
      readonly ok: false;
      readonly reason: 'not-a-capture' | 'newer-version';
      readonly version?: number;
    };

export function checkFileHeader(header: Uint8Array): FileHeaderCheck {
  if (header.length < FILE_HEADER_SIZE) return { ok: false, reason: 'not-a-capture' };
  const b = Buffer.from(header.buffer, header.byteOffset, FILE_HEADER_SIZE);
  if (!b.subarray(0, 8).equals(MAGIC)) return { ok: false, reason: 'not-a-capture' };
  if (b.readUInt32LE(12) !== xxhash32(b.subarray(0, 12))) {
    return { ok: false, reason: 'not-a-capture' };
  }
  const version = b.readUInt16LE(8);
  const size = b.readUInt16LE(10);
  if (version > FORMAT_VERSION) return { ok: false, reason: 'newer-version', version };
  if (version < 1 || size < FILE_HEADER_SIZE) return { ok: false, reason: 'not-a-capture' };
  return { ok: true, version, size };
}

/** A record's header fields, as read (checks are verified separately). */
export interface RecordHeader {
  readonly metaCheck: number;
  readonly payloadCheck: number;
  readonly payloadLength: number;
  readonly type: number;
  readonly flags: number;
  readonly metaLength: number;
}

export function readRecordHeader(b: Buffer, at: number): RecordHeader {
  return {
    metaCheck: b.readUInt32LE(at),
    payloadCheck: b.readUInt32LE(at + 4),
    payloadLength: b.readUInt32LE(at + 8),
    type: b.readUInt8(at + 12),
    flags: b.readUInt8(at + 13),
    metaLength: b.readUInt16LE(at + 14),
  };
}

/** Bytes from the start of a record to the start of the next one. */
export function recordSize(header: Pick<RecordHeader, 'metaLength' | 'payloadLength'>): number {
  return RECORD_HEADER_SIZE + pad4(header.metaLength) + pad4(header.payloadLength);
}

/** Where the payload starts, from the start of the record. */
export function payloadStart(header: Pick<RecordHeader, 'metaLength'>): number {
  return RECORD_HEADER_SIZE + pad4(header.metaLength);
}

/**
 * Lengths a version-1 writer can produce: a header failing this is not a record, whatever its
 * checksum says (and checking it first keeps the search for the next record cheap).
 */
export function plausible(header: RecordHeader): boolean {
  if (header.flags !== 0 || header.payloadLength > MAX_PAYLOAD) return false;
  if (header.type === RecordType.chunk) return header.metaLength === BYTES_META_SIZE;
  if (header.type === RecordType.lost) {
    return header.metaLength === BYTES_META_SIZE && header.payloadLength === 0;
  }
  return true;
}

/**
 * Fills in a record's header in `b` at `at`, its metadata already at `at + 16` and its payload
 * at its place: computes both checks. The payload's check is passed in when it was computed
 * while copying.
 */
export function sealRecord(
  b: Buffer,
  at: number,
  type: RecordTypeCode,
  metaLength: number,
  payloadLength: number,
  payloadCheck: number,
): void {
  b.writeUInt32LE(payloadCheck, at + 4);
  b.writeUInt32LE(payloadLength, at + 8);
  b.writeUInt8(type, at + 12);
  b.writeUInt8(0, at + 13);
  b.writeUInt16LE(metaLength, at + 14);
  b.writeUInt32LE(xxhash32(b.subarray(at + 4, at + RECORD_HEADER_SIZE + metaLength)), at);
}

/** The check a record's header and metadata must carry (bytes 4 … end of metadata). */
export function metaCheckOf(b: Buffer, at: number, metaLength: number): number {
  return xxhash32(b.subarray(at + 4, at + RECORD_HEADER_SIZE + metaLength));
}

/**
 * Chunk and lost records share one 24-byte layout: connection id, direction, three zero bytes,
 * then two doubles (a chunk's time and offset, a lost range's offset and length).
 */
function writeBytesMeta(
  b: Buffer,
  at: number,
  connectionId: number,
  direction: 0 | 1,
  first: number,
  second: number,
): void {
  b.writeUInt32LE(connectionId, at);
  b.writeUInt8(direction, at + 4);
  b.fill(0, at + 5, at + 8);
  b.writeDoubleLE(first, at + 8);
  b.writeDoubleLE(second, at + 16);
}

/** The shared fields, or null when the direction is not 0 or 1. */
function readBytesMeta(
  b: Buffer,
  at: number,
): { connectionId: number; direction: 0 | 1; first: number; second: number } | null {
  const direction = b.readUInt8(at + 4);
  if (direction > 1) return null;
  return {
    connectionId: b.readUInt32LE(at),
    direction: direction as 0 | 1,
    first: b.readDoubleLE(at + 8),
    second: b.readDoubleLE(at + 16),
  };
}

const isStreamOffset = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Chunk metadata: which connection and direction, when, and where in the stream. */
export interface ChunkMeta {
  readonly connectionId: number;
  readonly direction: 0 | 1;
  readonly at: number;
  readonly offset: number;
}

export function writeChunkMeta(b: Buffer, at: number, meta: ChunkMeta): void {
  writeBytesMeta(b, at, meta.connectionId, meta.direction, meta.at, meta.offset);
}

export function readChunkMeta(b: Buffer, at: number): ChunkMeta | null {
  const m = readBytesMeta(b, at);
  if (m === null || !isStreamOffset(m.second)) return null;
  return { connectionId: m.connectionId, direction: m.direction, at: m.first, offset: m.second };
}

/** Lost-bytes metadata: a range of one direction that was captured but not written. */
export interface LostMeta {
  readonly connectionId: number;
  readonly direction: 0 | 1;
  readonly offset: number;
  readonly length: number;
}

export function writeLostMeta(b: Buffer, at: number, meta: LostMeta): void {
  writeBytesMeta(b, at, meta.connectionId, meta.direction, meta.offset, meta.length);
}

export function readLostMeta(b: Buffer, at: number): LostMeta | null {
  const m = readBytesMeta(b, at);
  if (m === null || !isStreamOffset(m.first) || !isStreamOffset(m.second) || m.second === 0) {
    return null;
  }
  return {
    connectionId: m.connectionId,
    direction: m.direction,
    offset: m.first,
    length: m.second,
  };
}
