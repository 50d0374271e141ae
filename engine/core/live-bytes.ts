// A range of one direction of a live connection: from memory, or from the capture file once
// memory let go of it. The readPayload command and exports of the running capture share it.

import { appError, fail, ok, type Result } from '../../shared/errors';
import type { Direction } from '../../shared/model';
import type { CapturedConnection } from './engine-types';

export function readLiveBytes(
  conn: CapturedConnection,
  direction: Direction,
  offset: number,
  length: number,
): Result<Buffer> | Promise<Result<Buffer>> {
  const captured = conn.recorder.captured(direction);
  const received = conn.recorder.received(direction);
  // Past the captured prefix but inside what arrived: those bytes were dropped by a cap.
  // Past what arrived: nothing there yet (a live stream), an empty read.
  if (offset >= captured && offset < received) {
    const detail = `${direction} bytes from ${offset}; only the first ${captured} of ${received} were kept`;
    return fail(appError('RANGE_NOT_CAPTURED', { id: conn.id, detail }));
  }
  const disk = conn.recorder.onDisk;
  if (disk === null) return ok(conn.recorder.read(direction, offset, length));
  // Memory let go of these bytes: they come back from the capture file.
  return disk
    .read(direction, offset, Math.min(length, captured - offset))
    .then((data) =>
      data === null
        ? fail(appError('CAPTURE_UNREADABLE', { detail: 'Part of the capture file' }))
        : ok(data),
    );
}
