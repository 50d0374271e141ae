// Properties of fragment reassembly (fast-check): the pieces of a datagram in any order, with
// any repeats, give back exactly its bytes; and whatever pieces come (random offsets, lengths,
// identifications, times), nothing throws, the bounds hold, and every frame ends up either in a
// completed datagram or counted as given up on.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IpFragments, type FragmentLimits } from '../../../engine/import/ip-fragments';
import { udp } from '../../support/pcap-builder';
import { evenly, fragmentsOf } from './fragment-builder';

const T0 = 1_700_000_000_000;

describe('IP fragment reassembly, properties', () => {
  it('any order and repeats of the pieces give the datagram back', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.nat(),
        (v6, length, eighths, repeats, seed) => {
          const family = v6 ? 'IPv6' : 'IPv4';
          const [src, dst] = v6 ? ['::1', '::1'] : ['127.0.0.1', '127.0.0.1'];
          const data = Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) % 256));
          const ip = udp({ family, src, dst, sport: 1000, dport: 2000, data });
          const pieces = fragmentsOf(ip, seed, evenly(ip, eighths * 8));
          // A permutation from the seed, then repeats of pieces already in, then the last new
          // one (a repeat after it would start a new datagram).
          const rank = (i: number) => (i * 7919 + seed) % 101;
          const order = pieces.map((_, i) => i).sort((a, b) => rank(a) - rank(b));
          const last = order.pop() ?? 0;
          const again = order.length === 0 ? [] : repeats.map((r) => order[r % order.length] ?? 0);
          const sequence = [...order, ...again, last];
          const fragments = new IpFragments();
          const results = sequence.map((i) => fragments.add(pieces[i] ?? Buffer.alloc(0), T0));
          const done = results.filter((r) => r !== null);
          assert.equal(done.length, 1);
          assert.notEqual(results.at(-1), null, 'the last new piece completes it');
          const [whole] = done;
          assert.equal(whole?.frames, sequence.length);
          // The packet as it was before it was cut, but for IPv4's identification and flags.
          const expected = Buffer.from(ip);
          if (!v6) expected.writeUInt32BE(((seed & 0xffff) << 16) >>> 0, 4);
          assert.deepEqual(whole?.ip, expected);
          assert.deepEqual(fragments.holding, { datagrams: 0, bytes: 0 });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random pieces: no throw, bounds kept, every frame accounted for', () => {
    const limits: FragmentLimits = {
      datagrams: 4,
      bytes: 6000,
      ipv4TimeoutMs: 30_000,
      ipv6TimeoutMs: 60_000,
    };
    const piece = fc.record({
      v6: fc.boolean(),
      id: fc.integer({ min: 0, max: 5 }),
      offset: fc.integer({ min: 0, max: 400 }).map((n) => n * 8),
      length: fc.integer({ min: 0, max: 3000 }),
      more: fc.boolean(),
      after: fc.integer({ min: 0, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (specs) => {
        const fragments = new IpFragments(limits);
        let at = T0;
        let completedFrames = 0;
        for (const s of specs) {
          at += s.after;
          const [src, dst] = s.v6 ? ['::1', '::1'] : ['127.0.0.1', '127.0.0.1'];
          const ip = udp({ family: s.v6 ? 'IPv6' : 'IPv4', src, dst, sport: 1, dport: 2 });
          const data = Buffer.alloc(s.length, s.id);
          const [fragment] = fragmentsOf(ip, s.id, [{ ...s, data }]);
          const whole = fragments.add(fragment ?? Buffer.alloc(0), at);
          completedFrames += whole?.frames ?? 0;
          assert.ok(fragments.holding.datagrams <= limits.datagrams);
          assert.ok(fragments.holding.bytes <= limits.bytes);
        }
        fragments.finish();
        assert.deepEqual(fragments.holding, { datagrams: 0, bytes: 0 });
        assert.equal(completedFrames + fragments.abandonedFrames, specs.length);
      }),
      { numRuns: 500 },
    );
  });
});
