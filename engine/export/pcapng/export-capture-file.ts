// `porthole export`: a capture in a data folder (by id, or the newest) to a pcapng (or HAR) file or a
// stream (stdout). A file is private (0600), like the capture it came from; a failed export
// leaves no partial file behind.

import { open, rm } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import { CAPTURE_ID_PATTERN, captureFile } from '../../persist/capture-files';
import { CaptureLibrary } from '../../persist/capture-library';
import { PastCapture } from '../../persist/past-capture';
import type { PcapngOutput } from './block-sink';
import { exportPcapng, type PcapngExportResult } from './export-pcapng';

export interface CaptureFileExport {
  readonly dataDir: string;
  /** A capture id, or "latest" for the newest capture in the data folder. */
  readonly capture: string;
  /** A file path, or a stream to write to (e.g. stdout, for a pipe into tshark). */
  readonly output: string | NodeJS.WritableStream;
  readonly connectionIds?: readonly number[];
}

async function resolveCaptureId(dataDir: string, capture: string): Promise<Result<string>> {
  const ids = await new CaptureLibrary(dataDir).ids();
  const id = capture === 'latest' ? ids[ids.length - 1] : capture;
  if (id === undefined || !CAPTURE_ID_PATTERN.test(id) || !ids.includes(id)) {
    return fail(
      appError('CAPTURE_NOT_FOUND', capture === 'latest' ? {} : { detail: `"${capture}"` }),
    );
  }
  return ok(id);
}

export async function exportCaptureToPcapng(
  job: CaptureFileExport,
): Promise<Result<PcapngExportResult & { readonly captureId: string }>> {
  return exportCaptureWith(job, (capture, out, id) =>
    exportPcapng(capture, out, {
      ...(job.connectionIds === undefined ? {} : { connectionIds: job.connectionIds }),
      description: `Porthole capture ${id}`,
    }),
  );
}

/** Opens the capture and the output, runs one exporter, and removes a failed export's file. */
export async function exportCaptureWith<T extends object>(
  job: CaptureFileExport,
  exporter: (capture: PastCapture, out: PcapngOutput, captureId: string) => Promise<Result<T>>,
): Promise<Result<T & { readonly captureId: string }>> {
  const id = await resolveCaptureId(job.dataDir, job.capture);
  if (!id.ok) return id;
  const opened = await PastCapture.open(captureFile(job.dataDir, id.value));
  if (!opened.ok) return opened;
  const capture = opened.value;
  try {
    if (typeof job.output !== 'string') {
      const result = await exporter(capture, job.output, id.value);
      return result.ok ? ok({ ...result.value, captureId: id.value }) : result;
    }
    const file = job.output;
    let handle;
    try {
      handle = await open(file, 'w', 0o600);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail(appError('EXPORT_FAILED', { detail }));
    }
    let result: Result<T>;
    try {
      result = await exporter(capture, handle, id.value);
    } finally {
      await handle.close();
    }
    if (!result.ok) {
      await rm(file, { force: true });
      return result;
    }
    return ok({ ...result.value, captureId: id.value });
  } finally {
    await capture.close();
  }
}
