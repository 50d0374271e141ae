// Datagrams the operating system dropped before Porthole read them: a UDP socket whose receive
// buffer is full loses what arrives next, and nothing in Node says so. Linux counts them per
// socket in the last column of /proc/net/udp and /proc/net/udp6, so "captured + dropped =
// received" holds for UDP as far as the OS can tell. Other systems keep no per-socket count
// (macOS and Windows only have system-wide totals): there the figure is null, "not known".

import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { isIPv4 } from 'node:net';

export interface UdpSocketAddress {
  readonly address: string;
  readonly port: number;
}

/** The 16 (or 4) bytes of an address as /proc writes them: 32-bit words in host byte order. */
function procHex(address: string, littleEndian: boolean): string | null {
  const bytes = isIPv4(address) ? ipv4Bytes(address) : ipv6Bytes(address);
  if (bytes === null) return null;
  let hex = '';
  for (let word = 0; word < bytes.length; word += 4) {
    const group = bytes.slice(word, word + 4);
    if (littleEndian) group.reverse();
    hex += group.map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return hex.toUpperCase();
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const words = (part: string | undefined) => (part ? part.split(':') : []);
  const head = words(halves[0]);
  const tail = words(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const word of all) {
    const value = Number.parseInt(word, 16);
    if (!/^[0-9a-f]{1,4}$/i.test(word)) return null;
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/**
 * The drops counted for the sockets bound to `sockets`, from the text of /proc/net/udp or udp6;
 * null when none of them is listed.
 */
export function dropsFromProcNet(
  text: string,
  sockets: readonly UdpSocketAddress[],
  littleEndian = endianness() === 'LE',
): number | null {
  const wanted = new Set<string>();
  for (const s of sockets) {
    const hex = procHex(s.address, littleEndian);
    if (hex !== null) wanted.add(`${hex}:${s.port.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  let total: number | null = null;
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (fields.length < 13 || !wanted.has(fields[1] ?? '')) continue;
    const drops = Number(fields[12]);
    if (Number.isSafeInteger(drops)) total = (total ?? 0) + drops;
  }
  return total;
}

/** Drops for these sockets now, or null where the OS does not say (not Linux, or unreadable). */
export async function readOsDrops(sockets: readonly UdpSocketAddress[]): Promise<number | null> {
  if (process.platform !== 'linux' || sockets.length === 0) return null;
  const v4 = sockets.filter((s) => isIPv4(s.address));
  const v6 = sockets.filter((s) => !isIPv4(s.address));
  const read = async (file: string, list: readonly UdpSocketAddress[]) =>
    list.length === 0 ? 0 : dropsFromProcNet(await readFile(file, 'utf8'), list);
  try {
    const [a, b] = await Promise.all([read('/proc/net/udp', v4), read('/proc/net/udp6', v6)]);
    return a === null || b === null ? null : a + b;
  } catch {
    return null;
  }
}
