// `porthole export --format har`: a capture in a data folder to a HAR file or a stream, opened,
// written and cleaned up on failure exactly as the pcapng export is.

import type { Result } from '../../../shared/errors';
import { exportCaptureWith, type CaptureFileExport } from '../pcapng/export-capture-file';
import { exportHar, type HarExportResult } from './export-har';

export async function exportCaptureToHar(
  job: CaptureFileExport & { readonly version?: string },
): Promise<Result<HarExportResult & { readonly captureId: string }>> {
  return exportCaptureWith(job, (capture, out, id) =>
    exportHar(capture, out, {
      ...(job.connectionIds === undefined ? {} : { connectionIds: job.connectionIds }),
      ...(job.version === undefined ? {} : { version: job.version }),
      description: `Porthole capture ${id}`,
    }),
  );
}
