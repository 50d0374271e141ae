// Cuts whole IP packets (from pcap-builder's tcp() and udp()) into IPv4 fragments or IPv6
// packets with a Fragment header, piece by piece, so tests can send them in any order, repeat
// them, make them overlap or change their bytes.

export interface PieceSpec {
  /** Where the piece starts in the fragmentable part (a multiple of 8 on the wire). */
  readonly offset: number;
  readonly length: number;
  /** More fragments follow; by default, unless the piece reaches the end. */
  readonly more?: boolean;
  /** Bytes to carry instead of the packet's own (same length), for conflicting overlaps. */
  readonly data?: Buffer;
}

/** Pieces of `size` bytes (the last one holds the rest) covering a packet's fragmentable part. */
export function evenly(ip: Buffer, size: number): PieceSpec[] {
  const total = fragmentable(ip).payload.length;
  const pieces: PieceSpec[] = [];
  for (let offset = 0; offset < total; offset += size) {
    pieces.push({ offset, length: Math.min(size, total - offset) });
  }
  return pieces;
}

/** The unfragmentable part (IPv6: with a hop-by-hop header when there is one) and the rest. */
function fragmentable(ip: Buffer): { head: Buffer; payload: Buffer } {
  const v6 = (ip[0] ?? 0) >> 4 === 6;
  const split = v6 ? (ip[6] === 0 ? 48 : 40) : ((ip[0] ?? 0) & 0x0f) * 4;
  return { head: ip.subarray(0, split), payload: ip.subarray(split) };
}

/** The packets that carry `pieces` of `ip`, all with identification `id`. */
export function fragmentsOf(ip: Buffer, id: number, pieces: readonly PieceSpec[]): Buffer[] {
  const { head, payload } = fragmentable(ip);
  const v6 = (ip[0] ?? 0) >> 4 === 6;
  return pieces.map((p) => {
    const data = p.data ?? payload.subarray(p.offset, p.offset + p.length);
    const more = p.more ?? p.offset + p.length < payload.length;
    const header = Buffer.from(head);
    if (!v6) {
      header.writeUInt16BE(header.length + data.length, 2);
      header.writeUInt16BE(id & 0xffff, 4);
      header.writeUInt16BE((p.offset / 8) | (more ? 0x2000 : 0), 6);
      return Buffer.concat([header, data]);
    }
    // The Fragment header goes after the unfragmentable part and takes over its next header.
    const nextField = header.length === 40 ? 6 : 40;
    const fragment = Buffer.alloc(8);
    fragment[0] = header[nextField] ?? 0;
    fragment.writeUInt16BE(p.offset | (more ? 1 : 0), 2);
    fragment.writeUInt32BE(id >>> 0, 4);
    header[nextField] = 44;
    header.writeUInt16BE(header.length - 40 + 8 + data.length, 4);
    return Buffer.concat([header, fragment, data]);
  });
}
