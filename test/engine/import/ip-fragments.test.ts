// IP fragment reassembly in the importer: IPv4 fragments and IPv6 Fragment headers put back
// together in any order, repeats ignored, overlaps and datagrams never completed given up on
// and counted as skipped frames, and the bounds (datagrams, bytes, time) that keep a hostile
// file from holding memory.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FRAGMENT_LIMITS, IpFragments } from '../../../engine/import/ip-fragments';
import { pcapFile, udp, type Segment } from '../../support/pcap-builder';
import { conversation, sent, type TimedPacket } from '../../support/tcp-conversation';
import { dataDir, ipv4Talk, ipv6Talk, writeFixture } from './fixtures';
import { evenly, fragmentsOf } from './fragment-builder';
import { importAndRead } from './read-import';

const T0 = 1_700_000_000_000;
const v4: Segment = { src: '127.0.0.1', dst: '127.0.0.1', sport: 40000, dport: 5353 };
const v6: Segment = { ...v4, family: 'IPv6', src: '::1', dst: '::1', ipOptions: true };
/** A whole datagram on another pair, so an import keeps a connection whatever happens. */
const anchor = udp({ ...v4, sport: 40999, data: Buffer.from('anchor') });

async function importIps(ips: readonly Buffer[], times?: readonly number[]) {
  const packets = [...ips, anchor].map((ip, i) => ({ at: times?.[i] ?? T0 + i, data: ip }));
  const file = writeFixture(pcapFile(packets, { linkType: 101 }));
  const { summary, connections } = await importAndRead(file, dataDir());
  assert.equal(summary.problem, null);
  assert.equal(summary.packets, ips.length + 1);
  const others = connections.filter((c) => c.info.remotePort !== 40999);
  return { summary, others };
}

function order<T>(list: readonly T[], indexes: readonly number[]): T[] {
  return indexes.map((i) => {
    const item = list[i];
    assert.ok(item !== undefined);
    return item;
  });
}

