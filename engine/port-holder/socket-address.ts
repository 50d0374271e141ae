// How a held address is written, the same way on every platform.

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * "127.0.0.1:5432" for IPv4 and "[::1]:5432" for IPv6. An IPv4-mapped IPv6 address
 * ("::ffff:127.0.0.1") is written as the IPv4 address it takes away from IPv4 clients, matching how
 * the rest of Porthole shows mapped addresses (see ../address.ts).
 */
export function formatSocketAddress(ip: string, port: number): string {
  const mapped = MAPPED_V4.exec(ip);
  if (mapped?.[1] !== undefined) return `${mapped[1]}:${port}`;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * Split "host:port" or "[v6]:port" as printed by lsof and netstat. Returns null when the port is
 * not a number ("*:*" in netstat's foreign column).
 */
export function parseHostPort(text: string): { host: string; port: number } | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return null;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port: Number(portText) };
}

/** Dotted quad from 4 bytes in network order. */
export function formatIPv4(bytes: ArrayLike<number>): string {
  return [bytes[0], bytes[1], bytes[2], bytes[3]].map((b) => String(b ?? 0)).join('.');
}

/**
 * RFC 5952 text from 16 bytes in network order: lowercase, no leading zeros, the longest run (of two
 * or more, leftmost on a tie) of zero groups shortened to "::", and IPv4-mapped addresses with a
 * dotted tail so formatSocketAddress can recognise them.
 */
export function formatIPv6(bytes: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    return `::ffff:${formatIPv4([bytes[12] ?? 0, bytes[13] ?? 0, bytes[14] ?? 0, bytes[15] ?? 0])}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
