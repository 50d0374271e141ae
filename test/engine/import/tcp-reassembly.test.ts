// TCP put back in order from hand-built packets: out of order, retransmitted, overlapping and
// missing segments, a bound on what waits behind a hole, no handshake, sequence wrap, FIN and
// RST reasons, port reuse; and UDP kept per datagram and peer pair.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conversation,
  sent,
  type Conversation,
  type TimedPacket,
} from '../../support/tcp-conversation';
import { pcapFile, tcp, udp } from '../../support/pcap-builder';
import { importAndRead } from './read-import';
import { dataDir, frames, nth, writeFixture } from './fixtures';

const pcapOf = (packets: readonly TimedPacket[]) =>
  writeFixture(pcapFile(frames('raw', packets), { linkType: 101 }));

describe('TCP reassembly', () => {
  const talk: Conversation = {
    client: ['10.0.0.1', 40000],
    server: ['10.0.0.2', 443],
    exchanges: [
      { from: 'client', data: Buffer.from('a'.repeat(100)) },
      { from: 'client', data: Buffer.from('b'.repeat(100)) },
      { from: 'client', data: Buffer.from('c'.repeat(100)) },
      { from: 'server', data: Buffer.from('reply') },
    ],
  };
  // Packets: SYN, SYN-ACK, ACK, then (data, ack) pairs at 3..10, then FIN, FIN, ACK.
  const base = conversation(talk);

  it('puts out-of-order segments back in order and drops retransmissions', async () => {
    const p = [...base];
    const [a, b, c] = [nth(p, 3), nth(p, 5), nth(p, 7)];
    // c, a, a again, b, c again.
    p.splice(3, 6, c, a, a, nth(p, 4), b, c, nth(p, 8));
    const { connections } = await importAndRead(pcapOf(p), dataDir());
    assert.equal(connections.length, 1);
    assert.deepEqual(connections[0]?.in, sent(talk).client);
    assert.equal(connections[0]?.info.in.dropped, 0);
    assert.equal(connections[0]?.info.in.received, 300);
  });

  it('writes overlapping bytes once', async () => {
    const overlap = conversation({
      ...talk,
      exchanges: [{ from: 'client', data: Buffer.from('0123456789') }],
    });
    // The data segment again, shifted: bytes 5..14 ("56789" repeated and "ABCDE" new).
    const extra = tcp({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      sport: 40000,
      dport: 443,
      seq: 1001 + 5,
      flags: 0x18,
      data: Buffer.from('56789ABCDE'),
    });
    overlap.splice(4, 0, { at: nth(overlap, 3).at + 0.1, ip: extra });
    // The FIN now comes 5 bytes later.
    const fixed = overlap.map((x, i) =>
      i === overlap.length - 3 ? { ...x, ip: fin(x.ip, 5) } : x,
    );
    const { connections } = await importAndRead(pcapOf(fixed), dataDir());
    assert.equal(connections[0]?.in.toString(), '0123456789ABCDE');
    assert.equal(connections[0]?.info.in.received, 15);
  });

  it('counts a missing segment as dropped and keeps the bytes after it', async () => {
    const p = base.filter((_, i) => i !== 5);
    const { connections } = await importAndRead(pcapOf(p), dataDir());
    const conn = connections[0];
    assert.equal(conn?.info.in.received, 300);
    assert.equal(conn?.info.in.captured, 200);
    assert.equal(conn?.info.in.dropped, 100);
    assert.equal(conn?.info.truncated, true);
    assert.equal(conn?.in.toString(), 'a'.repeat(100) + 'c'.repeat(100));
  });

  it('gives up a hole once too much waits behind it, and keeps what follows', async () => {
    const big: Conversation = {
      ...talk,
      exchanges: Array.from({ length: 100 }, (_, i) => ({
        from: 'client' as const,
        data: Buffer.alloc(60_000, i),
      })),
    };
    // Without the first data segment, 99 × 60 kB (more than the 4 MiB bound) wait behind it.
    const p = conversation(big).filter((_, i) => i !== 3);
    const { connections } = await importAndRead(pcapOf(p), dataDir());
    const conn = nth(connections, 0);
    assert.equal(conn.info.in.received, 6_000_000);
    assert.equal(conn.info.in.dropped, 60_000);
    assert.deepEqual(conn.in, Buffer.concat(big.exchanges.slice(1).map((e) => e.data)));
  });

  it('takes the higher port as the client when the handshake was not captured', async () => {
    const mid = conversation({
      ...talk,
      client: ['10.0.0.1', 40000],
      server: ['10.0.0.2', 443],
      handshake: false,
    });
    // From the client's third data segment on.
    const p = mid.slice(4);
    const { connections } = await importAndRead(pcapOf(p), dataDir());
    assert.equal(connections.length, 1);
    assert.equal(connections[0]?.info.localPort, 443);
    assert.equal(connections[0]?.info.remotePort, 40000);
    assert.equal(connections[0]?.in.toString(), 'c'.repeat(100));
    assert.equal(connections[0]?.out.toString(), 'reply');
  });

  it('follows sequence numbers across the 2^32 wrap', async () => {
    const wrap = { ...talk, clientIsn: 2 ** 32 - 150, serverIsn: 2 ** 32 - 2 };
    const { connections } = await importAndRead(pcapOf(conversation(wrap)), dataDir());
    assert.deepEqual(connections[0]?.in, sent(wrap).client);
    assert.deepEqual(connections[0]?.out, sent(wrap).server);
  });

  for (const [close, reason] of [
    ['client-fin', 'client-closed'],
    ['server-fin', 'closed-by-behaviour'],
    ['client-rst', 'client-reset'],
    ['server-rst', 'reset-by-user'],
    ['none', 'capture-interrupted'],
  ] as const) {
    it(`maps ${close} to ${reason}`, async () => {
      const { connections } = await importAndRead(
        pcapOf(conversation({ ...talk, close })),
        dataDir(),
      );
      assert.equal(connections[0]?.info.endReason, reason);
      assert.equal(connections[0]?.info.state, 'closed');
    });
  }

  it('starts a new connection when a closed address pair opens again', async () => {
    const one = conversation(talk);
    const two = conversation({ ...talk, clientIsn: 777_777, start: nth(one, -1).at + 10 });
    // A late retransmitted ACK of the first one in between opens nothing.
    const { connections } = await importAndRead(pcapOf([...one, nth(one, -1), ...two]), dataDir());
    assert.equal(connections.length, 2);
    for (const c of connections) assert.deepEqual(c.in, sent(talk).client);
  });
});

