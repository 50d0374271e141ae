// Where a compare job reads a connection's bytes: the running capture (memory, or the capture
// file once memory let go of them) or a past capture's file. Bytes are read here, in the engine,
// as Buffers: nothing goes through base64 or a transport.

import { appError, fail, ok, type Result } from '../../shared/errors';
import type { ConnectionInfo, Direction } from '../../shared/model';
import type { EngineCore } from '../core/engine-core';
import { readLiveBytes } from '../core/live-bytes';

export interface ByteSource {
  readonly info: ConnectionInfo;
  /**
   * One direction's bytes from `offset` on, piece by piece: views of the byte log's blocks
   * where they are in memory (no copy: fresh memory costs a page fault per 4 KiB, which is most
   * of what copying 50 MB costs here), else windows read from the capture file. Ends at the
   * end of what was captured, or early at a gap in the file.
   */
  pieces(direction: Direction, offset: number): AsyncGenerator<Result<Buffer>>;
}

/** Bytes read from a capture file at a time. */
const FILE_WINDOW = 1024 * 1024;

type ReadWindow = (
  direction: Direction,
  offset: number,
  length: number,
) => Promise<Result<Buffer>> | Result<Buffer>;

async function* windows(
  read: ReadWindow,
  direction: Direction,
  offset: number,
  end: number,
): AsyncGenerator<Result<Buffer>> {
  for (let at = offset; at < end;) {
    const window = await read(direction, at, Math.min(FILE_WINDOW, end - at));
    if (window.ok && window.value.length === 0) return;
    yield window;
    if (!window.ok) return;
    at += window.value.length;
  }
}

function liveSource(core: EngineCore, id: number): Result<ByteSource> {
  const conn = core.history.get(id);
  if (conn === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
  const info = conn.info();
  return ok({
    info,
    pieces: async function* (direction, offset) {
      const end = info[direction].captured;
      if (conn.recorder.onDisk !== null) {
        const read: ReadWindow = (d, at, length) => readLiveBytes(conn, d, at, length);
        yield* windows(read, direction, offset, end);
        return;
      }
      for (const piece of conn.recorder.log(direction).pieces(offset)) yield ok(piece.bytes);
    },
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
    // Opened again on every read: the library may close a capture it has not used lately.
    const read: ReadWindow = async (direction, offset, length) => {
      const file = await captures.library.open(capture);
      return file.ok ? file.value.readPayload(id, direction, offset, length) : file;
    };
    sources.push({
      info,
      pieces: (direction, offset) => windows(read, direction, offset, info[direction].captured),
    });
  }
  const [a, b] = sources as [ByteSource, ByteSource];
  return ok([a, b]);
}