describe('IP fragments are put back together', () => {
  for (const [name, base] of [
    ['IPv4', v4],
    ['IPv6 with a hop-by-hop header', v6],
  ] as const) {
    it(`a UDP datagram over ${name}: in order, reversed, shuffled with a repeat`, async () => {
      const payload = randomBytes(9000);
      const ip = udp({ ...base, data: payload });
      const pieces = fragmentsOf(ip, 0x1234, evenly(ip, 1480));
      assert.equal(pieces.length, 7);
      for (const sequence of [
        [0, 1, 2, 3, 4, 5, 6],
        [6, 5, 4, 3, 2, 1, 0],
        [3, 0, 6, 0, 5, 1, 4, 2],
      ]) {
        const { summary, others } = await importIps(order(pieces, sequence));
        assert.equal(summary.skipped, 0, `order ${sequence.join(',')}`);
        assert.equal(others.length, 1);
        assert.deepEqual(others[0]?.in, payload);
        assert.equal(others[0]?.info.in.chunks, 1, 'one datagram, one chunk');
        assert.equal(others[0]?.info.family, base.family ?? 'IPv4');
      }
    });
  }

  for (const talk of [ipv4Talk, ipv6Talk]) {
    it(`a TCP segment in fragments inside a conversation (${talk.family ?? 'IPv4'})`, async () => {
      const packets = conversation(talk);
      // The client's 3000-byte segment is the 8th packet (handshake, 2 exchanges with ACKs).
      const big = packets.findIndex((p) => p.ip.length > 3000);
      const cut = packets[big];
      assert.ok(cut !== undefined);
      const pieces: TimedPacket[] = fragmentsOf(cut.ip, 99, evenly(cut.ip, 1024))
        .reverse()
        .map((ip) => ({ at: cut.at, ip }));
      const all = [...packets.slice(0, big), ...pieces, ...packets.slice(big + 1)];
      const { summary, others } = await importIps(all.map((p) => p.ip));
      assert.equal(summary.skipped, 0);
      assert.equal(others.length, 1);
      assert.deepEqual(others[0]?.in, sent(talk).client);
      assert.deepEqual(others[0]?.out, sent(talk).server);
      assert.equal(others[0]?.info.in.dropped, 0);
    });
  }

  it('keys datagrams by source and identification: same id from two hosts, two ids', async () => {
    const a = randomBytes(3000);
    const b = randomBytes(3000);
    const c = randomBytes(3000);
    const ipA = udp({ ...v4, src: '127.0.0.2', data: a });
    const ipB = udp({ ...v4, src: '127.0.0.3', data: b });
    const ipC = udp({ ...v4, src: '127.0.0.2', data: c });
    const [a0, a1, a2] = fragmentsOf(ipA, 7, evenly(ipA, 1200));
    const [b0, b1, b2] = fragmentsOf(ipB, 7, evenly(ipB, 1200));
    const [c0, c1, c2] = fragmentsOf(ipC, 8, evenly(ipC, 1200));
    const ips = [a0, b0, c2, a1, b2, c1, b1, c0, a2].filter((x) => x !== undefined);
    const { summary, others } = await importIps(ips);
    assert.equal(summary.skipped, 0);
    const from2 = others.find((o) => o.info.remoteAddress === '127.0.0.2');
    const from3 = others.find((o) => o.info.remoteAddress === '127.0.0.3');
    assert.deepEqual(
      from2?.in,
      Buffer.concat([c, a]),
      'id 8 completes first (c0 is its last piece), then id 7',
    );
    assert.deepEqual(from3?.in, b);
  });

  it('an IPv6 atomic fragment (offset 0, no more) is a whole datagram at once', async () => {
    const payload = randomBytes(100);
    const ip = udp({ ...v6, ipOptions: false, data: payload });
    const { summary, others } = await importIps(fragmentsOf(ip, 5, [{ offset: 0, length: 108 }]));
    assert.equal(summary.skipped, 0);
    assert.deepEqual(others[0]?.in, payload);
  });

  it('a last fragment cut by the snapshot length: the datagram counts in full, its tail as dropped', async () => {
    const payload = randomBytes(4000);
    const ip = udp({ ...v4, data: payload });
    const pieces = fragmentsOf(ip, 3, evenly(ip, 1480));
    const last = pieces.pop();
    assert.ok(last !== undefined);
    const { summary, others } = await importIps([...pieces, last.subarray(0, last.length - 100)]);
    assert.equal(summary.skipped, 0);
    assert.equal(others[0]?.info.in.received, 4000);
    assert.equal(others[0]?.info.in.dropped, 100);
    assert.deepEqual(others[0]?.in, payload.subarray(0, 3900));
  });
});

