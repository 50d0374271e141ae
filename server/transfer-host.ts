// Browser mode's answers to exportCapture and importCapture: a one-time address the page then
// downloads from or uploads to (see transfer-routes.ts). Dialogs and paths are the desktop
// app's; a page in a browser picks files with the browser's own picker.

import type { HostHandlers } from '../shared/contract';
import { appError, fail, ok } from '../shared/errors';
import { formatBytes } from '../shared/format-bytes';
import type { Engine } from '../engine';
import { TRANSFER_PATH, type TransferTickets } from './transfer-tickets';

/** The default largest upload browser mode imports (settable with --max-import). */
export const DEFAULT_MAX_IMPORT_BYTES = 4 * 1024 ** 3;

export function browserTransferHandlers(
  engine: Engine,
  tickets: TransferTickets,
  maxImportBytes: number,
): HostHandlers {
  return {
    exportCapture: async (request) => {
      const prepared = await engine.transfers.prepareExport(request);
      if (!prepared.ok) return prepared;
      const { fileName } = prepared.value;
      const ticket = tickets.issue({ kind: 'export', request, fileName });
      return ok({ kind: 'download', url: `${TRANSFER_PATH}${ticket}`, fileName });
    },

    importCapture: (request) => {
      if (request.source !== 'upload') {
        const detail = 'in browser mode a file is imported by uploading it from the page';
        return fail(appError('INVALID_ARGUMENT', { detail }));
      }
      const available = engine.transfers.importsAvailable();
      if (!available.ok) return available;
      if (request.size > maxImportBytes) {
        const detail = `${request.fileName} is ${formatBytes(request.size)}; the limit is ${formatBytes(maxImportBytes)}`;
        return fail(appError('IMPORT_TOO_LARGE', { detail }));
      }
      const { fileName, size } = request;
      const ticket = tickets.issue({ kind: 'import', fileName, size });
      return ok({ kind: 'upload', url: `${TRANSFER_PATH}${ticket}`, maxBytes: maxImportBytes });
    },
  };
}
