// A TCP conversation as the packets a capture would hold: handshake, data both ways in
// segments, and a FIN or RST close, each with its time. Tests reorder, repeat or drop them.

import { ACK, FIN, PSH, RST, SYN, tcp } from './pcap-builder';

export interface Conversation {
  readonly family?: 'IPv4' | 'IPv6';
  readonly client: readonly [string, number];
  readonly server: readonly [string, number];
  readonly clientIsn?: number;
  readonly serverIsn?: number;
  /** Data in order: who sends it, and the bytes (one segment each). */
  readonly exchanges: readonly { readonly from: 'client' | 'server'; readonly data: Buffer }[];
  readonly close?: 'client-fin' | 'server-fin' | 'client-rst' | 'server-rst' | 'none';
  readonly handshake?: boolean;
  readonly start?: number;
  readonly ipOptions?: boolean;
}

export interface TimedPacket {
  readonly at: number;
  readonly ip: Buffer;
}

export function conversation(c: Conversation): TimedPacket[] {
  const out: TimedPacket[] = [];
  let at = c.start ?? 1_700_000_000_000;
  let clientSeq = c.clientIsn ?? 1000;
  let serverSeq = c.serverIsn ?? 50_000;
  const base = { family: c.family ?? 'IPv4', ipOptions: c.ipOptions ?? false } as const;
  /** A segment from one end to the other. */
  const segment =
    (from: readonly [string, number], to: readonly [string, number]) =>
    (flags: number, seq: number, data?: Buffer) =>
      tcp({
        ...base,
        src: from[0],
        sport: from[1],
        dst: to[0],
        dport: to[1],
        seq,
        flags,
        ...(data ? { data } : {}),
      });
  const fromClient = segment(c.client, c.server);
  const fromServer = segment(c.server, c.client);
  const push = (ip: Buffer) => {
    at += 1.25;
    out.push({ at, ip });
  };
  if (c.handshake !== false) {
    push(fromClient(SYN, clientSeq));
    push(fromServer(SYN | ACK, serverSeq));
    clientSeq = (clientSeq + 1) >>> 0;
    serverSeq = (serverSeq + 1) >>> 0;
    push(fromClient(ACK, clientSeq));
  }
  for (const e of c.exchanges) {
    if (e.from === 'client') {
      push(fromClient(ACK | PSH, clientSeq, e.data));
      clientSeq = (clientSeq + e.data.length) >>> 0;
      push(fromServer(ACK, serverSeq));
    } else {
      push(fromServer(ACK | PSH, serverSeq, e.data));
      serverSeq = (serverSeq + e.data.length) >>> 0;
      push(fromClient(ACK, clientSeq));
    }
  }
  switch (c.close ?? 'client-fin') {
    case 'client-fin':
      push(fromClient(FIN | ACK, clientSeq));
      push(fromServer(FIN | ACK, serverSeq));
      push(fromClient(ACK, (clientSeq + 1) >>> 0));
      break;
    case 'server-fin':
      push(fromServer(FIN | ACK, serverSeq));
      push(fromClient(FIN | ACK, clientSeq));
      push(fromServer(ACK, (serverSeq + 1) >>> 0));
      break;
    case 'client-rst':
      push(fromClient(RST, clientSeq));
      break;
    case 'server-rst':
      push(fromServer(RST, serverSeq));
      break;
    case 'none':
      break;
  }
  return out;
}

/** The bytes each side sent, concatenated. */
export function sent(c: Conversation): { client: Buffer; server: Buffer } {
  const pick = (from: 'client' | 'server') =>
    Buffer.concat(c.exchanges.filter((e) => e.from === from).map((e) => e.data));
  return { client: pick('client'), server: pick('server') };
}
