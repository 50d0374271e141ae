// What the TCP and UDP synthesizers share: the capture they read from, the way they hand on a
// packet, and the bookkeeping of comments and gaps.

import { clientDescription } from '../../../shared/client-process';
import type { Result } from '../../../shared/errors';
import type { Chunk, ConnectionInfo, Direction } from '../../../shared/model';
import { addressBytes } from './ip-address';
import type { Endpoints, Transport } from './ip-packet';

/** The part of a past capture the export reads. */
export interface PcapngSource {
  readChunks(id: number, from: number, count: number): Chunk[] | undefined;
  readPayload(
    id: number,
    direction: Direction,
    offset: number,
    length: number,
  ): Promise<Result<Buffer>>;
}

export interface Packet {
  readonly at: number;
  readonly ends: Endpoints;
  readonly transport: Transport;
  readonly payload: Uint8Array;
  readonly comment: string | null;
}

const CHUNK_PAGE = 1024;

export async function* chunksOf(source: PcapngSource, id: number): AsyncGenerator<Chunk> {
  for (let from = 0; ; from += CHUNK_PAGE) {
    const page = source.readChunks(id, from, CHUNK_PAGE) ?? [];
    for (const chunk of page) yield chunk;
    if (page.length < CHUNK_PAGE) return;
  }
}

/**
 * The bytes of `chunk` that the file holds, in pieces of `size` bytes (the last may be shorter;
 * at most 1 MiB is held at once however long the chunk), stopping early
 * where the file has none (damage found now): what is missing then shows as a gap.
 */
export async function* chunkBytes(
  source: PcapngSource,
  id: number,
  chunk: Chunk,
  from: number,
  size: number,
): AsyncGenerator<Buffer> {
  const end = chunk.offset + chunk.length;
  for (let pos = from; pos < end;) {
    const read = await source.readPayload(id, chunk.direction, pos, Math.min(size, end - pos));
    if (!read.ok || read.value.length === 0) return;
    yield read.value;
    pos += read.value.length;
  }
}

const side = (d: Direction) => (d === 'in' ? 'client → port' : 'port → client');

export function droppedComment(direction: Direction, bytes: number): string {
  return `Porthole: ${bytes} byte${bytes === 1 ? '' : 's'} ${side(direction)} not captured here (dropped by a cap, or not in the capture file)`;
}

export function firstComment(info: ConnectionInfo): string {
  const replay = info.replayOf === null ? '' : `; replay of #${info.replayOf}`;
  const client = info.client === null ? '' : `; client: ${clientDescription(info.client)}`;
  return `Porthole connection #${info.id}, behaviour ${info.behaviour}, ended: ${info.endReason ?? 'still open'}${replay}${client}`;
}

/** Comments waiting for the next packet of a connection (a packet may carry several). */
export class Comments {
  private pending: string[] = [];

  add(text: string): void {
    this.pending.push(text);
  }

  get waiting(): boolean {
    return this.pending.length > 0;
  }

  take(): string | null {
    if (this.pending.length === 0) return null;
    const text = this.pending.join('\n');
    this.pending = [];
    return text;
  }
}

/** Each direction's addresses and ports: "in" is client → port, "out" port → client. */
export function endpointsOf(info: ConnectionInfo): Record<Direction, Endpoints> {
  const client = addressBytes(info.remoteAddress, info.family);
  const port = addressBytes(info.localAddress, info.family);
  return {
    in: {
      source: client,
      destination: port,
      sourcePort: info.remotePort,
      destinationPort: info.localPort,
    },
    out: {
      source: port,
      destination: client,
      sourcePort: info.localPort,
      destinationPort: info.remotePort,
    },
  };
}
