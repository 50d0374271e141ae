// pcapng files: blocks of (type, length, body, length). A section header block sets the byte
// order for its section; interface description blocks give each interface's link type and
// timestamp resolution; enhanced, simple and (obsolete) packet blocks carry frames. Blocks of
// other types are skipped by their length.

import type { FileSource } from './file-source';
import { MAX_FRAME_BYTES, type PacketSink, type ReadProblem } from './packet';

export const SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB_TYPE = 1;
const OLD_PACKET_TYPE = 2;
const SPB_TYPE = 3;
const EPB_TYPE = 6;
const OPT_TSRESOL = 9;
const OPT_TSOFFSET = 14;
/** No block of interest is longer than its largest frame plus headers and options. */
const MAX_BLOCK_BYTES = MAX_FRAME_BYTES + 64 * 1024;

interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
  readonly offsetSeconds: bigint;
}

interface Section {
  readonly littleEndian: boolean;
  readonly interfaces: Interface[];
  /** The last packet's time: simple packet blocks carry none. */
  lastAt: number;
}

export async function readPcapng(
  src: FileSource,
  onPacket: PacketSink,
  signal: AbortSignal | undefined,
): Promise<ReadProblem | null> {
  let section: Section | null = null;
  for (;;) {
    if (signal?.aborted === true) return null;
    const offset = src.position;
    const head = await src.peek(12);
    if (head === null) {
      return src.remaining() === 0
        ? null
        : { offset, detail: 'a block header is cut short (the file ends)' };
    }
    const isShb = head.readUInt32BE(0) === SHB_TYPE;
    if (isShb) {
      const magic = head.readUInt32BE(8);
      if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) {
        return { offset, detail: 'a section header has no valid byte-order magic' };
      }
      section = { littleEndian: magic !== BYTE_ORDER_MAGIC, interfaces: [], lastAt: 0 };
    } else if (section === null) {
      return { offset, detail: 'the file does not start with a section header block' };
    }
    const le = section.littleEndian;
    const type = le ? head.readUInt32LE(0) : head.readUInt32BE(0);
    const length = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK_BYTES) {
      return { offset, detail: `a block claims an impossible length (${length} bytes)` };
    }
    const block = await src.peek(length);
    if (block === null) return { offset, detail: 'a block is cut short (the file ends)' };
    const trailer = le ? block.readUInt32LE(length - 4) : block.readUInt32BE(length - 4);
    if (trailer !== length) {
      return { offset, detail: 'a block ends with a length that differs from its start' };
    }
    const body = block.subarray(8, length - 4);
    const problem = readBlock(section, type, body, offset, onPacket);
    src.consume(length);
    if (typeof problem === 'string') return { offset, detail: problem };
    if (problem !== null) await problem;
  }
}

/** Handles one block: an error text, a pending packet sink, or null. */
function readBlock(
  section: Section,
  type: number,
  body: Buffer,
  offset: number,
  onPacket: PacketSink,
): string | Promise<void> | null {
  const le = section.littleEndian;
  const u32 = (at: number) => (le ? body.readUInt32LE(at) : body.readUInt32BE(at));
  const u16 = (at: number) => (le ? body.readUInt16LE(at) : body.readUInt16BE(at));
  switch (type) {
    case SHB_TYPE:
      return body.length < 16 ? 'a section header block is too short' : null;
    case IDB_TYPE: {
      if (body.length < 8) return 'an interface description block is too short';
      section.interfaces.push(readInterface(u16(0), u32(4), body.subarray(8), le));
      return null;
    }
    case EPB_TYPE:
    case OLD_PACKET_TYPE: {
      if (body.length < 20) return 'a packet block is too short';
      const id = type === EPB_TYPE ? u32(0) : u16(0);
      const iface = section.interfaces[id];
      if (iface === undefined)
        return `a packet block names interface ${id}, which is not described`;
      const captured = u32(12);
      if (captured > body.length - 20) return 'a packet block claims more bytes than it holds';
      const at = timestamp(iface, (BigInt(u32(4)) << 32n) | BigInt(u32(8)));
      section.lastAt = at;
      return (
        onPacket({
          linkType: iface.linkType,
          at,
          data: body.subarray(20, 20 + captured),
          offset,
        }) ?? null
      );
    }
    case SPB_TYPE: {
      if (body.length < 4) return 'a simple packet block is too short';
      const iface = section.interfaces[0];
      if (iface === undefined) return 'a simple packet block comes before any interface';
      const original = u32(0);
      const limit = iface.snapLength === 0 ? original : Math.min(original, iface.snapLength);
      const captured = Math.min(limit, body.length - 4);
      const data = body.subarray(4, 4 + captured);
      return onPacket({ linkType: iface.linkType, at: section.lastAt, data, offset }) ?? null;
    }
    default:
      return null;
  }
}

function readInterface(
  linkType: number,
  snapLength: number,
  options: Buffer,
  le: boolean,
): Interface {
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  for (let at = 0; at + 4 <= options.length;) {
    const code = le ? options.readUInt16LE(at) : options.readUInt16BE(at);
    const length = le ? options.readUInt16LE(at + 2) : options.readUInt16BE(at + 2);
    if (code === 0 || at + 4 + length > options.length) break;
    const value = options.subarray(at + 4, at + 4 + length);
    if (code === OPT_TSRESOL && length >= 1) {
      const r = value[0] ?? 6;
      const exponent = BigInt(r & 0x7f);
      // Resolutions finer than 2^-63 or 10^-18 are nonsense; keep the default then.
      if ((r & 0x80) !== 0 ? exponent <= 63n : exponent <= 18n) {
        unitsPerSecond = (r & 0x80) !== 0 ? 1n << exponent : 10n ** exponent;
      }
    } else if (code === OPT_TSOFFSET && length >= 8) {
      offsetSeconds = le ? value.readBigInt64LE(0) : value.readBigInt64BE(0);
    }
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  return { linkType, snapLength, unitsPerSecond, offsetSeconds };
}

function timestamp(iface: Interface, units: bigint): number {
  const seconds = units / iface.unitsPerSecond + iface.offsetSeconds;
  const rest = units % iface.unitsPerSecond;
  return Number(seconds) * 1000 + (Number(rest) * 1000) / Number(iface.unitsPerSecond);
}
