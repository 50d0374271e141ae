// One direction of one connection, byte-exact, as a file (or a stream): what was captured, in
// stream order, read from the capture in 1 MiB ranges so any size exports with bounded memory.
// Bytes a cap dropped at the end are simply not there (the result says how many); bytes missing
// in the middle (a gap in an imported capture) cannot be written as they were, so the export
// stops there and says so rather than close the gap silently.

import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { Direction } from '../../../shared/model';
import type { PastCapture } from '../../persist/past-capture';
import { BlockSink, type PcapngOutput } from '../pcapng/block-sink';
import { exportCaptureWith, type CaptureFileExport } from '../pcapng/export-capture-file';

const READ_BYTES = 1024 * 1024;

export interface RawExportResult {
  readonly connections: 1;
  readonly bytes: number;
  /** Received bytes that are not in the capture (dropped by a cap), after the ones written. */
  readonly notCaptured: number;
}

/** Part of a direction: `length` bytes from `offset` (a selection in the payload views). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

export async function exportRaw(
  capture: Pick<PastCapture, 'get' | 'readPayload'>,
  out: PcapngOutput,
  connectionId: number,
  direction: Direction,
  range?: ByteRange,
): Promise<Result<RawExportResult>> {
  const info = capture.get(connectionId);
  if (info === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id: connectionId }));
  const sink = new BlockSink(out);
  const { captured, received } = info[direction];
  const start = range?.offset ?? 0;
  const end = range === undefined ? captured : Math.min(captured, start + range.length);
  if (start > captured || (range !== undefined && start === captured)) {
    const detail = `${direction} bytes from ${start}; the capture holds ${captured}`;
    return fail(appError('RANGE_NOT_CAPTURED', { id: connectionId, detail }));
  }
  let offset = start;
  try {
    while (offset < end) {
      const want = Math.min(READ_BYTES, end - offset);
      const page = await capture.readPayload(connectionId, direction, offset, want);
      if (!page.ok) {
        const detail = `bytes from offset ${offset} of connection #${connectionId} (${direction}) are not in the capture; the file holds the ${offset - start} before them`;
        await sink.flush();
        return fail(appError('EXPORT_FAILED', { detail }));
      }
      if (page.value.length === 0) break;
      await sink.write(page.value);
      offset += page.value.length;
    }
    await sink.flush();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(appError('EXPORT_FAILED', { detail }));
  }
  if (range !== undefined) return ok({ connections: 1, bytes: sink.written, notCaptured: 0 });
  return ok({ connections: 1, bytes: sink.written, notCaptured: received - offset });
}

/** `porthole export … --format raw`: one direction of one connection of a capture in a folder. */
export function exportCaptureToRaw(
  job: CaptureFileExport & { readonly connectionId: number; readonly direction: Direction },
): Promise<Result<RawExportResult & { readonly captureId: string }>> {
  return exportCaptureWith(job, (capture, out) =>
    exportRaw(capture, out, job.connectionId, job.direction),
  );
}
