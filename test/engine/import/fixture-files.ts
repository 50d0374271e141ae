// What a capture file says about itself (format, byte order, timestamp unit, link type), read
// straight from its header bytes so a test can check a fixture is what its README claims, and
// the big-endian copies of a little-endian tcpdump file (no tool here writes big-endian).

import assert from 'node:assert/strict';
import { pcapFile, pcapngFile, type Frame } from '../../support/pcap-builder';

export interface FileFacts {
  readonly format: 'pcap' | 'pcapng';
  readonly littleEndian: boolean;
  /** Timestamp units per second (pcapng: of the first interface). */
  readonly unitsPerSecond: number;
  readonly linkType: number;
}

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;

export function fileFacts(bytes: Buffer): FileFacts {
  if (bytes.readUInt32BE(0) === 0x0a0d0d0a) return pcapngFacts(bytes);
  const le = [PCAP_MICRO, PCAP_NANO].includes(bytes.readUInt32LE(0));
  const magic = le ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0);
  assert.ok([PCAP_MICRO, PCAP_NANO].includes(magic), 'a pcap magic');
  return {
    format: 'pcap',
    littleEndian: le,
    unitsPerSecond: magic === PCAP_NANO ? 1e9 : 1e6,
    linkType: (le ? bytes.readUInt32LE(20) : bytes.readUInt32BE(20)) & 0xffff,
  };
}

/** The section's byte order and its first interface description block (type 1). */
function pcapngFacts(bytes: Buffer): FileFacts {
  const le = bytes.readUInt32LE(8) === 0x1a2b3c4d;
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  let at = u32(4);
  while (u32(at) !== 1) at += u32(at + 4);
  const end = at + u32(at + 4) - 4;
  let unitsPerSecond = 1e6;
  // Options: code, length, value padded to 4 bytes; if_tsresol (9) is one byte.
  for (let option = at + 16; option + 4 <= end;) {
    const code = u16(option);
    const length = u16(option + 2);
    if (code === 0) break;
    if (code === 9) {
      const r = bytes[option + 4] ?? 6;
      unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
    }
    option += 4 + Math.ceil(length / 4) * 4;
  }
  return { format: 'pcapng', littleEndian: le, unitsPerSecond, linkType: u16(at + 8) };
}

/** The frames of a pcap file in either byte order, microsecond or nanosecond. */
export function pcapFrames(bytes: Buffer): Frame[] {
  const facts = fileFacts(bytes);
  assert.equal(facts.format, 'pcap');
  const u32 = (at: number) =>
    facts.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
  const frames: Frame[] = [];
  for (let at = 24; at + 16 <= bytes.length;) {
    const length = u32(at + 8);
    const time = u32(at) * 1000 + (u32(at + 4) * 1000) / facts.unitsPerSecond;
    frames.push({ at: time, data: bytes.subarray(at + 16, at + 16 + length) });
    at += 16 + length;
  }
  return frames;
}

/**
 * The frames of a little-endian microsecond pcap written big-endian, as pcap and as pcapng
 * (microsecond timestamps are exact through the builder's millisecond floats).
 */
export function bigEndianCopies(pcap: Buffer): { pcap: Buffer; pcapng: Buffer } {
  const facts = fileFacts(pcap);
  assert.ok(facts.littleEndian && facts.unitsPerSecond === 1e6, 'a little-endian µs pcap');
  const frames = pcapFrames(pcap);
  return {
    pcap: pcapFile(frames, { linkType: facts.linkType, littleEndian: false }),
    pcapng: pcapngFile(
      [{ linkType: facts.linkType }],
      frames.map((f) => ({ ...f, iface: 0 })),
      false,
    ),
  };
}