/** The same TCP packet with its sequence number moved by `by`. */
function fin(ip: Buffer, by: number): Buffer {
  const copy = Buffer.from(ip);
  const at = ((copy[0] ?? 0) & 0x0f) * 4 + 4;
  copy.writeUInt32BE((copy.readUInt32BE(at) + by) >>> 0, at);
  return copy;
}

describe('UDP', () => {
  it('groups datagrams per peer pair, one chunk each', async () => {
    const d = (src: number, dst: number, text: string, at: number): TimedPacket => ({
      at,
      ip: udp({
        src: '127.0.0.1',
        dst: '127.0.0.1',
        sport: src,
        dport: dst,
        data: Buffer.from(text),
      }),
    });
    const packets = [
      d(50000, 5353, 'ping-1', 1),
      d(5353, 50000, 'pong-1', 2),
      d(50001, 5353, 'other', 3),
      d(50000, 5353, 'ping-2', 4),
    ].map((p) => ({ ...p, at: 1_700_000_000_000 + p.at }));
    const { summary, connections } = await importAndRead(pcapOf(packets), dataDir());
    assert.equal(summary.connections, 2);
    const [a, b] = connections;
    assert.equal(a?.info.protocol, 'udp');
    assert.equal(a?.in.toString(), 'ping-1ping-2');
    assert.equal(a?.out.toString(), 'pong-1');
    assert.equal(a?.info.in.chunks, 2);
    assert.equal(a?.info.listenerId, b?.info.listenerId);
    assert.equal(b?.in.toString(), 'other');
  });
});
