// Puts IPv4 and IPv6 fragments back together into the datagrams they were cut from, so a UDP
// datagram or TCP segment larger than the path's MTU imports like any other. Bounded like a
// kernel's reassembly queue: a number of datagrams and of bytes held (the oldest is given up
// first), and a time limit by packet time. Overlaps are settled the way Linux and RFC 5722 do
// it: an exact repeat of a piece is ignored, any other overlap gives up the whole datagram (the
// receiving host would never have delivered it, so the import must not invent which bytes won).
// Every frame of a datagram given up on, or never completed, is counted in `abandonedFrames`.

import {
  fragmentOf,
  lengthField,
  MAX_DATAGRAM,
  rebuild,
  type FragmentPiece,
} from './ip-fragment-header';

export interface FragmentLimits {
  /** Datagrams waiting for pieces at once. */
  readonly datagrams: number;
  /** Bytes held for them (captured bytes and headers). */
  readonly bytes: number;
  /** How long (packet time, from its first piece) an IPv4 datagram may take to complete. */
  readonly ipv4TimeoutMs: number;
  readonly ipv6TimeoutMs: number;
}

/**
 * Linux's defaults for the times (net.ipv4.ipfrag_time 30 s, net.ipv6.ip6frag_time 60 s) and
 * its 4 MiB memory threshold; 256 datagrams so that many small ones cannot take the import's
 * memory in bookkeeping, while the byte bound is what a few large ones reach.
 */
export const FRAGMENT_LIMITS: FragmentLimits = {
  datagrams: 256,
  bytes: 4 * 1024 * 1024,
  ipv4TimeoutMs: 30_000,
  ipv6TimeoutMs: 60_000,
};

/** An IP packet with no fragments in it, and how many frames it was made of. */
export interface WholePacket {
  readonly ip: Buffer;
  readonly frames: number;
}

interface Held {
  readonly offset: number;
  readonly wireLength: number;
  data: Buffer;
}

interface Datagram {
  readonly startedAt: number;
  readonly timeoutMs: number;
  /** Sorted by offset; never overlapping. */
  readonly pieces: Held[];
  /** The piece at offset 0 (its header rebuilds the datagram). */
  first: FragmentPiece | null;
  /** The fragmentable part's length, known once the last piece came. */
  total: number | null;
  /** Wire bytes the pieces cover (they never overlap, so this is their sum). */
  covered: number;
  /** Bytes held: the pieces' captured bytes and the first piece's header. */
  bytes: number;
  frames: number;
}

type Placed = 'added' | 'repeat' | 'conflict';

