// IP addresses from packet bytes to the text form Node's sockets report (RFC 5952 for IPv6).

export function ipv4Text(bytes: Buffer, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

export function ipv6Text(bytes: Buffer, at: number): string {
  // IPv4-mapped (::ffff:a.b.c.d), written the way Node reports such peers.
  if (bytes.subarray(at, at + 10).every((b) => b === 0) && bytes.readUInt16BE(at + 10) === 0xffff) {
    return `::ffff:${ipv4Text(bytes, at + 12)}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(bytes.readUInt16BE(at + i * 2));
  // The longest run of two or more zero groups (the first one on a tie) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