describe('IP fragments given up on count as skipped frames', () => {
  const payload = randomBytes(4000);
  const ip = udp({ ...v4, data: payload });
  const [p0, p1, p2] = fragmentsOf(ip, 11, evenly(ip, 1480));
  assert.ok(p0 && p1 && p2);

  it('a datagram never completed (a missing piece)', async () => {
    const { summary, others } = await importIps([p0, p2]);
    assert.equal(others.length, 0);
    assert.equal(summary.skipped, 2);
  });

  it('overlapping pieces give the whole datagram up, whichever order they come in', async () => {
    const [overlap] = fragmentsOf(ip, 11, [{ offset: 1000, length: 1480 }]);
    assert.ok(overlap !== undefined);
    for (const ips of [
      [p0, overlap, p1, p2],
      [p1, p2, overlap, p0],
    ]) {
      const { summary, others } = await importIps(ips);
      assert.equal(others.length, 0, 'the overlap gave it up, so the rest never completes it');
      assert.equal(summary.skipped, 4);
    }
  });

  it('a repeat of a piece with other bytes gives the datagram up; an exact repeat does not', async () => {
    const [changed] = fragmentsOf(ip, 11, [
      { offset: 1480, length: 1480, data: randomBytes(1480) },
    ]);
    assert.ok(changed !== undefined);
    const conflicting = await importIps([p0, p1, changed, p2]);
    assert.equal(conflicting.others.length, 0);
    assert.equal(conflicting.summary.skipped, 4);
    const repeated = await importIps([p0, p1, p1, p2]);
    assert.deepEqual(repeated.others[0]?.in, payload);
    assert.equal(repeated.summary.skipped, 0);
  });

  it('a datagram that would be longer than 65,535 bytes', async () => {
    const [head, tail] = fragmentsOf(ip, 12, [
      { offset: 0, length: 1480 },
      { offset: 65_520, length: 16, more: false, data: randomBytes(16) },
    ]);
    assert.ok(head && tail);
    const { summary, others } = await importIps([head, tail]);
    assert.equal(others.length, 0);
    assert.equal(summary.skipped, 2);
  });

  it('pieces further apart than the time limit (IPv4 30 s, IPv6 60 s)', async () => {
    const late = await importIps([p0, p1, p2], [T0, T0 + 1, T0 + 30_001, T0 + 30_002]);
    assert.equal(late.others.length, 0);
    assert.equal(late.summary.skipped, 3);
    const ip6 = udp({ ...v6, data: payload });
    const pieces6 = fragmentsOf(ip6, 11, evenly(ip6, 1480));
    const times = [T0, T0 + 59_000, T0 + 59_500, T0 + 59_600];
    const inTime = await importIps(pieces6, times);
    assert.deepEqual(inTime.others[0]?.in, payload);
    const tooLate = await importIps(pieces6, [T0, T0 + 60_001, T0 + 60_002, T0 + 60_003]);
    assert.equal(tooLate.others.length, 0);
    assert.equal(tooLate.summary.skipped, 3);
  });
});

describe('IP fragment bounds', () => {
  const first = (id: number, length: number) => {
    const ip = udp({ ...v4, data: Buffer.alloc(length) });
    const [piece] = fragmentsOf(ip, id, [{ offset: 0, length: 1480 * Math.floor(length / 1480) }]);
    assert.ok(piece !== undefined);
    return piece;
  };

  it(`holds at most ${FRAGMENT_LIMITS.datagrams} datagrams, giving up the oldest`, () => {
    const fragments = new IpFragments();
    for (let id = 0; id <= FRAGMENT_LIMITS.datagrams; id++) {
      assert.equal(fragments.add(first(id, 1500), T0), null);
    }
    assert.equal(fragments.holding.datagrams, FRAGMENT_LIMITS.datagrams);
    assert.equal(fragments.abandonedFrames, 1);
    // The last piece of the oldest (id 0) cannot complete it; the newest's can.
    const ip = udp({ ...v4, data: Buffer.alloc(1500) });
    const tail = (id: number) => fragmentsOf(ip, id, [{ offset: 1480, length: 28 }])[0];
    assert.equal(fragments.add(tail(0) ?? Buffer.alloc(0), T0), null);
    assert.equal(fragments.add(tail(FRAGMENT_LIMITS.datagrams) ?? Buffer.alloc(0), T0)?.frames, 2);
    fragments.finish();
    assert.deepEqual(fragments.holding, { datagrams: 0, bytes: 0 });
    assert.equal(fragments.abandonedFrames, 1 + 1 + FRAGMENT_LIMITS.datagrams - 1);
  });

  it(`holds at most ${FRAGMENT_LIMITS.bytes} bytes`, () => {
    const fragments = new IpFragments();
    const big = 1480 * 44; // 65,120 bytes: 64 of them (and their headers) fit in 4 MiB, 65 do not
    for (let id = 0; id < 64; id++) fragments.add(first(id, big + 100), T0);
    assert.equal(fragments.holding.datagrams, 64);
    assert.equal(fragments.holding.bytes, 64 * (big + 20));
    fragments.add(first(64, big + 100), T0);
    assert.equal(fragments.holding.datagrams, 64);
    assert.ok(fragments.holding.bytes <= FRAGMENT_LIMITS.bytes);
    assert.equal(fragments.abandonedFrames, 1);
  });
});
