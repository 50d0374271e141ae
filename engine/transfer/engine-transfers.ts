// What the hosts call to move captures in and out. The engine does the reading and writing;
// the host decides where the bytes come from and go to (dialogs, HTTP), see shared/transfer.ts.

import type { Readable } from 'node:stream';
import type { Result } from '../../shared/errors';
import type { ExportRequest, ExportSummary, ImportSummary } from '../../shared/transfer';
import type { EngineCore } from '../core/engine-core';
import { prepareExport, runExport } from './export-job';
import { importsAvailable, runImportFile, runImportStream } from './import-job';

export interface EngineTransfers {
  /** Checks the request (the capture and every connection it names exist) and names the file. */
  prepareExport(request: ExportRequest): Promise<Result<{ readonly fileName: string }>>;
  /**
   * Writes an export to a file (private; removed when the export fails or is cancelled) or to
   * a stream (ended when it succeeds, destroyed when it does not).
   */
  exportCapture(
    request: ExportRequest,
    output: string | NodeJS.WritableStream,
    fileName: string,
  ): Promise<Result<ExportSummary>>;
  /** Imports need a data folder to keep the new capture in: PERSIST_UNAVAILABLE without one. */
  importsAvailable(): Result<null>;
  /** Imports a pcap or pcapng file; `fileName` names the new capture. */
  importFile(path: string, fileName: string): Promise<Result<ImportSummary>>;
  /** Imports an upload of `size` bytes; more than `maxBytes` is refused (IMPORT_TOO_LARGE). */
  importStream(
    stream: Readable,
    fileName: string,
    size: number,
    maxBytes: number,
  ): Promise<Result<ImportSummary>>;
}

export function createEngineTransfers(core: EngineCore): EngineTransfers {
  return {
    prepareExport: (request) => prepareExport(core, request),
    exportCapture: (request, output, fileName) => runExport(core, request, output, fileName),
    importsAvailable: () => importsAvailable(core),
    importFile: (path, fileName) => runImportFile(core, path, fileName),
    importStream: (stream, fileName, size, maxBytes) =>
      runImportStream(core, stream, fileName, size, maxBytes),
  };
}
