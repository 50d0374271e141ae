// The read-buffer pool on its own: warm slots first, slots never handed out twice, and fresh
// memory (which the pool does not take back) once every slot is out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { READ_SLOT_BYTES, ReadBufferPool } from '../../../engine/tcp/read-buffer-pool';

describe('read-buffer pool', () => {
  it('hands back the slot returned last, so a busy socket cycles through warm memory', () => {
    const pool = new ReadBufferPool(4);
    const a = pool.take();
    const b = pool.take();
    assert.equal(a.byteLength, READ_SLOT_BYTES);
    assert.notEqual(a.byteOffset, b.byteOffset, 'two slots out at once are distinct');
    pool.give(a);
    assert.equal(pool.take().byteOffset, a.byteOffset);
    assert.equal(pool.touched, 2, 'no new slot was touched while one was free');
    assert.equal(pool.busy, 2);
  });

  it('slots never own their memory, so whoever keeps their bytes copies them', () => {
    const slot = new ReadBufferPool(2).take();
    assert.ok(slot.buffer.byteLength > slot.byteLength);
  });

  it('ignores a slot given back twice, and views of a slot come back as the slot', () => {
    const pool = new ReadBufferPool(2);
    const a = pool.take();
    pool.give(a.subarray(0, 10));
    pool.give(a);
    assert.equal(pool.busy, 0);
    const b = pool.take();
    const c = pool.take();
    assert.notEqual(b.byteOffset, c.byteOffset, 'the double give did not free the slot twice');
  });

  it('hands out fresh memory when every slot is out, and does not take it back', () => {
    const pool = new ReadBufferPool(2);
    const slots = [pool.take(), pool.take()];
    const fresh = pool.take();
    assert.ok(slots.every((slot) => pool.owns(slot)));
    assert.ok(!pool.owns(fresh));
    assert.equal(fresh.byteLength, READ_SLOT_BYTES);
    pool.give(fresh);
    assert.equal(pool.busy, 2, 'only the slots are still out');
    for (const slot of slots) pool.give(slot);
    assert.equal(pool.busy, 0);
  });

  it('refuses a single slot, which would own its memory', () => {
    assert.throws(() => new ReadBufferPool(1), RangeError);
  });
});
