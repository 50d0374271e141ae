// Parsing Linux /proc/net/{tcp,tcp6,udp,udp6}.

import { formatIPv4, formatIPv6 } from './socket-address';

export interface ProcNetSocket {
  /** Local IP as text ("127.0.0.1", "::1", "::ffff:127.0.0.1", "::"). */
  readonly ip: string;
  readonly port: number;
  /** Kernel state in hex as printed ("0A" is TCP LISTEN, "07" is an unconnected UDP socket). */
  readonly state: string;
  readonly uid: number;
  /** 0 for sockets no longer attached to a file (e.g. TIME_WAIT); those have no owner to find. */
  readonly inode: number;
}

/** Byte order of the machine that produced the text; /proc prints addresses in host order. */
export type Endianness = 'LE' | 'BE';

const TCP_LISTEN = '0A';

/**
 * Decode the hex local address. The kernel prints each 32-bit word of the network-order address
 * as a host-order integer (`%08X`), so on little-endian machines the bytes of every word are
 * reversed: 127.0.0.1 is "0100007F" and ::1 is "00000000000000000000000001000000".
 */
export function decodeProcNetIp(hex: string, endianness: Endianness = 'LE'): string | null {
  if (!/^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(hex)) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes: number[] = [];
    for (let i = 0; i < 8; i += 2) wordBytes.push(parseInt(hex.slice(word + i, word + i + 2), 16));
    if (endianness === 'LE') wordBytes.reverse();
    bytes.push(...wordBytes);
  }
  return bytes.length === 4 ? formatIPv4(bytes) : formatIPv6(bytes);
}

/**
 * Sockets that hold a local port: for TCP only listening sockets (connected ones share the port
 * with their listener, or are clients), for UDP every socket row, since any bound UDP socket keeps
 * others from binding the port.
 */
export function parseProcNet(
  text: string,
  protocol: 'tcp' | 'udp',
  endianness: Endianness = 'LE',
): ProcNetSocket[] {
  const sockets: ProcNetSocket[] = [];
  for (const line of text.split('\n')) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || !/^\d+:$/.test(cols[0] ?? '')) continue;
    const [local, , state, , , , uidText, , inodeText] = cols.slice(1);
    if (local === undefined || state === undefined) continue;
    if (protocol === 'tcp' && state.toUpperCase() !== TCP_LISTEN) continue;
    const [ipHex, portHex] = local.split(':');
    const ip = decodeProcNetIp(ipHex ?? '', endianness);
    if (ip === null || portHex === undefined || !/^[0-9A-Fa-f]{4}$/.test(portHex)) continue;
    const uid = Number(uidText);
    const inode = Number(inodeText);
    if (!Number.isInteger(uid) || !Number.isInteger(inode)) continue;
    sockets.push({ ip, port: parseInt(portHex, 16), state: state.toUpperCase(), uid, inode });
  }
  return sockets;
}
