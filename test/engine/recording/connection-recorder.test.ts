// Per-connection accounting without sockets: caps, prefix rule, chunk records and their bound,
// and the outbound path a behaviour will use.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CaptureTotals,
  CHUNK_RECORD_BYTES,
  CONNECTION_OVERHEAD_BYTES,
} from '../../../engine/core/capture-totals';
import { ConnectionRecorder } from '../../../engine/recording/connection-recorder';

const bytes = (n: number, fill = 0x41): Buffer => Buffer.alloc(n, fill);

describe('ConnectionRecorder', () => {
  it('records both directions with interleaved chunk records', () => {
    const totals = new CaptureTotals();
    const rec = new ConnectionRecorder(totals, 100, 0);
    rec.record(0, Buffer.from('PING\r\n'), 1);
    rec.record(1, Buffer.from('+PONG\r\n'), 2);
    rec.record(0, Buffer.from('QUIT\r\n'), 3);
    assert.deepEqual(rec.readChunks(0, 10), [
      { index: 0, direction: 'in', at: 1, offset: 0, length: 6, captured: 6 },
      { index: 1, direction: 'out', at: 2, offset: 0, length: 7, captured: 7 },
      { index: 2, direction: 'in', at: 3, offset: 6, length: 6, captured: 6 },
    ]);
    assert.equal(rec.read('in', 0, 100).toString(), 'PING\r\nQUIT\r\n');
    assert.equal(rec.read('out', 1, 4).toString(), 'PONG');
    assert.deepEqual(rec.stats('in'), { received: 12, captured: 12, dropped: 0, chunks: 2 });
    assert.equal(rec.firstByteAt, 1);
    assert.equal(rec.lastActivityAt, 3);
    assert.deepEqual(rec.readChunks(2, 10).length, 1);
    assert.deepEqual(rec.readChunks(5, 10), []);
  });

  it('per-connection and total caps: captured + dropped = received, prefix only', () => {
    // The total budget also pays for two connections' bookkeeping, a's three records and the
    // record b's read adds: 15 bytes of payload are left for the two.
    const bookkeeping = 2 * CONNECTION_OVERHEAD_BYTES + 4 * CHUNK_RECORD_BYTES;
    const totals = new CaptureTotals({ perConnectionBytes: 10, totalBytes: 15 + bookkeeping });
    const a = new ConnectionRecorder(totals, 100, 0);
    const b = new ConnectionRecorder(totals, 100, 0);
    assert.equal(a.record(0, bytes(6), 1), 6);
    assert.equal(a.record(1, bytes(6), 2), 4, 'both directions share the per-connection cap');
    assert.equal(a.record(0, bytes(3), 3), 0);
    assert.equal(b.record(0, bytes(8), 4), 5, 'the total cap is what is left');
    for (const rec of [a, b]) {
      for (const d of ['in', 'out'] as const) {
        const s = rec.stats(d);
        assert.equal(s.captured + s.dropped, s.received);
      }
    }
    assert.equal(totals.bytesCaptured, 15);
    assert.equal(totals.bytesReceived, 23);
    assert.equal(totals.bytesDropped, 8);
    assert.equal(totals.truncatedConnections, 2);
    assert.equal(totals.overheadBytes, bookkeeping, 'the budget is used up exactly');

    // Budget freed later does not fill a gap: a truncated direction stays truncated.
    totals.setLimits({ perConnectionBytes: 1000, totalBytes: 1000 });
    assert.equal(a.record(1, bytes(5), 5), 0, 'out already dropped bytes');
    assert.equal(a.record(0, bytes(5), 6), 0, 'in already dropped bytes');

    b.release();
    // a has five records now: the two reads above follow a record of the other direction, so
    // neither could be folded into it.
    assert.equal(totals.overheadBytes, CONNECTION_OVERHEAD_BYTES + 5 * CHUNK_RECORD_BYTES);
    assert.equal(totals.bytesCaptured, 10);
    assert.equal(totals.bytesReceived, 23 + 10 - 8, 'a received 10 more, b left');
    assert.equal(totals.truncatedConnections, 1);
  });

  it('folds fully dropped reads into the record that was cut', () => {
    const totals = new CaptureTotals({ perConnectionBytes: 5 });
    const rec = new ConnectionRecorder(totals, 100, 0);
    rec.record(0, bytes(8), 1);
    for (let i = 0; i < 50; i++) rec.record(0, bytes(10), 2 + i);
    assert.equal(rec.chunkCount, 1);
    assert.deepEqual(rec.readChunks(0, 1)[0], {
      index: 0,
      direction: 'in',
      at: 1,
      offset: 0,
      length: 508,
      captured: 5,
    });
  });

  it('bounds chunk records: past the limit reads fold into their direction’s last record', () => {
    const totals = new CaptureTotals();
    const rec = new ConnectionRecorder(totals, 4, 0);
    const sent: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      const data = Buffer.from(`m${i};`);
      sent.push(data);
      rec.record(i % 3 === 0 ? 1 : 0, data, i);
    }
    assert.equal(rec.chunkCount, 4);
    const chunks = rec.readChunks(0, 10);
    for (const dir of ['in', 'out'] as const) {
      const mine = chunks.filter((c) => c.direction === dir);
      let offset = 0;
      for (const c of mine) {
        assert.equal(c.offset, offset, 'offsets stay exact');
        offset += c.length;
      }
      assert.equal(offset, rec.received(dir));
    }
    const inBytes = Buffer.concat(sent.filter((_, i) => i % 3 !== 0));
    assert.ok(rec.read('in', 0, inBytes.length).equals(inBytes), 'bytes stay exact');
  });
});