/** Index of the first piece at or after `offset` (binary search). */
function indexAt(pieces: readonly Held[], offset: number): number {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pieces[mid]?.offset ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function place(d: Datagram, p: FragmentPiece): Placed {
  const end = p.offset + p.wireLength;
  // All but the last piece hold a multiple of 8 bytes (the offset's unit), and none reaches
  // past what a length field can say.
  if (p.more && (p.wireLength === 0 || p.wireLength % 8 !== 0)) return 'conflict';
  if (lengthField(p.family, p.header, end) > MAX_DATAGRAM) return 'conflict';
  const last = d.pieces.at(-1);
  if (!p.more) {
    if (d.total !== null && d.total !== end) return 'conflict';
    if (last !== undefined && last.offset + last.wireLength > end) return 'conflict';
  } else if (d.total !== null && end > d.total) return 'conflict';
  const i = indexAt(d.pieces, p.offset);
  const same = d.pieces[i];
  if (same !== undefined && same.offset === p.offset && same.wireLength === p.wireLength) {
    const shared = Math.min(same.data.length, p.data.length);
    if (!same.data.subarray(0, shared).equals(p.data.subarray(0, shared))) return 'conflict';
    // A repeat that was captured further than the first copy fills in more of the bytes.
    if (p.data.length > same.data.length) {
      d.bytes += p.data.length - same.data.length;
      same.data = Buffer.from(p.data);
    }
    return 'repeat';
  }
  const before = d.pieces[i - 1];
  if (before !== undefined && before.offset + before.wireLength > p.offset) return 'conflict';
  if (same !== undefined && end > same.offset) return 'conflict';
  d.pieces.splice(i, 0, { offset: p.offset, wireLength: p.wireLength, data: Buffer.from(p.data) });
  if (!p.more) d.total = end;
  if (p.offset === 0) d.first = { ...p, header: Buffer.from(p.header), data: Buffer.alloc(0) };
  d.covered += p.wireLength;
  d.bytes += p.data.length + (p.offset === 0 ? p.header.length : 0);
  return 'added';
}

/** The captured bytes from the start, up to the first piece the capture cut short. */
function capturedPrefix(d: Datagram): Buffer {
  const parts: Buffer[] = [];
  for (const piece of d.pieces) {
    parts.push(piece.data);
    if (piece.data.length < piece.wireLength) break;
  }
  return Buffer.concat(parts);
}

export class IpFragments {
  private readonly pending = new Map<string, Datagram>();
  private held = 0;
  /** Frames of datagrams given up on (malformed, overlapping, evicted, too late, never done). */
  abandonedFrames = 0;

  constructor(private readonly limits: FragmentLimits = FRAGMENT_LIMITS) {}

  /** Datagrams waiting for pieces, and the bytes held for them. */
  get holding(): { readonly datagrams: number; readonly bytes: number } {
    return { datagrams: this.pending.size, bytes: this.held };
  }

  /**
   * The packet to read TCP or UDP from: `ip` itself when it is no fragment, the whole datagram
   * when `ip` completes one, or null when it is held (or given up on, and counted).
   */
  add(ip: Buffer, at: number): WholePacket | null {
    const parsed = fragmentOf(ip);
    if (parsed.kind === 'whole') return { ip, frames: 1 };
    if (parsed.kind === 'malformed') {
      this.abandonedFrames++;
      return null;
    }
    this.expire(at);
    const piece = parsed.piece;
    let d = this.pending.get(piece.key);
    if (d === undefined) {
      const timeoutMs =
        piece.family === 'IPv4' ? this.limits.ipv4TimeoutMs : this.limits.ipv6TimeoutMs;
      d = {
        startedAt: at,
        timeoutMs,
        pieces: [],
        first: null,
        total: null,
        covered: 0,
        bytes: 0,
        frames: 0,
      };
      this.pending.set(piece.key, d);
    }
    d.frames++;
    const before = d.bytes;
    const placed = place(d, piece);
    this.held += d.bytes - before;
    if (placed === 'conflict') {
      this.giveUp(piece.key, d);
      return null;
    }
    this.makeRoom();
    if (!this.pending.has(piece.key) || d.total === null || d.covered !== d.total) return null;
    this.pending.delete(piece.key);
    this.held -= d.bytes;
    const whole = d.first === null ? null : rebuild(d.first, capturedPrefix(d), d.total);
    if (whole === null) {
      this.abandonedFrames += d.frames;
      return null;
    }
    return { ip: whole, frames: d.frames };
  }

  /** Gives up on every datagram still waiting (the file ended). */
  finish(): void {
    for (const [key, d] of this.pending) this.giveUp(key, d);
  }

  private giveUp(key: string, d: Datagram): void {
    this.pending.delete(key);
    this.held -= d.bytes;
    this.abandonedFrames += d.frames;
  }

  /** Gives up on datagrams whose first piece came longer ago than their time limit. */
  private expire(now: number): void {
    for (const [key, d] of this.pending) if (now - d.startedAt > d.timeoutMs) this.giveUp(key, d);
  }

  /** Gives up on the oldest datagrams while more are held than the limits allow. */
  private makeRoom(): void {
    for (const [key, d] of this.pending) {
      if (this.pending.size <= this.limits.datagrams && this.held <= this.limits.bytes) return;
      this.giveUp(key, d);
    }
  }
}
