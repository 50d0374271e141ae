// UDP conversations of an import, one per address pair: the first sender is the client, and
// every datagram is one chunk (datagram boundaries are kept). A datagram cut short by the
// snapshot length counts in full as received, its missing tail as dropped.

import { ProtocolDetector } from '../recording/protocol-detector';
import type { CaptureSink } from './capture-sink';
import { connectionRecord, type Endpoint } from './connection-record';
import { pairKey } from './tcp-flows';
import type { TransportPacket } from './transport-packet';

interface Side {
  received: number;
  captured: number;
  chunks: number;
}

interface UdpFlow {
  readonly id: number;
  readonly listenerId: string;
  readonly family: 'IPv4' | 'IPv6';
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly openedAt: number;
  firstByteAt: number | null;
  lastAt: number;
  readonly sides: [Side, Side];
  readonly detector: ProtocolDetector;
}

export class UdpFlows {
  private readonly flows = new Map<string, UdpFlow>();

  constructor(
    private readonly sink: CaptureSink,
    private readonly nextId: () => number,
  ) {}

  packet(p: TransportPacket, at: number): void {
    const key = pairKey(p);
    let flow = this.flows.get(key);
    if (flow === undefined) {
      const client = { address: p.source, port: p.sourcePort };
      const server = { address: p.destination, port: p.destinationPort };
      flow = {
        id: this.nextId(),
        listenerId: this.sink.listenerId('udp', p.family, server.address, server.port, at),
        family: p.family,
        client,
        server,
        openedAt: at,
        firstByteAt: null,
        lastAt: at,
        sides: [
          { received: 0, captured: 0, chunks: 0 },
          { received: 0, captured: 0, chunks: 0 },
        ],
        detector: new ProtocolDetector(),
      };
      this.flows.set(key, flow);
    }
    const dir = p.source === flow.client.address && p.sourcePort === flow.client.port ? 0 : 1;
    const side = flow.sides[dir];
    flow.lastAt = Math.max(flow.lastAt, at);
    if (p.payload.length > 0) {
      flow.firstByteAt ??= at;
      if (flow.detector.looking[dir]) flow.detector.feed(dir, p.payload);
      this.sink.chunk(flow.id, dir, at, side.received, p.payload);
      side.captured += p.payload.length;
      side.chunks++;
    }
    side.received += p.length;
  }

  finish(): void {
    for (const flow of this.flows.values()) {
      const [inbound, out] = flow.sides;
      const record = connectionRecord(
        {
          ...flow,
          protocol: 'udp',
          closedAt: null,
          state: 'open',
          endReason: null,
          detected: flow.detector.detected(),
        },
        [inbound.received, inbound.captured, inbound.chunks],
        [out.received, out.captured, out.chunks],
      );
      this.sink.connection(record);
    }
    this.flows.clear();
  }
}
