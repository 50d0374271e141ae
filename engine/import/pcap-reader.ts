// Classic libpcap files: a 24-byte header whose magic gives the byte order and the timestamp
// unit (microseconds or nanoseconds), then 16-byte record headers each followed by a frame.

import type { FileSource } from './file-source';
import { MAX_FRAME_BYTES, type PacketSink, type ReadProblem } from './packet';

const MICRO = 0xa1b2c3d4;
const NANO = 0xa1b23c4d;

interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nano: boolean;
  readonly linkType: number;
}

/** Whether the first four bytes (as big-endian) are a pcap magic in either byte order. */
export function isPcapMagic(magic: number): boolean {
  return [MICRO, NANO, swap32(MICRO), swap32(NANO)].includes(magic);
}

function swap32(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;
}

function parseHeader(bytes: Buffer): PcapHeader {
  const big = bytes.readUInt32BE(0);
  const littleEndian = big !== MICRO && big !== NANO;
  const magic = littleEndian ? bytes.readUInt32LE(0) : big;
  const linkField = littleEndian ? bytes.readUInt32LE(20) : bytes.readUInt32BE(20);
  // The upper bits of the link-type field carry FCS information, not the type.
  return { littleEndian, nano: magic === NANO, linkType: linkField & 0xffff };
}

export async function readPcap(
  src: FileSource,
  onPacket: PacketSink,
  signal: AbortSignal | undefined,
): Promise<ReadProblem | null> {
  const head = await src.peek(24);
  if (head === null) return { offset: 0, detail: 'the pcap file header is cut short' };
  const header = parseHeader(head);
  src.consume(24);
  const u32 = (b: Buffer, at: number) =>
    header.littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at);
  for (;;) {
    if (signal?.aborted === true) return null;
    const offset = src.position;
    const record = await src.peek(16);
    if (record === null) {
      return src.remaining() === 0
        ? null
        : { offset, detail: 'a packet record header is cut short (the file ends)' };
    }
    const seconds = u32(record, 0);
    const fraction = u32(record, 4);
    const length = u32(record, 8);
    if (length > MAX_FRAME_BYTES) {
      return { offset, detail: `a packet record claims ${length} bytes` };
    }
    const whole = await src.peek(16 + length);
    if (whole === null) return { offset, detail: 'a packet is cut short (the file ends)' };
    const at = seconds * 1000 + (header.nano ? fraction / 1e6 : fraction / 1e3);
    src.consume(16 + length);
    const pending = onPacket({
      linkType: header.linkType,
      at,
      data: whole.subarray(16),
      offset,
    });
    if (pending !== undefined) await pending;
  }
}
