// The ConnectionInfo record of an imported connection, as a live capture would have written it:
// the server's address is the port's ("local"), the client's is the peer's ("remote").

import type {
  AddressFamily,
  ConnectionInfo,
  ConnectionState,
  Detection,
  DirectionStats,
  EndReason,
  Protocol,
} from '../../shared/model';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface FlowFacts {
  readonly id: number;
  readonly listenerId: string;
  readonly protocol: Protocol;
  readonly family: AddressFamily;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly openedAt: number;
  readonly firstByteAt: number | null;
  readonly lastAt: number;
  readonly closedAt: number | null;
  readonly state: ConnectionState;
  readonly endReason: EndReason | null;
  readonly detected: Detection;
}

function stats(received: number, captured: number, chunks: number): DirectionStats {
  return { received, captured, dropped: received - captured, chunks };
}

/** Per direction (0 = in, 1 = out): bytes on the wire, bytes written, chunks written. */
export type Counts = readonly [number, number, number];

export function connectionRecord(facts: FlowFacts, inbound: Counts, out: Counts): ConnectionInfo {
  const inStats = stats(...inbound);
  const outStats = stats(...out);
  // The traffic ended (the file did) before the connection did.
  const ended = facts.state === 'closed';
  return {
    id: facts.id,
    listenerId: facts.listenerId,
    protocol: facts.protocol,
    behaviour: 'capture',
    upstream: null,
    replayOf: null,
    divergedAt: null,
    client: null,
    detected: facts.detected,
    localAddress: facts.server.address,
    localPort: facts.server.port,
    remoteAddress: facts.client.address,
    remotePort: facts.client.port,
    family: facts.family,
    openedAt: facts.openedAt,
    firstByteAt: facts.firstByteAt,
    lastActivityAt: facts.lastAt,
    closedAt: ended ? (facts.closedAt ?? facts.lastAt) : facts.lastAt,
    state: 'closed',
    endReason: ended ? facts.endReason : 'capture-interrupted',
    error: null,
    in: inStats,
    out: outStats,
    chunkCount: inStats.chunks + outStats.chunks,
    truncated: inStats.dropped > 0 || outStats.dropped > 0,
  };
}
