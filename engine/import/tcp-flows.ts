// TCP connections of an import, keyed by their address pair. The client is the side that sent
// the SYN; without a captured handshake, the side with the higher (ephemeral) port. A FIN or RST
// ends a connection with the reason closest to what happened; a new SYN on an ended pair starts
// a new connection. Ended pairs leave a small tombstone for a while, so late retransmissions and
// ACKs do not open phantom connections.

import type { EndReason } from '../../shared/model';
import { ProtocolDetector } from '../recording/protocol-detector';
import type { CaptureSink } from './capture-sink';
import { connectionRecord, type Endpoint, type FlowFacts } from './connection-record';
import { TcpStream, type PendingBudget } from './tcp-stream';
import { ACK, FIN, RST, SYN, type TransportPacket } from './transport-packet';

/** How long (packet time) an ended pair ignores stray packets. */
const TOMBSTONE_MS = 120_000;

interface Tombstone {
  readonly endedAt: number;
}

class TcpFlow {
  readonly streams: [TcpStream, TcpStream];
  readonly detector = new ProtocolDetector();
  firstByteAt: number | null = null;
  lastAt: number;
  closedAt: number | null = null;
  endReason: EndReason | null = null;
  readonly fin: [boolean, boolean] = [false, false];
  reset = false;

  constructor(
    readonly id: number,
    readonly listenerId: string,
    readonly family: 'IPv4' | 'IPv6',
    readonly client: Endpoint,
    readonly server: Endpoint,
    readonly openedAt: number,
    sink: CaptureSink,
    budget: PendingBudget,
  ) {
    this.lastAt = openedAt;
    const emit = (dir: 0 | 1) => (offset: number, data: Buffer, at: number) => {
      this.firstByteAt ??= at;
      if (this.detector.looking[dir]) this.detector.feed(dir, data);
      sink.chunk(id, dir, at, offset, data);
    };
    this.streams = [new TcpStream(emit(0), budget), new TcpStream(emit(1), budget)];
  }

  get ended(): boolean {
    return this.reset || (this.fin[0] && this.fin[1]);
  }

  /** Ended, and nothing waits for a missing segment that may still come. */
  get settled(): boolean {
    return this.reset || (this.ended && !this.streams[0].hasPending && !this.streams[1].hasPending);
  }

  packet(dir: 0 | 1, p: TransportPacket, at: number): void {
    this.lastAt = Math.max(this.lastAt, at);
    const stream = this.streams[dir];
    if ((p.flags & SYN) !== 0) stream.syn(p.seq);
    const seq = (p.flags & SYN) !== 0 ? (p.seq + 1) % 2 ** 32 : p.seq;
    if (p.length > 0) stream.segment(seq, p.payload, p.length, at);
    else if (!stream.started) stream.offsetOf(seq);
    if ((p.flags & FIN) !== 0 && !this.fin[dir]) {
      stream.finAt((seq + p.length) % 2 ** 32);
      this.fin[dir] = true;
      this.endReason ??= dir === 0 ? 'client-closed' : 'closed-by-behaviour';
      if (this.ended) this.closedAt = at;
    }
    if ((p.flags & RST) !== 0 && !this.reset) {
      this.reset = true;
      this.endReason ??= dir === 0 ? 'client-reset' : 'reset-by-user';
      this.closedAt = at;
    }
  }

  /** Gives up on what is still missing and writes the connection's record. */
  finish(sink: CaptureSink): void {
    const [inbound, out] = this.streams;
    inbound.finish();
    out.finish();
    const facts: FlowFacts = {
      id: this.id,
      listenerId: this.listenerId,
      protocol: 'tcp',
      family: this.family,
      client: this.client,
      server: this.server,
      openedAt: this.openedAt,
      firstByteAt: this.firstByteAt,
      lastAt: this.lastAt,
      closedAt: this.closedAt,
      state: this.ended ? 'closed' : this.fin[0] || this.fin[1] ? 'half-closed' : 'open',
      endReason: this.endReason,
      detected: this.detector.detected(),
    };
    sink.connection(
      connectionRecord(
        facts,
        [inbound.received, inbound.captured, inbound.chunks],
        [out.received, out.captured, out.chunks],
      ),
    );
  }
}

export function pairKey(p: TransportPacket): string {
  const a = `${p.source} ${p.sourcePort}`;
  const b = `${p.destination} ${p.destinationPort}`;
  return `${p.protocol} ${a < b ? `${a} ${b}` : `${b} ${a}`}`;
}

/** The client of a pair seen first in `p` (no handshake: the higher, ephemeral port). */
function clientOf(p: TransportPacket): 'source' | 'destination' {
  const syn = (p.flags & SYN) !== 0;
  const ack = (p.flags & ACK) !== 0;
  if (syn) return ack ? 'destination' : 'source';
  return p.sourcePort >= p.destinationPort ? 'source' : 'destination';
}

export class TcpFlows {
  private readonly flows = new Map<string, TcpFlow | Tombstone>();
  private readonly budget: PendingBudget = { bytes: 0 };

  constructor(
    private readonly sink: CaptureSink,
    private readonly nextId: () => number,
  ) {}

  packet(p: TransportPacket, at: number): void {
    const key = pairKey(p);
    let flow = this.flows.get(key);
    const opening = (p.flags & (SYN | ACK)) === SYN;
    if (flow !== undefined && opening && (!(flow instanceof TcpFlow) || flow.ended)) {
      if (flow instanceof TcpFlow) flow.finish(this.sink);
      flow = undefined;
    }
    if (flow === undefined) {
      // A bare ACK, FIN or RST of a connection seen from its middle opens nothing.
      if (!opening && (p.flags & SYN) === 0 && p.length === 0) return;
      flow = this.open(p, at);
      this.flows.set(key, flow);
    }
    if (!(flow instanceof TcpFlow)) return;
    const fromClient = p.source === flow.client.address && p.sourcePort === flow.client.port;
    flow.packet(fromClient ? 0 : 1, p, at);
    if (flow.settled) {
      flow.finish(this.sink);
      this.flows.set(key, { endedAt: at });
    }
  }

  /** Forgets tombstones older than TOMBSTONE_MS before `now`. */
  prune(now: number): void {
    for (const [key, flow] of this.flows) {
      if (!(flow instanceof TcpFlow) && now - flow.endedAt > TOMBSTONE_MS) this.flows.delete(key);
    }
  }

  finish(): void {
    for (const flow of this.flows.values()) if (flow instanceof TcpFlow) flow.finish(this.sink);
    this.flows.clear();
  }

  private open(p: TransportPacket, at: number): TcpFlow {
    const source = { address: p.source, port: p.sourcePort };
    const destination = { address: p.destination, port: p.destinationPort };
    const [client, server] =
      clientOf(p) === 'source' ? [source, destination] : [destination, source];
    const listenerId = this.sink.listenerId('tcp', p.family, server.address, server.port, at);
    return new TcpFlow(
      this.nextId(),
      listenerId,
      p.family,
      client,
      server,
      at,
      this.sink,
      this.budget,
    );
  }
}
