// The block-based byte log: exact reads over any range, memory close to what is stored.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ByteLog } from '../../../engine/recording/byte-log';

/** Deterministic pseudo-random sizes, mixing tiny reads with large socket-sized ones. */
function sizes(count: number): number[] {
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, (_, i) => (i % 7 === 0 ? 65536 : (next() % 3000) + 1));
}

describe('ByteLog', () => {
  it('reads back any range exactly, across blocks and kept-as-is reads', () => {
    const log = new ByteLog();
    const parts = sizes(200).map((n) => randomBytes(n));
    for (const part of parts) log.append(part);
    const all = Buffer.concat(parts);
    assert.equal(log.length, all.length);
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 48271) % 2147483647;
      const offset = seed % all.length;
      const length = (seed >> 3) % 200_000;
      assert.ok(log.read(offset, length).equals(all.subarray(offset, offset + length)));
    }
    assert.ok(log.read(0, all.length).equals(all));
    assert.equal(log.read(all.length, 10).length, 0);
    assert.equal(log.read(all.length + 5, 10).length, 0);
  });

  it('stores only the kept prefix of a read', () => {
    const log = new ByteLog();
    const data = Buffer.from('abcdefghij');
    log.append(data, 4);
    log.append(Buffer.from('XYZ'), 0);
    assert.equal(log.length, 4);
    assert.equal(log.read(0, 100).toString(), 'abcd');
  });

  it('keeps memory close to the bytes stored', () => {
    const tiny = new ByteLog();
    tiny.append(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    tiny.compact();
    assert.equal(tiny.allocated, tiny.length, 'a short capture costs what it captured');

    const many = new ByteLog();
    for (let i = 0; i < 100_000; i++)
      many.append(Buffer.from([i & 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert.ok(many.allocated <= many.length + 64 * 1024, 'at most one partly filled block');
    assert.ok(many.blockCount < 30, `small reads share blocks (${many.blockCount})`);
    many.compact();
    assert.equal(many.allocated, many.length);
    assert.equal(many.read(999_990, 10)[0], 99_999 & 0xff);
  });

  it('keeps large socket-sized reads without copying, and copies pooled or partial ones', () => {
    const log = new ByteLog();
    const big = Buffer.from(new ArrayBuffer(65536));
    big.fill(1);
    log.append(big);
    assert.equal(log.blockCount, 1);
    big[0] = 9; // the log shares the memory of a kept-as-is read
    assert.equal(log.read(0, 1)[0], 9);

    const view = Buffer.from(new ArrayBuffer(100_000), 10, 65536).fill(2);
    log.append(view);
    view[0] = 7; // a view into a larger buffer is copied, so the larger buffer is not retained
    assert.equal(log.read(65536, 1)[0], 2);
    assert.equal(log.length, 131072);
  });

  it('keeps large views of immutable bytes (a replay of recorded bytes) without copying', () => {
    const log = new ByteLog();
    const recorded = Buffer.from(new ArrayBuffer(65536)).fill(3);
    const most = recorded.subarray(1000, 1000 + 40_000);
    log.append(most, most.length, true);
    recorded[1000] = 8; // shared: the view was kept, not copied
    assert.equal(log.read(0, 1)[0], 8);
    assert.equal(log.allocated, 40_000);

    // Under half of its memory: copied, so a small view does not keep a large buffer alive.
    const little = recorded.subarray(0, 20_000);
    log.append(little, little.length, true);
    recorded[0] = 9;
    assert.equal(log.read(40_000, 1)[0], 3);
    // Not said to be immutable: copied, as any view.
    const again = recorded.subarray(1000, 1000 + 40_000);
    log.append(again, again.length);
    recorded[1001] = 9;
    assert.equal(log.read(60_001, 1)[0], 3);
    assert.equal(log.length, 100_000);
  });

  it('reads a whole block as that block, without a new view', () => {
    const log = new ByteLog();
    const block = Buffer.from(new ArrayBuffer(65536)).fill(4);
    log.append(block);
    assert.equal(log.read(0, 65536), block);
    assert.notEqual(log.read(0, 65535), block);
  });
});
