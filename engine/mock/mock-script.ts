// A recorded connection as a script for a mock port: both sides' bytes and the order and times
// of its reads and writes. Loaded once per mock configuration (from memory or the capture file)
// and shared by every client the port answers.

import { appError, fail, ok, type Result } from '../../shared/errors';
import type { Direction } from '../../shared/model';
import type { CapturedConnection } from '../core/engine-types';
import { readLiveBytes } from '../core/live-bytes';
import type { ChunkRecords } from '../recording/chunk-table';

/** Largest recording a mock answers from (both sides): it is held in memory while the port runs. */
const MAX_MOCK_BYTES = 64 * 1024 * 1024;

interface ScriptChunk {
  readonly direction: Direction;
  readonly start: number;
  readonly end: number;
  /** Milliseconds after the recorded connection opened. */
  readonly at: number;
}

export interface MockScript {
  readonly sourceId: number;
  readonly inBytes: Buffer;
  readonly outBytes: Buffer;
  /** Captured chunks in recorded order (a chunk cut by a cap ends the script). */
  readonly chunks: readonly ScriptChunk[];
}

/** What a mock port answers from; the script loads on first use and is then shared. */
export interface MockRecording {
  load(): Promise<Result<MockScript>>;
}

function scriptChunks(records: ChunkRecords, openedAt: number): ScriptChunk[] {
  const out: ScriptChunk[] = [];
  for (let i = 0; i < records.length; i++) {
    const captured = records.capturedAt(i);
    if (captured > 0) {
      const start = records.offsetAt(i);
      out.push({
        direction: records.directionAt(i) === 1 ? 'out' : 'in',
        start,
        end: start + captured,
        at: records.timeAt(i) - openedAt,
      });
    }
    // What came after a cut was never kept: the script ends with what was.
    if (captured < records.lengthAt(i)) break;
  }
  return out;
}

async function readAll(source: CapturedConnection, direction: Direction): Promise<Result<Buffer>> {
  const length = source.recorder.captured(direction);
  if (length === 0) return ok(Buffer.alloc(0));
  return readLiveBytes(source, direction, 0, length);
}

export function mockRecording(
  sourceId: number,
  find: (id: number) => CapturedConnection | undefined,
): MockRecording {
  let loading: Promise<Result<MockScript>> | null = null;
  const load = async (): Promise<Result<MockScript>> => {
    const source = find(sourceId);
    if (source === undefined) return fail(appError('MOCK_SOURCE_MISSING', { id: sourceId }));
    const info = source.info();
    const total = info.in.captured + info.out.captured;
    if (total > MAX_MOCK_BYTES) {
      return fail(
        appError('MOCK_SOURCE_TOO_BIG', { id: sourceId, detail: `${total} bytes captured` }),
      );
    }
    const [inBytes, outBytes] = await Promise.all([readAll(source, 'in'), readAll(source, 'out')]);
    if (!inBytes.ok) return inBytes;
    if (!outBytes.ok) return outBytes;
    return ok({
      sourceId,
      inBytes: inBytes.value,
      outBytes: outBytes.value,
      chunks: scriptChunks(source.recorder.chunkRecords, info.openedAt),
    });
  };
  return {
    load: () => {
      loading ??= load();
      return loading;
    },
  };
}

/**
 * Where `data`, arriving at `offset` of the client's bytes, first differs from what the
 * recorded client sent there (sending more than it did counts); null when it matches.
 */
export function firstDifference(expected: Buffer, offset: number, data: Uint8Array): number | null {
  const span = Math.min(data.byteLength, Math.max(0, expected.length - offset));
  for (let i = 0; i < span; i++) {
    if (data[i] !== expected[offset + i]) return offset + i;
  }
  return span < data.byteLength ? offset + span : null;
}
