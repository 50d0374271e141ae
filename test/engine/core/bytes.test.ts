// Exact bytes, both directions, on real sockets: text and 4 MB of random binary, compared by
// sha256 through paged readPayload calls (never one huge read).

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MAX_READ_BYTES } from '../../../shared/contract';
import type { Direction } from '../../../shared/model';
import {
  collect,
  connectClient,
  ipv6Available,
  once,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import { scriptedBehaviour } from '../../support/test-behaviours';
import { within } from '../../support/within';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Hash one direction by paging through readPayload, as a payload view would. */
async function capturedHash(h: Harness, id: number, direction: Direction): Promise<string> {
  const hash = createHash('sha256');
  let offset = 0;
  for (;;) {
    const page = await h.must('readPayload', {
      connectionId: id,
      direction,
      offset,
      length: MAX_READ_BYTES,
    });
    if (page.length === 0) break;
    assert.equal(page.offset, offset);
    hash.update(Buffer.from(page.data, 'base64'));
    offset += page.length;
  }
  return hash.digest('hex');
}

describe('exact bytes', () => {
  const fromServer = randomBytes(4 * 1024 * 1024);
  const behaviour = scriptedBehaviour({
    // Greets with text, answers "big" with 4 MB: the engine's recorded write path.
    onData: (conn, data) => {
      if (data.toString() === 'big') conn.write(fromServer);
    },
    onAttach: (conn) => conn.write('220 porthole ready ✓\r\n'),
  });
  let h: Harness;
  before(() => {
    h = startEngine({ behaviour });
  });
  after(() => h.close());

  it('records text both ways, byte for byte', async () => {
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    const received = collect(client);
    const text = 'GET /héllo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    client.end(text);
    const bytes = await within(received, 'the greeting and the close');
    assert.equal(bytes.toString(), '220 porthole ready ✓\r\n');

    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.in.received, Buffer.byteLength(text));
    assert.equal(conn.out.received, bytes.length);
    const inPage = await h.must('readPayload', {
      connectionId: 1,
      direction: 'in',
      offset: 0,
      length: 1000,
    });
    assert.equal(Buffer.from(inPage.data, 'base64').toString(), text);
    assert.equal(inPage.length, Buffer.byteLength(text), 'clipped to what was captured');
    const mid = await h.must('readPayload', {
      connectionId: 1,
      direction: 'in',
      offset: 4,
      length: 6,
    });
    assert.equal(Buffer.from(mid.data, 'base64').toString(), '/héll');

    const chunks = await h.must('readChunks', { connectionId: 1, from: 0, count: 100 });
    assert.equal(chunks.length, conn.chunkCount);
    assert.deepEqual(
      chunks.map((c) => c.direction),
      ['out', 'in'],
    );
    assert.ok(chunks.every((c, i) => c.index === i && c.captured === c.length));
    assert.ok(chunks[0] !== undefined && chunks[1] !== undefined && chunks[0].at <= chunks[1].at);
    assert.ok(conn.firstByteAt !== null && conn.firstByteAt >= conn.openedAt);
  });

  it('records 4 MB of random binary each way, exact by sha256', async () => {
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    const toServer = randomBytes(4 * 1024 * 1024);
    const greeting = Buffer.from('220 porthole ready ✓\r\n');
    const received = collect(client);
    // The greeting arrives first; then ask for the big answer; then send 4 MB and finish.
    await within(
      new Promise<void>((resolve) => client.once('data', () => resolve())),
      'the greeting',
    );
    client.write('big');
    const id = (await h.must('getStats', {})).connectionsTotal;
    await h.waitForConnection(id, (c) => c.out.received === greeting.length + fromServer.length);
    client.end(toServer);
    const all = await within(received, 'the 4 MB answer and the close');
    assert.equal(sha256(all), sha256(Buffer.concat([greeting, fromServer])));

    const conn = await h.waitForConnection(id, (c) => c.state === 'closed');
    assert.equal(conn.in.received, 3 + toServer.length);
    assert.equal(conn.in.captured, conn.in.received);
    assert.equal(conn.in.dropped, 0);
    assert.equal(conn.truncated, false);
    assert.equal(await capturedHash(h, id, 'out'), sha256(all));
    assert.equal(
      await capturedHash(h, id, 'in'),
      sha256(Buffer.concat([Buffer.from('big'), toServer])),
    );

    // Chunk records tile each direction's stream exactly.
    const chunks = await h.must('readChunks', { connectionId: id, from: 0, count: 5000 });
    assert.equal(chunks.length, conn.chunkCount);
    for (const direction of ['in', 'out'] as const) {
      let expected = 0;
      for (const chunk of chunks.filter((c) => c.direction === direction)) {
        assert.equal(chunk.offset, expected);
        expected += chunk.length;
      }
      assert.equal(expected, conn[direction].received);
    }
  });

  it('records exact bytes over ::1 too', async (t) => {
    if (!(await ipv6Available())) {
      t.skip('::1 cannot be bound on this machine (IPv6 disabled)');
      return;
    }
    const { port } = await h.open(0, '::1');
    const client = await connectClient(port ?? 0, '::1');
    const payload = randomBytes(300_000);
    client.resume(); // read the greeting, or the client never sees its stream end
    client.end(payload);
    await within(once(client, 'close'), 'the close after the client FIN');
    const id = (await h.must('getStats', {})).connectionsTotal;
    const conn = await h.waitForConnection(id, (c) => c.state === 'closed');
    assert.equal(conn.family, 'IPv6');
    assert.equal(await capturedHash(h, id, 'in'), sha256(payload));
  });

  it('clips reads to the captured range', async () => {
    const before = await h.must('readPayload', {
      connectionId: 1,
      direction: 'out',
      offset: 1_000_000,
      length: 10,
    });
    assert.equal(before.length, 0, 'past the end of the stream: empty');
    const tail = await h.must('readPayload', {
      connectionId: 1,
      direction: 'out',
      offset: 3,
      length: 1000,
    });
    assert.equal(Buffer.from(tail.data, 'base64').toString(), '220 porthole ready ✓\r\n'.slice(3));
    const missing = await h.call('readPayload', {
      connectionId: 999,
      direction: 'in',
      offset: 0,
      length: 1,
    });
    assert.equal(!missing.ok && missing.error.code, 'CONNECTION_NOT_FOUND');
  });
});
