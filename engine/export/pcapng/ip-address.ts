// Text addresses to the bytes IP headers carry. Captured addresses come from Node sockets
// (normalised, so an IPv4 client on a dual-stack port reads "127.0.0.1"), but a capture file
// is untrusted input: anything that does not parse becomes the unspecified address.

import { isIPv4, isIPv6 } from 'node:net';
import type { AddressFamily } from '../../../shared/model';

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map((part) => Number(part)));
}

function ipv6Bytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  let body = text.replace(/%.*$/, '');
  // A trailing dotted quad ("::ffff:127.0.0.1") stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (quad?.[1] !== undefined) {
    const v4 = ipv4Bytes(quad[1]);
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    body = `${body.slice(0, -quad[1].length)}${hi}:${lo}`;
  }
  const [head = '', tail] = body.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    out[i * 2] = value >> 8;
    out[i * 2 + 1] = value & 0xff;
  });
  return out;
}

/** The address as 4 (IPv4) or 16 (IPv6) bytes; an IPv4 address in IPv6 form for IPv4 is unwrapped. */
export function addressBytes(address: string, family: AddressFamily): Uint8Array {
  if (family === 'IPv4') {
    const plain = address.replace(/^::ffff:/i, '');
    return isIPv4(plain) ? ipv4Bytes(plain) : new Uint8Array(4);
  }
  if (isIPv4(address)) return ipv6Bytes(`::ffff:${address}`);
  return isIPv6(address) ? ipv6Bytes(address) : new Uint8Array(16);
}
