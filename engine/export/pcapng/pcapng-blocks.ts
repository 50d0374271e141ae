// pcapng blocks (draft-ietf-opsawg-pcapng), little-endian: the section header, one interface
// description per Porthole port, and enhanced packet blocks whose packet is written in place.

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;

const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;

/** Raw IP: each packet starts with its IPv4 or IPv6 header (tshark tells them apart). */
const LINKTYPE_RAW = 101;
const SNAPLEN = 262_144;

const pad4 = (n: number) => (n + 3) & ~3;

type Option = readonly [code: number, value: Uint8Array];

const text = (code: number, value: string): Option => [code, Buffer.from(value, 'utf8')];

function optionsLength(options: readonly Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((n, [, value]) => n + 4 + pad4(value.length), 4);
}

function writeOptions(b: Buffer, at: number, options: readonly Option[]): number {
  if (options.length === 0) return at;
  let p = at;
  for (const [code, value] of options) {
    b.writeUInt16LE(code, p);
    b.writeUInt16LE(value.length, p + 2);
    b.set(value, p + 4);
    p += 4 + pad4(value.length);
  }
  b.writeUInt16LE(OPT_END, p);
  b.writeUInt16LE(0, p + 2);
  return p + 4;
}

function block(type: number, body: number, options: readonly Option[]) {
  const length = 12 + body + optionsLength(options);
  const b = Buffer.alloc(length);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(length, 4);
  b.writeUInt32LE(length, length - 4);
  return b;
}

export function sectionHeader(application: string, comment: string): Buffer {
  const options = [text(SHB_USERAPPL, application), text(OPT_COMMENT, comment)];
  const b = block(SHB, 16, options);
  b.writeUInt32LE(0x1a2b3c4d, 8);
  b.writeUInt16LE(1, 12);
  b.writeUInt16LE(0, 14);
  b.writeInt32LE(-1, 16); // section length unknown (64-bit -1)
  b.writeInt32LE(-1, 20);
  writeOptions(b, 24, options);
  return b;
}

/** Timestamps are in microseconds (if_tsresol 6). */
export function interfaceDescription(name: string, description: string): Buffer {
  const options = [
    text(IF_NAME, name),
    text(IF_DESCRIPTION, description),
    [IF_TSRESOL, Uint8Array.of(6)] as const,
  ];
  const b = block(IDB, 8, options);
  b.writeUInt16LE(LINKTYPE_RAW, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt32LE(SNAPLEN, 12);
  writeOptions(b, 16, options);
  return b;
}

/**
 * An enhanced packet block of `packetLength` bytes; `writePacket` fills them in at the offset
 * it is given. `at` is epoch milliseconds (fractional), written as microseconds.
 */
export function enhancedPacket(
  interfaceId: number,
  at: number,
  packetLength: number,
  writePacket: (b: Buffer, offset: number) => void,
  comment: string | null,
): Buffer {
  const options = comment === null ? [] : [text(OPT_COMMENT, comment)];
  const b = block(EPB, 20 + pad4(packetLength), options);
  const micros = Math.max(0, Math.round(at * 1000));
  b.writeUInt32LE(interfaceId, 8);
  b.writeUInt32LE(Math.floor(micros / 0x100000000), 12);
  b.writeUInt32LE(micros % 0x100000000, 16);
  b.writeUInt32LE(packetLength, 20);
  b.writeUInt32LE(packetLength, 24);
  writePacket(b, 28);
  writeOptions(b, 28 + pad4(packetLength), options);
  return b;
}
