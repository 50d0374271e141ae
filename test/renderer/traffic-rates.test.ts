// The I/O graph's data: a bounded ring of 1-second buckets fed from cumulative counters, the
// store slice sampling listener snapshots, and a connection's chunk records in time buckets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_PORTS,
  CounterSampler,
  RATE_BUCKETS,
  RateHistory,
} from '../../renderer/src/store/rate-history';
import {
  bucketRecords,
  bucketSizeFor,
} from '../../renderer/src/features/traffic/io-graph/rate-buckets';
import { niceMax } from '../../renderer/src/features/traffic/io-graph/io-graph-draw';
import { batch, listener, testStore } from './support/fixtures';

describe('rate history', () => {
  it('adds bytes into 1-second buckets and reads a range oldest first', () => {
    const h = new RateHistory();
    h.add('p', 'in', 100, 10_000);
    h.add('p', 'in', 50, 10_999);
    h.add('p', 'out', 7, 12_000);
    const r = h.read('p', 9, 13);
    assert.deepEqual([...r.in], [0, 150, 0, 0]);
    assert.deepEqual([...r.out], [0, 0, 0, 7]);
  });

  it('stays bounded: buckets older than ten minutes are gone, skipped ones are zero', () => {
    const h = new RateHistory();
    h.add('p', 'in', 1, 0);
    h.add('p', 'in', 2, 5_000);
    h.add('p', 'in', 3, (RATE_BUCKETS + 3) * 1000);
    const r = h.read('p', 0, RATE_BUCKETS + 4);
    assert.equal(r.in[0], 0, 'bucket 0 was overwritten by the ring');
    assert.equal(r.in[5], 2);
    assert.equal(r.in[RATE_BUCKETS + 3], 3);
    assert.equal(
      r.in.reduce((a, b) => a + b, 0),
      5,
    );
  });

  it('samples counters: the first look is a baseline, a reset starts over', () => {
    const h = new RateHistory();
    const s = new CounterSampler(h);
    assert.deepEqual(s.observe('p', 1000, 10, 1000), { in: 0, out: 0 });
    assert.deepEqual(s.observe('p', 1500, 30, 1500), { in: 500, out: 20 });
    assert.deepEqual(s.observe('p', 100, 0, 2500), { in: 0, out: 0 }, 'reopened port');
    assert.deepEqual(s.observe('p', 300, 0, 2600), { in: 200, out: 0 });
    assert.deepEqual([...h.read('p', 1, 3).in], [500, 200]);
  });
});

describe('traffic slice', () => {
  it('records per-port and all-port rates from each frame of listener snapshots', () => {
    const { store } = testStore();
    const apply = (bytesA: number, bytesB: number) =>
      store.getState().applyOps([
        {
          kind: 'batch',
          batch: batch({
            listeners: [
              listener('A', { bytesIn: bytesA, bytesOut: bytesA / 2 }),
              listener('B', { port: 5001, bytesIn: bytesB }),
            ],
          }),
        },
      ]);
    apply(0, 0);
    apply(1000, 300);
    apply(3000, 300);
    const now = Math.floor(Date.now() / 1000);
    const rates = store.getState().trafficRates;
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    assert.equal(sum(rates.read('A', now - 5, now + 1).in), 3000);
    assert.equal(sum(rates.read('A', now - 5, now + 1).out), 1500);
    assert.equal(sum(rates.read('B', now - 5, now + 1).in), 300);
    assert.equal(sum(rates.read(ALL_PORTS, now - 5, now + 1).in), 3300);
  });
});

describe('connection rate buckets', () => {
  it('picks round bucket sizes for about 120 buckets', () => {
    assert.equal(bucketSizeFor(100), 10);
    assert.equal(bucketSizeFor(60_000), 500);
    assert.equal(bucketSizeFor(600_000), 5000);
  });

  it('puts chunk records in their bucket by arrival and direction', () => {
    const at = Float64Array.from([1000, 1005, 1015, 1031]);
    const length = Float64Array.from([10, 20, 5, 7]);
    const direction = Uint8Array.from([0, 1, 0, 0]);
    const b = bucketRecords(at, length, direction, 4, 1000, 1040, 10);
    assert.equal(b.from, 1000);
    assert.deepEqual([...b.in], [10, 5, 0, 7]);
    assert.deepEqual([...b.out], [20, 0, 0, 0]);
  });
});

describe('I/O graph axis', () => {
  it('tops the rate axis at a round binary value whose halves are round too', () => {
    assert.equal(niceMax(0), 1024);
    assert.equal(niceMax(700), 800);
    assert.equal(niceMax(150 * 1024), 200 * 1024);
    assert.equal(niceMax(3.5 * 1024 * 1024), 4 * 1024 * 1024);
  });
});
