// Builds capture files byte by byte for the import tests: Ethernet, Linux cooked v1/v2, BSD
// loopback and raw IP frames around IPv4/IPv6 with TCP or UDP, in pcap (either byte order,
// micro- or nanosecond timestamps) and pcapng (either byte order, any timestamp resolution,
// several interfaces, enhanced and simple packet blocks).

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface Segment {
  readonly family?: 'IPv4' | 'IPv6';
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly seq?: number;
  readonly flags?: number;
  readonly data?: Uint8Array;
  /** IPv4 options / IPv6 extension headers before the transport header. */
  readonly ipOptions?: boolean;
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = address.includes('::') ? parse(tail) : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

export function tcp(s: Segment): Buffer {
  const data = Buffer.from(s.data ?? []);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(s.sport, 0);
  header.writeUInt16BE(s.dport, 2);
  header.writeUInt32BE((s.seq ?? 0) >>> 0, 4);
  header.writeUInt8(5 << 4, 12);
  header.writeUInt8(s.flags ?? ACK, 13);
  header.writeUInt16BE(65535, 14);
  return ip(s, 6, Buffer.concat([header, data]));
}

export function udp(s: Segment): Buffer {
  const data = Buffer.from(s.data ?? []);
  const header = Buffer.alloc(8);
  header.writeUInt16BE(s.sport, 0);
  header.writeUInt16BE(s.dport, 2);
  header.writeUInt16BE(8 + data.length, 4);
  return ip(s, 17, Buffer.concat([header, data]));
}

function ip(s: Segment, protocol: number, body: Buffer): Buffer {
  if ((s.family ?? 'IPv4') === 'IPv4') {
    const options = s.ipOptions === true ? Buffer.from([1, 1, 1, 0]) : Buffer.alloc(0);
    const header = Buffer.alloc(20);
    header.writeUInt8(0x40 | ((20 + options.length) / 4), 0);
    header.writeUInt16BE(20 + options.length + body.length, 2);
    header.writeUInt16BE(0x4000, 6);
    header.writeUInt8(64, 8);
    header.writeUInt8(protocol, 9);
    ipv4Bytes(s.src).copy(header, 12);
    ipv4Bytes(s.dst).copy(header, 16);
    return Buffer.concat([header, options, body]);
  }
  // A hop-by-hop options header (8 bytes of padding options) when asked for.
  const extension =
    s.ipOptions === true ? Buffer.from([protocol, 0, 1, 4, 0, 0, 0, 0]) : Buffer.alloc(0);
  const header = Buffer.alloc(40);
  header.writeUInt32BE(0x60000000, 0);
  header.writeUInt16BE(extension.length + body.length, 4);
  header.writeUInt8(s.ipOptions === true ? 0 : protocol, 6);
  header.writeUInt8(64, 7);
  ipv6Bytes(s.src).copy(header, 8);
  ipv6Bytes(s.dst).copy(header, 24);
  return Buffer.concat([header, extension, body]);
}

export type LinkKind =
  'ethernet' | 'vlan' | 'sll' | 'sll2' | 'null-le' | 'null-be' | 'loop' | 'raw';

export const LINK_TYPES: Record<LinkKind, number> = {
  ethernet: 1,
  vlan: 1,
  sll: 113,
  sll2: 276,
  'null-le': 0,
  'null-be': 0,
  loop: 108,
  raw: 101,
};

/** Wraps an IP packet in a frame of the given link type. */
export function frame(kind: LinkKind, packet: Buffer): Buffer {
  const v6 = (packet[0] ?? 0) >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  const word = (value: number, le: boolean) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(value);
    else b.writeUInt32BE(value);
    return b;
  };
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType);
  switch (kind) {
    case 'ethernet':
      return Buffer.concat([Buffer.alloc(12), type, packet]);
    case 'vlan':
      return Buffer.concat([Buffer.alloc(12), Buffer.from([0x81, 0x00, 0, 7]), type, packet]);
    case 'sll': {
      const h = Buffer.alloc(16);
      h.writeUInt16BE(etherType, 14);
      return Buffer.concat([h, packet]);
    }
    case 'sll2': {
      const h = Buffer.alloc(20);
      h.writeUInt16BE(etherType, 0);
      return Buffer.concat([h, packet]);
    }
    case 'null-le':
      return Buffer.concat([word(v6 ? 30 : 2, true), packet]);
    case 'null-be':
      return Buffer.concat([word(v6 ? 24 : 2, false), packet]);
    case 'loop':
      return Buffer.concat([word(v6 ? 10 : 2, false), packet]);
    case 'raw':
      return packet;
  }
}

