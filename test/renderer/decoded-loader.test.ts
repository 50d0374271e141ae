// The Decoded tab's data: both directions fetched from offset 0 in ≤ 1 MiB pages, the first
// decode after one page each (first screen), then the rest up to the cap; "Decode more" raises
// the cap; a growing connection is re-decoded, never more often than every 500 ms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_READ_BYTES } from '../../shared/contract';
import { ok } from '../../shared/errors';
import type { ConversationBytes } from '../../shared/decoders/types';
import type { ConnectionInfo } from '../../shared/model';
import { ChunkSource } from '../../renderer/src/features/payload/data/chunk-source';
import {
  DECODE_CAP,
  DecodedLoader,
  FIRST_PASS_BYTES,
  REDECODE_INTERVAL_MS,
} from '../../renderer/src/features/payload/decoded/decoded-loader';
import type { DecodeOutcome } from '../../renderer/src/features/payload/decoded/decode-client';
import { conn, fakeApi } from './support/fixtures';

function stats(captured: number) {
  return { received: captured, captured, dropped: 0, chunks: 1 };
}

function connection(inBytes: number, outBytes: number): ConnectionInfo {
  return conn(1, { in: stats(inBytes), out: stats(outBytes), chunkCount: 2 });
}

function setup() {
  const reads: { direction: string; offset: number; length: number }[] = [];
  const api = fakeApi({
    async readPayload({ direction, offset, length }) {
      assert.ok(length <= MAX_READ_BYTES);
      reads.push({ direction, offset, length });
      const bytes = Buffer.alloc(length, direction === 'in' ? 0x61 : 0x62);
      return ok({ offset, length, data: bytes.toString('base64') });
    },
  });
  const decodes: { in: number; out: number; at: number }[] = [];
  const decode = async (_: unknown, bytes: ConversationBytes): Promise<DecodeOutcome> => {
    decodes.push({ in: bytes.in.length, out: bytes.out.length, at: performance.now() });
    return {
      type: 'decoded',
      id: decodes.length,
      conversation: { protocol: 'http', messages: [], unparsed: [], partial: false },
      bodies: [],
      ms: 0,
    };
  };
  const source = new ChunkSource(api, 1);
  const loader = new DecodedLoader(api, 'http', source, decode);
  loader.attach();
  const idle = () =>
    new Promise<void>((resolve) => {
      const check = () => (loader.getState().busy ? setTimeout(check, 5) : resolve());
      check();
    });
  return { reads, decodes, loader, idle };
}

describe('DecodedLoader', () => {
  it('decodes a first screenful per direction first, then the rest up to the cap', async () => {
    const { decodes, loader, idle, reads } = setup();
    loader.update(connection(3 * MAX_READ_BYTES, 10));
    await idle();
    assert.deepEqual(
      decodes.map((d) => [d.in, d.out]),
      [
        [FIRST_PASS_BYTES, 10],
        [3 * MAX_READ_BYTES, 10],
      ],
    );
    // Every byte fetched once.
    assert.equal(
      reads.filter((r) => r.direction === 'in').reduce((n, r) => n + r.length, 0),
      3 * MAX_READ_BYTES,
    );
    assert.deepEqual(loader.getState().decoded, { in: 3 * MAX_READ_BYTES, out: 10 });
  });

  it('stops at the cap and goes further on "Decode more"', async () => {
    const { loader, idle } = setup();
    loader.update(connection(DECODE_CAP + 100, 0));
    await idle();
    assert.equal(loader.getState().decoded.in, DECODE_CAP);
    assert.equal(loader.getState().captured.in, DECODE_CAP + 100);
    loader.decodeMore();
    await idle();
    assert.equal(loader.getState().decoded.in, DECODE_CAP + 100);
  });

  it('re-decodes a growing connection at most every 500 ms', async () => {
    const { decodes, loader, idle } = setup();
    loader.update(connection(10, 0));
    await idle();
    loader.update(connection(20, 0));
    loader.update(connection(30, 0));
    await idle();
    assert.deepEqual(
      decodes.map((d) => d.in),
      [10, 30],
    );
    const [a, b] = decodes;
    assert.ok(a && b && b.at - a.at >= REDECODE_INTERVAL_MS - 5, `${b?.at} - ${a?.at}`);
  });

  it('does nothing while detached', async () => {
    const { decodes, loader } = setup();
    loader.detach();
    loader.update(connection(10, 0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(decodes.length, 0);
  });
});
