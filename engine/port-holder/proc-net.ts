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

/** One row of /proc/net/{tcp,tcp6,udp,udp6}: both ends, state, owner uid and socket inode. */
export interface ProcNetRow {
  /** Local IP as text ("127.0.0.1", "::1", "::ffff:127.0.0.1", "::"). */
  readonly localIp: string;
  readonly localPort: number;
  /** null only if the kernel printed something odd; unconnected sockets show "0.0.0.0" or "::". */
  readonly remoteIp: string | null;
  /** 0 for listening TCP and unconnected UDP sockets. */
  readonly remotePort: number;
  /** Kernel state in hex as printed, upper case ("01" ESTABLISHED, "06" TIME_WAIT, "0A" LISTEN). */
  readonly state: string;
  readonly uid: number;
  /** 0 for sockets no longer attached to a file (TIME_WAIT, orphaned FIN_WAIT): no owner. */
  readonly inode: number;
}

const PORT_HEX = /^[0-9A-Fa-f]{4}$/;

/** Decoded addresses of one table: most rows share a handful of IPs, so each is decoded once. */
type IpMemo = Map<string, string | null>;

function splitAddress(
  text: string,
  endianness: Endianness,
  memo: IpMemo,
): { readonly ip: string; readonly port: number } | null {
  const colon = text.indexOf(':');
  if (colon === -1) return null;
  const ipHex = text.slice(0, colon);
  const portHex = text.slice(colon + 1);
  let ip = memo.get(ipHex);
  if (ip === undefined) {
    ip = decodeProcNetIp(ipHex, endianness);
    memo.set(ipHex, ip);
  }
  if (ip === null || !PORT_HEX.test(portHex)) return null;
  return { ip, port: parseInt(portHex, 16) };
}

function parseRow(line: string, endianness: Endianness, memo: IpMemo): ProcNetRow | null {
  // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
  const cols = line.trim().split(/\s+/);
  if (cols.length < 10 || !/^\d+:$/.test(cols[0] ?? '')) return null;
  const [localText, remoteText, state, , , , uidText, , inodeText] = cols.slice(1);
  if (localText === undefined || state === undefined) return null;
  const local = splitAddress(localText, endianness, memo);
  if (local === null) return null;
  const uid = Number(uidText);
  const inode = Number(inodeText);
  if (!Number.isInteger(uid) || !Number.isInteger(inode)) return null;
  const remote = splitAddress(remoteText ?? '', endianness, memo);
  return {
    localIp: local.ip,
    localPort: local.port,
    remoteIp: remote?.ip ?? null,
    remotePort: remote?.port ?? 0,
    state: state.toUpperCase(),
    uid,
    inode,
  };
}

/**
 * The local port of the row in text[start, end) without splitting or decoding it: the hex after
 * the first colon following the "sl:" column. null when the line is not a socket row.
 */
function localPortOf(text: string, start: number, end: number): number | null {
  const slColon = text.indexOf(':', start);
  if (slColon === -1 || slColon >= end) return null;
  const portColon = text.indexOf(':', slColon + 1);
  if (portColon === -1 || portColon + 5 > end) return null;
  const port = parseInt(text.slice(portColon + 1, portColon + 5), 16);
  return Number.isNaN(port) ? null : port;
}

/**
 * The state column of the row in text[start, end) without splitting the line: the fourth field
 * ("sl:", local, remote, state). null when the line is not a socket row.
 */
function stateOf(text: string, start: number, end: number): string | null {
  let at = start;
  for (let field = 0; field < 3; field += 1) {
    while (at < end && text.charCodeAt(at) === 32) at += 1;
    while (at < end && text.charCodeAt(at) !== 32) at += 1;
  }
  while (at < end && text.charCodeAt(at) === 32) at += 1;
  return at + 2 <= end ? text.slice(at, at + 2).toUpperCase() : null;
}

/** Which rows a caller wants; each test runs before a row is split or decoded. */
export interface ProcNetRowFilter {
  /** Only rows whose local port is in it. */
  readonly localPorts?: ReadonlySet<number>;
  /** Only rows in these states (upper-case hex as printed, e.g. "0A" for TCP LISTEN). */
  readonly states?: ReadonlySet<string>;
}

/**
 * Every socket row, both ends decoded, optionally only some: the client lookup reads these tables
 * for every batch and wants a few ports, the machine view wants listeners and established
 * connections. With tens of thousands of TIME_WAIT rows on a busy machine, skipping the rest
 * before splitting or decoding anything keeps the main thread's share small. The header and
 * malformed lines are skipped.
 */
export function parseProcNetRows(
  text: string,
  endianness: Endianness = 'LE',
  filter: ProcNetRowFilter = {},
): ProcNetRow[] {
  const { localPorts, states } = filter;
  const memo: IpMemo = new Map();
  const rows: ProcNetRow[] = [];
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const port = localPorts === undefined ? null : localPortOf(text, start, end);
    const state = states === undefined ? null : stateOf(text, start, end);
    const wanted =
      (localPorts === undefined || (port !== null && localPorts.has(port))) &&
      (states === undefined || (state !== null && states.has(state)));
    if (wanted) {
      const row = parseRow(text.slice(start, end), endianness, memo);
      if (row !== null) rows.push(row);
    }
    start = end + 1;
  }
  return rows;
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
  return parseProcNetRows(text, endianness)
    .filter((row) => protocol !== 'tcp' || row.state === TCP_LISTEN)
    .map(({ localIp, localPort, state, uid, inode }) => ({
      ip: localIp,
      port: localPort,
      state,
      uid,
      inode,
    }));
}