export interface Frame {
  /** Milliseconds since the epoch (with a fraction). */
  readonly at: number;
  readonly data: Buffer;
}

export interface PcapOptions {
  readonly littleEndian?: boolean;
  readonly nano?: boolean;
  readonly linkType: number;
}

export function pcapFile(frames: readonly Frame[], options: PcapOptions): Buffer {
  const le = options.littleEndian ?? true;
  const u32 = (b: Buffer, v: number, at: number) =>
    le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
  const u16 = (b: Buffer, v: number, at: number) =>
    le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at);
  const header = Buffer.alloc(24);
  u32(header, options.nano === true ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(header, 2, 4);
  u16(header, 4, 6);
  u32(header, 262144, 16);
  u32(header, options.linkType, 20);
  const parts: Buffer[] = [header];
  for (const f of frames) {
    const record = Buffer.alloc(16);
    const seconds = Math.floor(f.at / 1000);
    const rest = f.at - seconds * 1000;
    u32(record, seconds, 0);
    u32(record, Math.round(options.nano === true ? rest * 1e6 : rest * 1e3), 4);
    u32(record, f.data.length, 8);
    u32(record, f.data.length, 12);
    parts.push(record, f.data);
  }
  return Buffer.concat(parts);
}

export interface NgInterface {
  readonly linkType: number;
  /** if_tsresol option byte (default: none, i.e. microseconds). */
  readonly tsresol?: number;
}

export interface NgFrame extends Frame {
  readonly iface: number;
  /** As a simple packet block (no timestamp; interface 0). */
  readonly simple?: boolean;
}

export function pcapngFile(
  interfaces: readonly NgInterface[],
  frames: readonly NgFrame[],
  littleEndian = true,
): Buffer {
  const le = littleEndian;
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const block = (type: number, body: Buffer) => {
    const total = 12 + body.length;
    return Buffer.concat([u32(type), u32(total), body, u32(total)]);
  };
  const parts: Buffer[] = [
    block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)])),
    // An unknown block type, to be skipped.
    block(0x0badf00d, Buffer.alloc(8, 0x55)),
  ];
  const units: number[] = [];
  for (const iface of interfaces) {
    const options =
      iface.tsresol === undefined
        ? Buffer.alloc(0)
        : Buffer.concat([u16(9), u16(1), Buffer.from([iface.tsresol, 0, 0, 0]), u32(0)]);
    parts.push(block(1, Buffer.concat([u16(iface.linkType), u16(0), u32(0), options])));
    const r = iface.tsresol ?? 6;
    units.push(r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r);
  }
  for (const f of frames) {
    if (f.simple === true) {
      parts.push(block(3, pad(Buffer.concat([u32(f.data.length), f.data]))));
      continue;
    }
    const perSecond = BigInt(units[f.iface] ?? 1e6);
    const seconds = Math.floor(f.at / 1000);
    const fraction = BigInt(Math.round(((f.at - seconds * 1000) / 1000) * Number(perSecond)));
    const ts = BigInt(seconds) * perSecond + fraction;
    const body = Buffer.concat([
      u32(f.iface),
      u32(Number(ts >> 32n)),
      u32(Number(ts & 0xffffffffn)),
      u32(f.data.length),
      u32(f.data.length),
      pad(f.data),
    ]);
    parts.push(block(6, body));
  }
  return Buffer.concat(parts);
}
