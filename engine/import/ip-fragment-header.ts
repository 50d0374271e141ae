// Tells an IP fragment from a whole packet and reads what reassembly needs from it: the datagram
// it belongs to, where its bytes go, and the header to rebuild the whole datagram with. A packet
// whose own header is broken is called whole here, so that transportOf names the damage.

import { IPV6_FRAGMENT, ipv6Chain } from './transport-packet';

export interface FragmentPiece {
  /** The datagram it belongs to (RFC 791: source, destination, protocol, identification). */
  readonly key: string;
  readonly family: 'IPv4' | 'IPv6';
  /** Where its bytes start in the datagram's fragmentable part. */
  readonly offset: number;
  /** More fragments follow (false: this one ends the datagram). */
  readonly more: boolean;
  /** The bytes that were captured (a view into the frame). */
  readonly data: Buffer;
  /** Its length on the wire (more than data.length when the frame was cut). */
  readonly wireLength: number;
  /** IPv4: its header. IPv6: the unfragmentable part (header and extensions before Fragment). */
  readonly header: Buffer;
  /** IPv6: the byte of `header` that names the Fragment header, to name `protocol` instead. */
  readonly nextField: number;
  /** What the datagram carries (IPv6: the Fragment header's next header). */
  readonly protocol: number;
}

export type FragmentParse =
  | { readonly kind: 'whole' }
  | { readonly kind: 'piece'; readonly piece: FragmentPiece }
  | { readonly kind: 'malformed' };

/** The most a datagram's length field can say (IPv4 total length, IPv6 payload length). */
export const MAX_DATAGRAM = 65_535;

const WHOLE: FragmentParse = { kind: 'whole' };
const MALFORMED: FragmentParse = { kind: 'malformed' };

export function fragmentOf(ip: Buffer): FragmentParse {
  const version = (ip[0] ?? 0) >> 4;
  if (version === 4) return ipv4(ip);
  if (version === 6) return ipv6(ip);
  return WHOLE;
}

function ipv4(ip: Buffer): FragmentParse {
  if (ip.length < 20) return WHOLE;
  const headerLength = ((ip[0] ?? 0) & 0x0f) * 4;
  const total = ip.readUInt16BE(2);
  if (headerLength < 20 || ip.length < headerLength || total < headerLength) return WHOLE;
  const field = ip.readUInt16BE(6);
  if ((field & 0x3fff) === 0) return WHOLE;
  const protocol = ip[9] ?? 0;
  return {
    kind: 'piece',
    piece: {
      key: `4 ${ip.toString('hex', 12, 20)} ${protocol} ${ip.readUInt16BE(4)}`,
      family: 'IPv4',
      offset: (field & 0x1fff) * 8,
      more: (field & 0x2000) !== 0,
      data: ip.subarray(headerLength, Math.min(ip.length, total)),
      wireLength: total - headerLength,
      header: ip.subarray(0, headerLength),
      nextField: -1,
      protocol,
    },
  };
}

function ipv6(ip: Buffer): FragmentParse {
  if (ip.length < 40 || ip.readUInt16BE(4) === 0) return WHOLE;
  const chain = ipv6Chain(ip);
  if (chain === null || chain.next !== IPV6_FRAGMENT) return WHOLE;
  const { at, end } = chain;
  if (ip.length < at + 8 || end < at + 8) return MALFORMED;
  const field = ip.readUInt16BE(at + 2);
  return {
    kind: 'piece',
    piece: {
      // RFC 8200 §4.5: source, destination and identification. Not the next header: only the
      // first fragment's counts, and the others' may differ.
      key: `6 ${ip.toString('hex', 8, 40)} ${ip.readUInt32BE(at + 4)}`,
      family: 'IPv6',
      offset: field & 0xfff8,
      more: (field & 1) !== 0,
      data: ip.subarray(at + 8, Math.min(ip.length, end)),
      wireLength: end - at - 8,
      header: ip.subarray(0, at),
      nextField: chain.nextField,
      protocol: ip[at] ?? 0,
    },
  };
}

/** The length field a datagram of `length` fragmentable bytes would have after `header`. */
export function lengthField(family: 'IPv4' | 'IPv6', header: Buffer, length: number): number {
  return family === 'IPv4' ? header.length + length : header.length - 40 + length;
}

/**
 * The whole datagram as one unfragmented packet: the first fragment's header with the length
 * set and the fragment marks gone, then the bytes that were captured (`payload`, a prefix of
 * `length`: what is missing after it is a cut-off tail, as in a frame cut by the snapshot length).
 * Null when it would be longer than a length field can say.
 */
export function rebuild(first: FragmentPiece, payload: Buffer, length: number): Buffer | null {
  const field = lengthField(first.family, first.header, length);
  if (field > MAX_DATAGRAM) return null;
  const header = Buffer.from(first.header);
  if (first.family === 'IPv4') {
    header.writeUInt16BE(field, 2);
    header.writeUInt16BE(0, 6);
  } else {
    header.writeUInt16BE(field, 4);
    header[first.nextField] = first.protocol;
  }
  return Buffer.concat([header, payload]);
}
