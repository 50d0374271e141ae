// One UDP conversation as packets: one datagram per chunk, in recorded order, each way.

import type { ConnectionInfo } from '../../../shared/model';
import { UDP } from './ip-packet';
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

/** The most a UDP datagram can carry in one IP packet. */
const MAX_DATAGRAM = { IPv4: 65535 - 20 - 8, IPv6: 65535 - 8 } as const;

export async function* udpPackets(
  info: ConnectionInfo,
  source: PcapngSource,
): AsyncGenerator<Packet> {
  const ends = endpointsOf(info);
  const next = { in: 0, out: 0 };
  const comments = new Comments();
  comments.add(firstComment(info));
  let time = info.openedAt;
  for await (const chunk of chunksOf(source, info.id)) {
    const d = chunk.direction;
    if (chunk.offset > next[d]) comments.add(droppedComment(d, chunk.offset - next[d]));
    // A datagram is one chunk: the first read holds all of it that one packet can carry.
    let datagram: Uint8Array = new Uint8Array(0);
    const size = MAX_DATAGRAM[info.family];
    for await (const bytes of chunkBytes(source, info.id, chunk, chunk.offset, size)) {
      datagram = bytes;
      break;
    }
    next[d] = chunk.offset + datagram.length;
    time = Math.max(time, chunk.at);
    yield {
      at: time,
      ends: ends[d],
      transport: { protocol: UDP },
      payload: datagram,
      comment: comments.take(),
    };
  }
}
