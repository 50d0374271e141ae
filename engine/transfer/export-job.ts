// An export as a job: the capture it reads (the one being recorded, or a past one opened just
// for this export), the output it writes (a private file, removed when the export fails or is
// cancelled, or a stream such as an HTTP response), and progress and cancellation on the way.

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform, type Writable } from 'node:stream';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { exportFileName, type ExportRequest, type ExportSummary } from '../../shared/transfer';
import type { EngineCore } from '../core/engine-core';
import { exportAs } from '../export/export-as';
import { liveCapture } from '../export/live-capture';
import type { PcapngCapture } from '../export/pcapng/export-pcapng';
import { captureFile } from '../persist/capture-files';
import { PastCapture } from '../persist/past-capture';

interface OpenedSource {
  readonly source: PcapngCapture;
  readonly captureId: string;
  readonly close: () => Promise<void>;
}

/** A name for the capture being recorded when it has none on disk (memory only). */
function liveLabel(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  return `live-${day}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

async function openSource(
  core: EngineCore,
  capture: string | undefined,
): Promise<Result<OpenedSource>> {
  const captures = core.captures;
  if (capture === undefined || capture === captures?.currentId) {
    const captureId = captures?.currentId ?? liveLabel(new Date());
    return ok({ source: liveCapture(core), captureId, close: () => Promise.resolve() });
  }
  if (captures === null) return fail(appError('PERSIST_UNAVAILABLE'));
  if (!(await captures.library.ids()).includes(capture)) {
    return fail(appError('CAPTURE_NOT_FOUND', { detail: `"${capture}"` }));
  }
  // Its own reader, not the library's: the library closes its least recently used capture
  // when the person opens others, which must not cut an export short.
  const opened = await PastCapture.open(captureFile(captures.dataDir, capture));
  if (!opened.ok) return opened;
  const past = opened.value;
  return ok({ source: past, captureId: capture, close: () => past.close() });
}

/** Checks that the capture and every connection named exist, and names the file. */
export async function prepareExport(
  core: EngineCore,
  request: ExportRequest,
): Promise<Result<{ readonly fileName: string }>> {
  const opened = await openSource(core, request.capture);
  if (!opened.ok) return opened;
  const { source, captureId, close } = opened.value;
  try {
    const missing = request.connectionIds?.find((id) => source.get(id) === undefined);
    if (missing !== undefined) return fail(appError('CONNECTION_NOT_FOUND', { id: missing }));
    return ok({ fileName: exportFileName(request, captureId) });
  } finally {
    await close();
  }
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runExport(
  core: EngineCore,
  request: ExportRequest,
  output: string | NodeJS.WritableStream,
  fileName: string,
): Promise<Result<ExportSummary>> {
  const job = core.transfers.start('export', fileName, null);
  const opened = await openSource(core, request.capture);
  if (!opened.ok) {
    job.finish({ error: opened.error });
    return opened;
  }
  const { source, captureId, close } = opened.value;
  let done = 0;
  // Every byte passes here: progress is counted, and a cancel or a closed destination stops
  // the exporter at its next write.
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      job.progress(done);
      callback(null, chunk);
    },
  });
  const destination: NodeJS.WritableStream =
    typeof output === 'string' ? createWriteStream(output, { mode: 0o600 }) : output;
  // The destination's own failure (no space, no permission, the browser went away) is what a
  // person needs to hear; the errors that follow from stopping the pipe ourselves are not.
  let outputError: unknown = null;
  let stopping = false;
  destination.on('error', (error: unknown) => {
    if (!stopping) outputError ??= error;
  });
  const piped = pipeline(counted, destination).catch(() => undefined);
  // Both ends: once the exporter is done, only the destination may still be waiting.
  const cancel = () => {
    stopping = true;
    counted.destroy(new Error('cancelled'));
    (destination as Partial<Writable>).destroy?.(new Error('cancelled'));
  };
  job.signal.addEventListener('abort', cancel, { once: true });
  let result: Result<ExportSummary>;
  try {
    result = await exportAs(source, counted, request, {
      description: `Porthole capture ${captureId}`,
      version: core.version,
    });
  } catch (error) {
    result = fail(appError('EXPORT_FAILED', { detail: why(error) }));
  } finally {
    await close();
  }
  stopping = !result.ok;
  if (result.ok) counted.end();
  else counted.destroy();
  // Still cancellable here: the last bytes may wait on a slow destination.
  await piped;
  job.signal.removeEventListener('abort', cancel);
  if (job.signal.aborted) result = fail(appError('EXPORT_CANCELLED'));
  else if (outputError !== null && (result.ok || result.error.code === 'EXPORT_FAILED')) {
    result = fail(appError('EXPORT_FAILED', { detail: why(outputError) }));
  }
  if (!result.ok && typeof output === 'string') await rm(output, { force: true });
  job.finish({ error: result.ok ? null : result.error });
  return result;
}
