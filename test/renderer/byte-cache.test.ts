// The byte cache: bounded by bytes (least recently used go first), growing windows keep what
// they have and fetch only their tail, and fetches that add nothing cause no re-render.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_READ_BYTES } from '../../shared/contract';
import { appError, fail, ok } from '../../shared/errors';
import {
  ByteCache,
  WINDOW_BYTES,
  WINDOW_OVERLAP,
  type WindowRequest,
} from '../../renderer/src/features/payload/data/byte-cache';
import { fakeApi, settle } from './support/fixtures';

interface Read {
  readonly connectionId: number;
  readonly offset: number;
  readonly length: number;
}

/** An engine whose connections have `captured[id]` bytes (byte i = i % 251) so far. */
function engine() {
  const captured = new Map<number, number>();
  const reads: Read[] = [];
  let failWith: ReturnType<typeof appError> | null = null;
  const api = fakeApi({
    async readPayload({ connectionId, offset, length }) {
      assert.ok(length <= MAX_READ_BYTES);
      reads.push({ connectionId, offset, length });
      if (failWith) return fail(failWith);
      const end = Math.min(captured.get(connectionId) ?? 0, offset + length);
      const bytes = Buffer.alloc(Math.max(0, end - offset));
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = (offset + i) % 251;
      return ok({ offset, length: bytes.length, data: bytes.toString('base64') });
    },
  });
  return {
    api,
    reads,
    captured,
    failNext(error: ReturnType<typeof appError> | null) {
      failWith = error;
    },
  };
}

function frames() {
  const pending: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void pending.push(run),
    pending,
    run() {
      for (const f of pending.splice(0)) f();
    },
  };
}

const want = (connectionId: number, index: number, needEnd: number): WindowRequest => ({
  connectionId,
  direction: 'in',
  index,
  needEnd,
});

function expectBytes(bytes: Uint8Array | undefined, from: number, to: number): void {
  assert.ok(bytes);
  assert.equal(bytes.length, to - from);
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== (from + i) % 251) assert.fail(`byte ${from + i} is ${bytes[i]}`);
  }
}

describe('byte cache', () => {
  it('fetches a window plus overlap, then only the tail as the connection grows', async () => {
    const e = engine();
    const f = frames();
    const cache = new ByteCache(e.api, { schedule: f.schedule });
    e.captured.set(1, 100);
    cache.want([want(1, 0, 100)]);
    await settle();
    assert.deepEqual(e.reads, [
      { connectionId: 1, offset: 0, length: WINDOW_BYTES + WINDOW_OVERLAP },
    ]);
    expectBytes(cache.get(1, 'in', 0)?.bytes, 0, 100);

    e.captured.set(1, 160);
    cache.want([want(1, 0, 160)]);
    // While the tail is on its way the cached bytes stay available (no "loading" flash).
    expectBytes(cache.get(1, 'in', 0)?.bytes, 0, 100);
    await settle();
    assert.deepEqual(e.reads[1], {
      connectionId: 1,
      offset: 100,
      length: WINDOW_BYTES + WINDOW_OVERLAP - 100,
    });
    expectBytes(cache.get(1, 'in', 0)?.bytes, 0, 160);
    assert.equal(cache.size, 160);
  });

  it('fetches the second window from its own base', async () => {
    const e = engine();
    const cache = new ByteCache(e.api, { schedule: frames().schedule });
    e.captured.set(1, WINDOW_BYTES + 10);
    cache.want([want(1, 1, WINDOW_BYTES + 10)]);
    await settle();
    assert.equal(e.reads[0]?.offset, WINDOW_BYTES);
    const entry = cache.get(1, 'in', 1);
    assert.equal(entry?.base, WINDOW_BYTES);
    expectBytes(entry?.bytes, WINDOW_BYTES, WINDOW_BYTES + 10);
  });

  it('does not fetch what is cached and notifies once for fetches landing in one frame', async () => {
    const e = engine();
    const f = frames();
    const cache = new ByteCache(e.api, { schedule: f.schedule });
    let notified = 0;
    cache.subscribe(() => (notified += 1));
    e.captured.set(1, 50);
    e.captured.set(2, 50);
    cache.want([want(1, 0, 50), want(2, 0, 50)]);
    await settle();
    assert.equal(f.pending.length, 1);
    f.run();
    assert.equal(notified, 1);
    assert.equal(cache.getVersion(), 1);
    cache.want([want(1, 0, 50), want(2, 0, 40)]);
    await settle();
    assert.equal(e.reads.length, 2);
  });

  it('causes no re-render when a tail fetch finds nothing new', async () => {
    const e = engine();
    const f = frames();
    const cache = new ByteCache(e.api, { schedule: f.schedule });
    e.captured.set(1, 10);
    cache.want([want(1, 0, 10)]);
    await settle();
    f.run();
    cache.want([want(1, 0, 20)]); // the view is ahead of the engine
    await settle();
    assert.equal(e.reads.length, 2);
    assert.equal(f.pending.length, 0);
  });

  it('stays within its byte budget, dropping the least recently used window', async () => {
    const e = engine();
    const cache = new ByteCache(e.api, { maxBytes: 250, schedule: frames().schedule });
    for (const id of [1, 2, 3]) e.captured.set(id, 100);
    cache.want([want(1, 0, 100)]);
    await settle();
    cache.want([want(2, 0, 100)]);
    await settle();
    cache.get(1, 'in', 0); // 1 is now more recent than 2
    cache.want([want(3, 0, 100)]);
    await settle();
    assert.equal(cache.size, 200);
    assert.equal(cache.get(2, 'in', 0), undefined);
    assert.ok(cache.get(1, 'in', 0));
    assert.ok(cache.get(3, 'in', 0));
  });

  it('keeps a range error (shown to the user, not refetched) but retries a lost transport', async () => {
    const e = engine();
    const cache = new ByteCache(e.api, { schedule: frames().schedule });
    e.captured.set(1, 100);
    e.failNext(appError('TRANSPORT_CLOSED'));
    cache.want([want(1, 0, 100)]);
    await settle();
    assert.equal(cache.get(1, 'in', 0), undefined);
    e.failNext(appError('RANGE_NOT_CAPTURED', { id: 1 }));
    cache.want([want(1, 0, 100)]);
    await settle();
    assert.equal(cache.get(1, 'in', 0)?.error?.code, 'RANGE_NOT_CAPTURED');
    cache.want([want(1, 0, 100)]);
    await settle();
    assert.equal(e.reads.length, 2);
  });
});
