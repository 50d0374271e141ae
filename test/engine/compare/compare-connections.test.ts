// Comparing two connections in the engine, through the contract, on connections recorded from
// real sockets: the first difference to the byte, changes that rebuild one side from the other
// (by lines and by bytes), counts, a past capture's file, cancelling, and the engine's event
// loop staying free while a worker thread does the diff.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { FIRST_CONTEXT_BYTES } from '../../../shared/compare/compare-page';
import { startEngine, type Harness } from '../../support/engine-harness';
import { asHunks, compareAll, recordClient } from '../../support/compare-client';
import { checkScript } from '../../support/edit-script';

const MiB = 1024 * 1024;
const limits = { perConnectionBytes: 64 * MiB, totalBytes: 512 * MiB };

function text(lines: number, seed = 'line'): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`${seed} ${i}: porthole compares what two runs sent`);
  return Buffer.from(`${out.join('\n')}\n`);
}

/** The same bytes with `what` written over them at `at`. */
function edited(base: Buffer, at: number, what: string | Buffer): Buffer {
  const copy = Buffer.from(base);
  (typeof what === 'string' ? Buffer.from(what) : what).copy(copy, at);
  return copy;
}

describe('compareConnections', () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = startEngine({ limits });
    port = (await h.open()).port ?? 0;
  });
  after(() => h.close());

  it('finds nothing between identical connections', async () => {
    const body = text(2000);
    const a = await recordClient(h, port, body);
    const b = await recordClient(h, port, body);
    const r = await compareAll(h, { a, b });
    for (const d of [r.in, r.out]) {
      assert.equal(d.last.firstKnown, true);
      assert.equal(d.last.first, null);
      assert.equal(d.changes.length, 0);
      assert.equal(d.last.stats?.hunks, 0);
      assert.equal(d.last.done, true);
    }
    assert.equal(r.in.last.stats?.equal, body.length);
    assert.equal(r.cut, false);
  });

  it('gives the first difference to the byte and a line change that rebuilds B', async () => {
    const a = text(3000);
    const at = a.indexOf('line 1234:');
    const b = edited(a, at + 5, 'ABCD');
    const idA = await recordClient(h, port, a);
    const idB = await recordClient(h, port, b);
    const r = await compareAll(h, { a: idA, b: idB });
    const first = r.in.last.first;
    assert.ok(first !== null);
    assert.equal(first.offset, at + 5);
    assert.equal(first.start, at + 5 - FIRST_CONTEXT_BYTES);
    const around = (s: Buffer) => s.subarray(first.start, at + 5 + FIRST_CONTEXT_BYTES);
    assert.deepEqual(Buffer.from(first.a, 'base64'), around(a));
    assert.deepEqual(Buffer.from(first.b, 'base64'), around(b));
    assert.equal(r.in.last.granularity, 'lines');
    assert.equal(r.in.changes.length, 1);
    const [change] = r.in.changes;
    assert.equal(change?.kind, 'replace');
    assert.deepEqual(change?.lines, {
      a: { start: 1234, end: 1235 },
      b: { start: 1234, end: 1235 },
    });
    assert.equal(
      Buffer.from(change?.bBytes ?? '', 'base64').toString(),
      'line ABCD: porthole compares what two runs sent\n',
    );
    checkScript(a, b, asHunks(r.in.changes), r.in.last.stats);
    assert.equal(r.out.last.first, null, 'nothing was sent back');
  });

  it('compares binary bytes byte by byte: replace, insert and delete rebuild B', async () => {
    const a = randomBytes(300_000);
    const b = Buffer.concat([
      a.subarray(0, 1000),
      Buffer.from([1, 2, 3]),
      a.subarray(1000, 50_000),
      a.subarray(50_100, 200_000),
      edited(a.subarray(200_000), 10, Buffer.from([0, 0, 0, 0])),
    ]);
    const idA = await recordClient(h, port, a);
    const idB = await recordClient(h, port, b);
    const r = await compareAll(h, { a: idA, b: idB });
    assert.equal(r.in.last.first?.offset, 1000);
    assert.equal(r.in.last.granularity, 'bytes');
    const kinds = r.in.changes.map((c) => c.kind);
    assert.ok(kinds.includes('insert') && kinds.includes('delete'), kinds.join());
    checkScript(a, b, asHunks(r.in.changes), r.in.last.stats);
    const stats = r.in.last.stats;
    assert.ok(stats !== null);
    assert.equal(stats.inserted, 3);
    assert.equal(stats.deleted, 100);
    assert.equal(r.in.last.approximate, false);
    const insert = r.in.changes.find((c) => c.kind === 'insert');
    assert.deepEqual(Buffer.from(insert?.bBytes ?? '', 'base64'), Buffer.from([1, 2, 3]));
  });

  it('finds two 8 MiB payloads parting at 5 MiB exactly there', async () => {
    const a = Buffer.alloc(8 * MiB, 'porthole ');
    const b = edited(a, 5 * MiB, '!');
    const idA = await recordClient(h, port, a);
    const idB = await recordClient(h, port, b);
    const r = await compareAll(h, { a: idA, b: idB });
    assert.equal(r.in.last.first?.offset, 5 * MiB);
    assert.equal(r.in.changes.length, 1);
    checkScript(a, b, asHunks(r.in.changes), r.in.last.stats);
  });

  it('says where one side is a prefix of the other', async () => {
    const a = text(100);
    const idA = await recordClient(h, port, a);
    const idB = await recordClient(h, port, a.subarray(0, 1000));
    const r = await compareAll(h, { a: idA, b: idB });
    assert.equal(r.in.last.first?.offset, 1000);
    checkScript(a, a.subarray(0, 1000), asHunks(r.in.changes), r.in.last.stats);
  });

  it('compares HTTP message by message when asked to', async () => {
    const get = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const idA = await recordClient(h, port, get('/a'));
    const idB = await recordClient(h, port, get('/b'));
    const r = await compareAll(h, { a: idA, b: idB, decoder: 'http' });
    const messages = r.in.last.messages;
    assert.equal(messages?.protocol, 'http');
    assert.equal(messages?.comparison.counts.changed, 1);
    const pair = messages?.comparison.pairs[0];
    assert.ok(pair?.kind === 'changed');
    assert.deepEqual(pair.differences[0], {
      kind: 'start-line',
      a: 'GET /a HTTP/1.1',
      b: 'GET /b HTTP/1.1',
    });
    assert.equal(r.in.last.first?.offset, 5);
  });

  it('answers CONNECTION_NOT_FOUND for a connection it does not have', async () => {
    const result = await h.call('compareConnections', { a: 1, b: 99_999 });
    assert.equal(!result.ok && result.error.code, 'CONNECTION_NOT_FOUND');
  });

  it('cancels a job, and keeps at most two', async () => {
    const body = randomBytes(16 * MiB);
    const idA = await recordClient(h, port, body);
    const idB = await recordClient(h, port, edited(body, 3 * MiB, randomBytes(64)));
    const { job } = await h.must('compareConnections', { a: idA, b: idB });
    await h.must('cancelCompare', { job });
    const after = await h.call('compareChanges', { job, direction: 'in' });
    assert.equal(!after.ok && after.error.code, 'COMPARE_NOT_FOUND');
    const again = await h.call('cancelCompare', { job });
    assert.equal(!again.ok && again.error.code, 'COMPARE_NOT_FOUND');

    const jobs: string[] = [];
    for (let i = 0; i < 3; i++)
      jobs.push((await h.must('compareConnections', { a: idA, b: idB })).job);
    const oldest = await h.call('compareChanges', { job: jobs[0] ?? '', direction: 'in' });
    assert.equal(
      !oldest.ok && oldest.error.code,
      'COMPARE_NOT_FOUND',
      'a third job stops the first',
    );
    for (const job of jobs.slice(1)) await h.must('cancelCompare', { job });
  });

  it('stops its jobs (and their workers) when the engine closes', async () => {
    const own = startEngine({ limits });
    const ownPort = (await own.open()).port ?? 0;
    const body = text(20_000);
    const idA = await recordClient(own, ownPort, body);
    const idB = await recordClient(own, ownPort, edited(body, 500, 'changed'));
    const { job } = await own.must('compareConnections', { a: idA, b: idB });
    assert.ok((await own.call('compareChanges', { job, direction: 'in' })).ok);
    await own.close();
    const after = await own.call('compareChanges', { job, direction: 'in' });
    assert.equal(!after.ok && after.error.code, 'COMPARE_NOT_FOUND');
  });

  it('diffs in a worker: the event loop stays free during a 16 MiB diff with many changes', async () => {
    const a = text(340_000);
    assert.ok(a.length > 12 * MiB);
    const b = Buffer.from(a);
    for (let i = 1; i <= 800; i++) b.write(`#${i}#`, Math.floor((i * a.length) / 801));
    const idA = await recordClient(h, port, a);
    const idB = await recordClient(h, port, b);
    // Run from source, the engine's first job builds the worker's bundle (the built app ships
    // it): one small comparison first, so what is measured is the comparison itself.
    await compareAll(h, { a: idA, b: idA });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const r = await compareAll(h, { a: idA, b: idB });
    delay.disable();
    console.log(
      `compare ${(performance.now() - t0).toFixed(0)} ms, first ${r.in.firstMs.toFixed(0)} ms`,
    );
    const maxMs = delay.max / 1e6;
    assert.equal(r.in.changes.length, r.in.last.stats?.hunks);
    assert.ok((r.in.last.stats?.hunks ?? 0) >= 700, `${r.in.last.stats?.hunks} changes`);
    checkScript(a, b, asHunks(r.in.changes), r.in.last.stats);
    console.log(`event loop delay max ${maxMs.toFixed(1)} ms, ${r.in.last.stats?.hunks} changes`);
    assert.ok(maxMs < 100, `the event loop was blocked for ${maxMs.toFixed(0)} ms`);
  });
});

describe('compareConnections in a past capture', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'porthole-compare-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('reads both connections from the capture file', async () => {
    const dataDir = join(home, 'data');
    const a = text(5000);
    const b = edited(a, a.indexOf('line 4000:'), 'LINE');
    const first = startEngine({ persist: { dataDir }, limits });
    let ids: [number, number];
    try {
      const port = (await first.open()).port ?? 0;
      ids = [await recordClient(first, port, a), await recordClient(first, port, b)];
    } finally {
      await first.close();
    }
    const second = startEngine({ persist: { dataDir }, limits });
    try {
      const past = (await second.must('listCaptures', {})).find((c) => !c.current);
      assert.ok(past !== undefined);
      const r = await compareAll(second, { capture: past.id, a: ids[0], b: ids[1] });
      assert.equal(r.in.last.first?.offset, a.indexOf('line 4000:'));
      assert.equal(r.in.changes.length, 1);
      checkScript(a, b, asHunks(r.in.changes), r.in.last.stats);
      const missing = await second.call('compareConnections', {
        capture: past.id,
        a: ids[0],
        b: 999,
      });
      assert.equal(!missing.ok && missing.error.code, 'CONNECTION_NOT_FOUND');
    } finally {
      await second.close();
    }
  });
});
