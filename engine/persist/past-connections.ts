// Turns what a capture file holds (each connection's last record, and where its chunks are) into
// the ConnectionInfo the views expect, with the byte accounting taken from the file itself: a
// record written before a crash is stale, and bytes that never reached the disk are not there.
// Invariant kept: captured + dropped = received, where "captured" now means "in the file".

import type { ConnectionInfo, DirectionStats } from '../../shared/model';
import type { LostMeta } from './capture-format';
import type { ChunkRef } from './capture-reader';
import { connectionRecordSchema } from './record-schemas';

export interface PastConnection {
  readonly info: ConnectionInfo;
  /** Both directions, in the order they were recorded (file order). */
  readonly chunks: readonly ChunkRef[];
  /** Per direction (0 = in, 1 = out), in stream order. */
  readonly byDirection: readonly [readonly ChunkRef[], readonly ChunkRef[]];
}

/** Chunk refs per connection id, each list in file order. */
function groupChunks(chunks: readonly ChunkRef[]): Map<number, ChunkRef[]> {
  const byId = new Map<number, ChunkRef[]>();
  for (const ref of chunks) {
    let list = byId.get(ref.connectionId);
    if (list === undefined) byId.set(ref.connectionId, (list = []));
    list.push(ref);
  }
  return byId;
}

/** Bytes of one direction in the file, and the furthest stream offset anything reached. */
function directionStats(
  recorded: DirectionStats,
  refs: readonly ChunkRef[],
  lost: readonly LostMeta[],
): DirectionStats {
  let inFile = 0;
  let reached = 0;
  for (const ref of refs) {
    inFile += ref.length;
    reached = Math.max(reached, ref.offset + ref.length);
  }
  for (const l of lost) reached = Math.max(reached, l.offset + l.length);
  const received = Math.max(recorded.received, reached);
  return { received, captured: inFile, dropped: received - inFile, chunks: refs.length };
}

/**
 * Every connection with a valid record, in id order. A record that fails its schema is left out
 * (with its bytes): without its addresses and times there is nothing trustworthy to show.
 */
export function pastConnections(
  records: ReadonlyMap<number, unknown>,
  chunks: readonly ChunkRef[],
  lost: readonly LostMeta[],
  endedAt: number | null,
): PastConnection[] {
  const chunksById = groupChunks(chunks);
  const lostById = new Map<number, LostMeta[]>();
  for (const l of lost) {
    const list = lostById.get(l.connectionId) ?? [];
    list.push(l);
    lostById.set(l.connectionId, list);
  }
  const out: PastConnection[] = [];
  for (const raw of records.values()) {
    const parsed = connectionRecordSchema.safeParse(raw);
    if (!parsed.success) continue;
    const record = parsed.data;
    const refs = chunksById.get(record.id) ?? [];
    const byDirection: [ChunkRef[], ChunkRef[]] = [[], []];
    for (const ref of refs) byDirection[ref.direction].push(ref);
    for (const list of byDirection) list.sort((a, b) => a.offset - b.offset);
    const connLost = lostById.get(record.id) ?? [];
    const stats = (dir: 0 | 1, recorded: DirectionStats) =>
      directionStats(
        recorded,
        byDirection[dir],
        connLost.filter((l) => l.direction === dir),
      );
    const inStats = stats(0, record.in);
    const outStats = stats(1, record.out);
    let lastActivityAt = record.lastActivityAt;
    let firstByteAt = record.firstByteAt;
    for (const ref of refs) {
      lastActivityAt = Math.max(lastActivityAt, ref.at);
      firstByteAt = firstByteAt === null ? ref.at : Math.min(firstByteAt, ref.at);
    }
    // Porthole stopped while it was open: it ends where the file ends.
    const interrupted = record.state !== 'closed';
    const info: ConnectionInfo = {
      ...record,
      firstByteAt,
      lastActivityAt,
      in: inStats,
      out: outStats,
      chunkCount: refs.length,
      truncated: inStats.dropped > 0 || outStats.dropped > 0,
      ...(interrupted
        ? {
            state: 'closed',
            endReason: 'capture-interrupted',
            closedAt: endedAt ?? lastActivityAt,
            upstream:
              record.upstream === null
                ? null
                : {
                    ...record.upstream,
                    state: record.upstream.state === 'failed' ? 'failed' : 'closed',
                  },
          }
        : {}),
    };
    out.push({ info, chunks: refs, byDirection });
  }
  return out.sort((a, b) => a.info.id - b.info.id);
}
