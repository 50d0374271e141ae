// Variable-size layout: prefix sums, lookups by position, measurement updates and truncation
// agree with a plain array, including across the tree's growth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FenwickLayout } from '../../renderer/src/virtual/fenwick-layout';
import { FixedLayout } from '../../renderer/src/virtual/layout';
import { keyScrollTarget } from '../../renderer/src/virtual/keyboard-scroll';
import {
  maxVirtualTop,
  MAX_DOM_HEIGHT,
  scrollMetrics,
} from '../../renderer/src/virtual/scroll-metrics';

function naiveStart(sizes: number[], index: number): number {
  return sizes.slice(0, index).reduce((a, b) => a + b, 0);
}

describe('FenwickLayout', () => {
  it('answers start, total and indexAt like a plain prefix sum', () => {
    const layout = new FenwickLayout();
    const sizes = Array.from({ length: 100 }, (_, i) => 10 + (i % 7) * 3);
    for (const s of sizes) layout.push(s);
    assert.equal(layout.count(), 100);
    assert.equal(layout.total(), naiveStart(sizes, 100));
    for (const i of [0, 1, 15, 16, 17, 63, 64, 99]) {
      assert.equal(layout.start(i), naiveStart(sizes, i), `start(${i})`);
      assert.equal(layout.indexAt(layout.start(i)), i, `indexAt(start(${i}))`);
      assert.equal(layout.indexAt(layout.start(i) + layout.size(i) - 0.5), i);
    }
    assert.equal(layout.indexAt(-5), 0);
    assert.equal(layout.indexAt(1e9), 99);
  });

  it('updates sums when a measured size differs by half a pixel or more', () => {
    const layout = new FenwickLayout();
    for (let i = 0; i < 20; i += 1) layout.push(10);
    assert.equal(layout.setSize(5, 10.4), false);
    assert.equal(layout.setSize(5, 40), true);
    assert.equal(layout.setSize(20, 40), false, 'out of range');
    assert.equal(layout.total(), 230);
    assert.equal(layout.start(6), 90);
    assert.equal(layout.indexAt(89), 5);
    assert.equal(layout.indexAt(90), 6);
  });

  it('forgets truncated items and accepts new ones in their place', () => {
    const layout = new FenwickLayout();
    for (let i = 0; i < 40; i += 1) layout.push(5);
    layout.truncate(10);
    assert.equal(layout.count(), 10);
    assert.equal(layout.total(), 50);
    layout.push(100);
    assert.equal(layout.total(), 150);
    assert.equal(layout.indexAt(149), 10);
    assert.equal(new FenwickLayout().indexAt(0), -1);
  });
});

describe('fixed layout, scroll metrics and keys', () => {
  it('maps positions to rows arithmetically', () => {
    const layout = new FixedLayout(100_000, 26);
    assert.equal(layout.total(), 2_600_000);
    assert.equal(layout.start(10), 260);
    assert.equal(layout.indexAt(259), 9);
    assert.equal(layout.indexAt(9e9), 99_999);
  });

  it('scales the DOM scroll range only past the browser limit', () => {
    assert.deepEqual(scrollMetrics(1000, 400), {
      total: 1000,
      domTotal: 1000,
      scale: 1,
      viewport: 400,
    });
    const m = scrollMetrics(MAX_DOM_HEIGHT * 4, 1000);
    assert.equal(m.domTotal, MAX_DOM_HEIGHT);
    assert.equal(m.scale, (MAX_DOM_HEIGHT * 4 - 1000) / (MAX_DOM_HEIGHT - 1000));
    assert.equal(maxVirtualTop(m), MAX_DOM_HEIGHT * 4 - 1000);
  });

  it('moves by lines and pages', () => {
    assert.equal(keyScrollTarget('ArrowDown', false, 100, 500, 9000), 140);
    assert.equal(keyScrollTarget('PageUp', false, 1000, 500, 9000), 540);
    assert.equal(keyScrollTarget(' ', true, 1000, 500, 9000), 540);
    assert.equal(keyScrollTarget('End', false, 0, 500, 9000), 9000);
    assert.equal(keyScrollTarget('x', false, 0, 500, 9000), undefined);
  });
});
