// From an IP packet to the TCP segment or UDP datagram it carries: addresses, ports, and the
// payload. A frame cut short by the snapshot length keeps its true payload length, so the bytes
// that were not captured become a gap instead of silently shifting the stream.

import type { AddressFamily } from '../../shared/model';
import { ipv4Text, ipv6Text } from './ip-address';

export interface TransportPacket {
  readonly protocol: 'tcp' | 'udp';
  readonly family: AddressFamily;
  readonly source: string;
  readonly sourcePort: number;
  readonly destination: string;
  readonly destinationPort: number;
  /** TCP only (0 for UDP). */
  readonly seq: number;
  readonly flags: number;
  /** The payload bytes that were captured (a view into the frame). */
  readonly payload: Buffer;
  /** The payload's length on the wire (more than payload.length when the frame was cut). */
  readonly length: number;
}

type SkipReason = 'link-type' | 'not-ip' | 'malformed' | 'fragment' | 'other-protocol';

export type TransportResult =
  | { readonly ok: true; readonly packet: TransportPacket }
  | { readonly ok: false; readonly reason: SkipReason };

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;

const TCP = 6;
const UDP = 17;
const IPV6_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);
export const IPV6_FRAGMENT = 44;
const IPV6_AH = 51;

const skip = (reason: SkipReason): TransportResult => ({ ok: false, reason });

export function transportOf(ip: Buffer): TransportResult {
  if (ip.length < 1) return skip('malformed');
  const version = (ip[0] ?? 0) >> 4;
  if (version === 4) return ipv4(ip);
  if (version === 6) return ipv6(ip);
  return skip('not-ip');
}

function ipv4(ip: Buffer): TransportResult {
  if (ip.length < 20) return skip('malformed');
  const headerLength = ((ip[0] ?? 0) & 0x0f) * 4;
  const total = ip.readUInt16BE(2);
  if (headerLength < 20 || ip.length < headerLength || total < headerLength) {
    return skip('malformed');
  }
  const fragment = ip.readUInt16BE(6);
  // More fragments, or an offset: a piece of a datagram (put together before this, in
  // ip-fragments.ts; one reaching here was not).
  if ((fragment & 0x3fff) !== 0) return skip('fragment');
  const protocol = ip[9] ?? 0;
  const body = ip.subarray(headerLength, Math.min(ip.length, total));
  return transport(
    protocol,
    'IPv4',
    ipv4Text(ip, 12),
    ipv4Text(ip, 16),
    body,
    total - headerLength,
  );
}

/**
 * Where an IPv6 packet's extension headers end: at a Fragment header, or at the first header that
 * is not an extension.
 */
export interface Ipv6Chain {
  /** The header found there. */
  readonly next: number;
  /** Its offset. */
  readonly at: number;
  /** The offset of the byte that names it (6, or the previous extension header's first byte). */
  readonly nextField: number;
  /** The end of the packet on the wire (40 + payload length). */
  readonly end: number;
}

/** Walks the extension headers of an IPv6 packet (40 bytes or more); null when broken. */
export function ipv6Chain(ip: Buffer): Ipv6Chain | null {
  let next = ip[6] ?? 0;
  let at = 40;
  let nextField = 6;
  const end = 40 + ip.readUInt16BE(4);
  while (IPV6_EXTENSIONS.has(next) || next === IPV6_AH) {
    if (ip.length < at + 2) return null;
    const length = next === IPV6_AH ? ((ip[at + 1] ?? 0) + 2) * 4 : ((ip[at + 1] ?? 0) + 1) * 8;
    nextField = at;
    next = ip[at] ?? 0;
    at += length;
    if (at > end) return null;
  }
  return { next, at, nextField, end };
}

function ipv6(ip: Buffer): TransportResult {
  if (ip.length < 40) return skip('malformed');
  // A jumbogram (length 0) would need its hop-by-hop option; none appears on loopback.
  if (ip.readUInt16BE(4) === 0) return skip('malformed');
  const chain = ipv6Chain(ip);
  if (chain === null) return skip('malformed');
  const { next, at, end } = chain;
  // Fragments are put together before this (ip-fragments.ts); one reaching here is a piece.
  if (next === IPV6_FRAGMENT) return skip('fragment');
  if (ip.length < at) return skip('malformed');
  const body = ip.subarray(at, Math.min(ip.length, end));
  return transport(next, 'IPv6', ipv6Text(ip, 8), ipv6Text(ip, 24), body, end - at);
}

function transport(
  protocol: number,
  family: AddressFamily,
  source: string,
  destination: string,
  body: Buffer,
  wireLength: number,
): TransportResult {
  if (protocol === TCP) {
    if (body.length < 20) return skip('malformed');
    const headerLength = ((body[12] ?? 0) >> 4) * 4;
    if (headerLength < 20 || body.length < headerLength || wireLength < headerLength) {
      return skip('malformed');
    }
    return {
      ok: true,
      packet: {
        protocol: 'tcp',
        family,
        source,
        sourcePort: body.readUInt16BE(0),
        destination,
        destinationPort: body.readUInt16BE(2),
        seq: body.readUInt32BE(4),
        flags: body[13] ?? 0,
        payload: body.subarray(headerLength),
        length: wireLength - headerLength,
      },
    };
  }
  if (protocol === UDP) {
    if (body.length < 8) return skip('malformed');
    const length = body.readUInt16BE(4);
    // Length 0 is allowed for IPv6 jumbograms only; anything under 8 is broken.
    if (length < 8 || length > wireLength) return skip('malformed');
    return {
      ok: true,
      packet: {
        protocol: 'udp',
        family,
        source,
        sourcePort: body.readUInt16BE(0),
        destination,
        destinationPort: body.readUInt16BE(2),
        seq: 0,
        flags: 0,
        payload: body.subarray(8, Math.min(body.length, length)),
        length: length - 8,
      },
    };
  }
  return skip('other-protocol');
}
