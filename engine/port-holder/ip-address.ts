// One spelling per IP address, so addresses from node, /proc, lsof and netstat compare equal.

import { isIPv4, isIPv6 } from 'node:net';
import { formatIPv6 } from './socket-address';

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** 16 bytes in network order from IPv6 text that node's isIPv6 accepted (zone already removed). */
function ipv6Bytes(text: string): number[] {
  let head = text;
  let tail: number[] = [];
  // A dotted IPv4 tail ("::ffff:127.0.0.1") fills the last two groups.
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (isIPv4(last)) {
    tail = last.split('.').map(Number);
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const zeros = 8 - leftGroups.length - rightGroups.length;
  const all = [...leftGroups, ...Array<number>(Math.max(0, zeros)).fill(0), ...rightGroups];
  const bytes = all.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The canonical text of an IP address, or null if `text` is not one: IPv4 as is, IPv6 in RFC 5952
 * form without a zone ("fe80::1%eth0" → "fe80::1", since /proc and lsof print no zone), and
 * IPv4-mapped IPv6 as the IPv4 address. The mapped form is how a dual-stack socket names an IPv4
 * peer: Porthole's '::' listener sees "::ffff:127.0.0.1" where the client's own socket, in
 * /proc/net/tcp, says "127.0.0.1" (or the reverse for a dual-stack client), and both are the
 * same endpoint.
 */
export function canonicalIp(text: string): string | null {
  if (isIPv4(text)) return text;
  const zone = text.indexOf('%');
  const bare = zone === -1 ? text : text.slice(0, zone);
  if (!isIPv6(bare)) return null;
  const formatted = formatIPv6(ipv6Bytes(bare));
  return MAPPED_V4.exec(formatted)?.[1] ?? formatted;
}

/** The "any address" of either family, as bound by an unconnected or wildcard socket. */
export function isWildcardIp(canonical: string): boolean {
  return canonical === '0.0.0.0' || canonical === '::';
}

/** 127.0.0.0/8 and ::1: loopback whether or not an interface lists them. */
export function isLoopbackIp(canonical: string): boolean {
  return canonical === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(canonical);
}
