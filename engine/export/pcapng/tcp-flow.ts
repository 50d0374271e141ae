// One TCP connection as packets: a three-way handshake at openedAt, the data segments of every
// chunk in recorded order (split to the MSS) each followed by the peer's ACK, and FIN both ways
// or an RST at closedAt as it really ended. Sequence numbers are the stream offsets, so bytes
// that are not in the file leave a gap ("previous segment not captured").

import type { ConnectionInfo, Direction, EndReason } from '../../../shared/model';
import { TCP, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from './ip-packet';
import {
  chunkBytes,
  chunksOf,
  Comments,
  droppedComment,
  endpointsOf,
  firstComment,
  type Packet,
  type PcapngSource,
} from './flow';

const TWO_32 = 0x100000000;
const WINDOW = 65535;
/** Window scale announced in the handshake: 65535 << 7 = 8 MiB, more than any chunk record. */
const WINDOW_SHIFT = 7;
/** The most one packet carries: IPv4's 16-bit total length, IPv6's loopback MTU (65536). */
const MSS = { IPv4: 65535 - 20 - 20, IPv6: 65536 - 40 - 20 } as const;

/** Payload is read this many segments at a time (about 256 KiB). */
const SEGMENTS_PER_READ = 4;

const RESET_BY_CLIENT: readonly EndReason[] = ['client-reset'];
const RESET_BY_PORT: readonly EndReason[] = ['reset-by-user', 'fault-reset'];

function synOptions(mss: number): Uint8Array {
  // MSS (kind 2), NOP, window scale (kind 3).
  return Uint8Array.of(2, 4, mss >> 8, mss & 0xff, 1, 3, 3, WINDOW_SHIFT);
}

const other = (d: Direction): Direction => (d === 'in' ? 'out' : 'in');

export async function* tcpPackets(
  info: ConnectionInfo,
  source: PcapngSource,
): AsyncGenerator<Packet> {
  const ends = endpointsOf(info);
  const mss = MSS[info.family];
  // Initial sequence numbers: any will do; these differ per connection and per side.
  const isn = {
    in: (info.id * 0x9e3779b1) >>> 0,
    out: ((info.id * 0x9e3779b1) ^ 0x5bd1e995) >>> 0,
  };
  /** Per direction: the stream offset sent up to (the next byte's offset). */
  const next = { in: 0, out: 0 };
  const seqAt = (d: Direction, offset: number) => (isn[d] + 1 + (offset % TWO_32)) % TWO_32;
  const seq = (d: Direction) => seqAt(d, next[d]);
  const comments = new Comments();
  comments.add(firstComment(info));
  let time = info.openedAt;

  const send = (
    d: Direction,
    at: number,
    flags: number,
    s: number,
    a: number,
    payload?: Uint8Array,
    options?: Uint8Array,
  ): Packet => {
    time = Math.max(time, at);
    return {
      at: time,
      ends: ends[d],
      transport: {
        protocol: TCP,
        tcp: {
          seq: s,
          ack: a,
          flags,
          window: WINDOW,
          ...(options === undefined ? {} : { options }),
        },
      },
      payload: payload ?? new Uint8Array(0),
      comment: comments.take(),
    };
  };

  yield send('in', info.openedAt, TCP_SYN, isn.in, 0, undefined, synOptions(mss));
  yield send(
    'out',
    info.openedAt,
    TCP_SYN | TCP_ACK,
    isn.out,
    seqAt('in', 0),
    undefined,
    synOptions(mss),
  );
  yield send('in', info.openedAt, TCP_ACK, seqAt('in', 0), seqAt('out', 0));

  for await (const chunk of chunksOf(source, info.id)) {
    const d = chunk.direction;
    if (chunk.offset > next[d]) {
      comments.add(droppedComment(d, chunk.offset - next[d]));
      next[d] = chunk.offset;
    }
    const end = chunk.offset + chunk.length;
    if (end <= next[d]) continue; // nothing new (a file that repeats bytes)
    // Reads are whole segments long, so each chunk splits the same way whatever its size.
    for await (const bytes of chunkBytes(
      source,
      info.id,
      chunk,
      next[d],
      SEGMENTS_PER_READ * mss,
    )) {
      for (let at = 0; at < bytes.length; at += mss) {
        const piece = bytes.subarray(at, Math.min(bytes.length, at + mss));
        const flags = TCP_ACK | (next[d] + piece.length === end ? TCP_PSH : 0);
        yield send(d, chunk.at, flags, seq(d), seq(other(d)), piece);
        next[d] += piece.length;
      }
    }
    // The peer acknowledges each read, so no tool sees a window fill up.
    yield send(other(d), chunk.at, TCP_ACK, seq(other(d)), seq(d));
  }

  // Bytes received after the last ones in the file (a cap): the closing packets come after them.
  for (const d of ['in', 'out'] as const) {
    const received = info[d].received;
    if (received > next[d]) {
      comments.add(droppedComment(d, received - next[d]));
      next[d] = received;
    }
  }
  const reason = info.endReason;
  const at = info.closedAt ?? time;
  if (info.closedAt === null || reason === null || reason === 'capture-interrupted') {
    // How it ended is unknown: no FIN or RST, but a comment still needs a packet to carry it.
    if (comments.waiting) yield send('in', at, TCP_ACK, seq('in'), seq('out'));
    return;
  }
  const resetBy = RESET_BY_CLIENT.includes(reason)
    ? 'in'
    : RESET_BY_PORT.includes(reason)
      ? 'out'
      : null;
  if (resetBy !== null) {
    yield send(resetBy, at, TCP_RST | TCP_ACK, seq(resetBy), seq(other(resetBy)));
    return;
  }
  const closer: Direction = reason === 'client-closed' ? 'in' : 'out';
  const peer = other(closer);
  yield send(closer, at, TCP_FIN | TCP_ACK, seq(closer), seq(peer));
  yield send(peer, at, TCP_FIN | TCP_ACK, seq(peer), (seq(closer) + 1) % TWO_32);
  yield send(closer, at, TCP_ACK, (seq(closer) + 1) % TWO_32, (seq(peer) + 1) % TWO_32);
}
