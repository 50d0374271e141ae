// Where a compare job reads a connection's bytes: the running capture (memory, or the capture
// file once memory let go of them) or a past capture's file. Bytes are read here, in the engine,
// as Buffers: nothing goes through base64 or a transport.

import { appError, fail, ok, type Result } from '../../shared/errors';
import type { ConnectionInfo, Direction } from '../../shared/model';
import type { EngineCore } from '../core/engine-core';
import { readLiveBytes } from '../core/live-bytes';

export interface ByteSource {
  readonly info: ConnectionInfo;
  /** Contiguous bytes from `offset`, at most `length` (fewer at a gap in the file). */
  read(direction: Direction, offset: number, length: number): Promise<Result<Buffer>>;
}

function liveSource(core: EngineCore, id: number): Result<ByteSource> {
  const conn = core.history.get(id);
  if (conn === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
  return ok({
    info: conn.info(),
    read: async (direction, offset, length) => readLiveBytes(conn, direction, offset, length),
  });
}

/**
 * Both connections, from one capture: the running one when `capture` is omitted or is the
 * running capture's id (as the other read commands take it), else a past one.
 */
export async function byteSources(
  core: EngineCore,
  capture: string | undefined,
  ids: readonly [number, number],
): Promise<Result<[ByteSource, ByteSource]>> {
  const captures = core.captures;
  if (capture === undefined || capture === captures?.currentId) {
    const a = liveSource(core, ids[0]);
    if (!a.ok) return a;
    const b = liveSource(core, ids[1]);
    return b.ok ? ok([a.value, b.value]) : b;
  }
  if (captures === null) return fail(appError('PERSIST_UNAVAILABLE'));
  const opened = await captures.library.open(capture);
  if (!opened.ok) return opened;
  const sources: ByteSource[] = [];
  for (const id of ids) {
    const info = opened.value.get(id);
    if (info === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
    sources.push({
      info,
      // Opened again on every read: the library may close a capture it has not used lately.
      read: async (direction, offset, length) => {
        const file = await captures.library.open(capture);
        return file.ok ? file.value.readPayload(id, direction, offset, length) : file;
      },
    });
  }
  const [a, b] = sources as [ByteSource, ByteSource];
  return ok([a, b]);
}
