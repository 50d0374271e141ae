// Writes one IPv4 or IPv6 packet carrying a TCP segment or a UDP datagram straight into the
// block being built (no intermediate copy of the payload), with every checksum right.

import { finishChecksum, pseudoHeaderSum, sumWords } from './checksum';

export const TCP = 6;
export const UDP = 17;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface Endpoints {
  /** 4 bytes (IPv4) or 16 (IPv6), as addressBytes gives them. */
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  readonly sourcePort: number;
  readonly destinationPort: number;
}

interface TcpFields {
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly window: number;
  /** TCP options, a multiple of 4 bytes. */
  readonly options?: Uint8Array;
}

export type Transport =
  { readonly protocol: typeof TCP; readonly tcp: TcpFields } | { readonly protocol: typeof UDP };

const ipHeaderLength = (ends: Endpoints) => (ends.source.length === 4 ? 20 : 40);

function transportHeaderLength(transport: Transport): number {
  return transport.protocol === UDP ? 8 : 20 + (transport.tcp.options?.length ?? 0);
}

/** Bytes the whole IP packet takes. */
export function ipPacketLength(ends: Endpoints, transport: Transport, payloadLength: number) {
  return ipHeaderLength(ends) + transportHeaderLength(transport) + payloadLength;
}

let nextIpId = 0;

function writeIpHeader(b: Buffer, at: number, ends: Endpoints, protocol: number, l4: number) {
  if (ends.source.length === 4) {
    b.writeUInt8(0x45, at);
    b.writeUInt8(0, at + 1);
    b.writeUInt16BE(20 + l4, at + 2);
    b.writeUInt16BE((nextIpId = (nextIpId + 1) & 0xffff), at + 4);
    b.writeUInt16BE(0x4000, at + 6); // don't fragment
    b.writeUInt8(64, at + 8);
    b.writeUInt8(protocol, at + 9);
    b.writeUInt16BE(0, at + 10);
    b.set(ends.source, at + 12);
    b.set(ends.destination, at + 16);
    b.writeUInt16BE(finishChecksum(sumWords(b, at, at + 20)), at + 10);
    return;
  }
  b.writeUInt32BE(0x60000000, at);
  b.writeUInt16BE(l4, at + 4);
  b.writeUInt8(protocol, at + 6);
  b.writeUInt8(64, at + 7);
  b.set(ends.source, at + 8);
  b.set(ends.destination, at + 24);
}

/**
 * Writes the packet at `at` in `b` (which must have ipPacketLength bytes there): IP header,
 * TCP or UDP header, then `payload`.
 */
export function writeIpPacket(
  b: Buffer,
  at: number,
  ends: Endpoints,
  transport: Transport,
  payload: Uint8Array,
): void {
  const ipLength = ipHeaderLength(ends);
  const headerLength = transportHeaderLength(transport);
  const l4Length = headerLength + payload.length;
  writeIpHeader(b, at, ends, transport.protocol, l4Length);
  const l4 = at + ipLength;
  b.writeUInt16BE(ends.sourcePort, l4);
  b.writeUInt16BE(ends.destinationPort, l4 + 2);
  let checksumAt: number;
  if (transport.protocol === UDP) {
    b.writeUInt16BE(l4Length, l4 + 4);
    b.writeUInt16BE(0, l4 + 6);
    checksumAt = l4 + 6;
  } else {
    const { seq, ack, flags, window, options } = transport.tcp;
    b.writeUInt32BE(seq >>> 0, l4 + 4);
    b.writeUInt32BE(ack >>> 0, l4 + 8);
    b.writeUInt8((headerLength / 4) << 4, l4 + 12);
    b.writeUInt8(flags, l4 + 13);
    b.writeUInt16BE(window, l4 + 14);
    b.writeUInt32BE(0, l4 + 16); // checksum, urgent pointer
    if (options !== undefined) b.set(options, l4 + 20);
    checksumAt = l4 + 16;
  }
  b.set(payload, l4 + headerLength);
  const sum = sumWords(
    b,
    l4,
    l4 + l4Length,
    pseudoHeaderSum(ends.source, ends.destination, transport.protocol, l4Length),
  );
  const checksum = finishChecksum(sum);
  // UDP sends 0 as "no checksum"; a computed 0 is written as its other form, 0xffff.
  b.writeUInt16BE(transport.protocol === UDP && checksum === 0 ? 0xffff : checksum, checksumAt);
}
