// The desktop app's answers to exportCapture and importCapture: native save and open dialogs
// in the main process, so the page never chooses or sees a path. The engine writes and reads
// the files; progress reaches the page in the stats of every batch.

import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { HostHandlers } from '../../../shared/contract';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { ExportFormat, ImportOutcome } from '../../../shared/transfer';
import type { Engine } from '../../../engine';

const SAVE_FILTERS: Record<ExportFormat, FileFilter[]> = {
  pcapng: [{ name: 'pcapng capture (Wireshark, tshark)', extensions: ['pcapng'] }],
  har: [{ name: 'HAR 1.2 (HTTP Archive)', extensions: ['har'] }],
  raw: [{ name: 'Raw bytes', extensions: ['bin'] }],
};

const CAPTURE_EXTENSIONS = ['pcap', 'pcapng', 'cap', 'dmp'];

async function importPath(engine: Engine, path: string): Promise<Result<ImportOutcome>> {
  // A dropped path comes from the preload script; still, only ordinary capture files go in.
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile || !CAPTURE_EXTENSIONS.includes(extname(path).slice(1).toLowerCase())) {
    const detail = `${basename(path)} is not a .pcap or .pcapng file`;
    return fail(appError('IMPORT_INVALID', { detail }));
  }
  const imported = await engine.transfers.importFile(path, basename(path));
  return imported.ok ? ok({ kind: 'imported', summary: imported.value }) : imported;
}

export function desktopTransferHandlers(
  engine: Engine,
  window: () => BrowserWindow | null,
  downloadsDir: () => string,
): HostHandlers {
  return {
    exportCapture: async (request) => {
      const prepared = await engine.transfers.prepareExport(request);
      if (!prepared.ok) return prepared;
      const options = {
        title: 'Export capture',
        defaultPath: join(downloadsDir(), prepared.value.fileName),
        filters: SAVE_FILTERS[request.format],
      };
      const owner = window();
      const chosen = await (owner
        ? dialog.showSaveDialog(owner, options)
        : dialog.showSaveDialog(options));
      if (chosen.canceled || chosen.filePath === undefined || chosen.filePath === '') {
        return ok({ kind: 'cancelled' });
      }
      const fileName = basename(chosen.filePath);
      const written = await engine.transfers.exportCapture(request, chosen.filePath, fileName);
      return written.ok ? ok({ kind: 'saved', fileName, summary: written.value }) : written;
    },

    importCapture: async (request) => {
      if (request.source === 'path') return importPath(engine, request.path);
      if (request.source === 'upload') {
        const detail = 'the desktop app imports with its open dialog or a dropped file';
        return fail(appError('INVALID_ARGUMENT', { detail }));
      }
      const available = engine.transfers.importsAvailable();
      if (!available.ok) return available;
      const options = {
        title: 'Import a pcap or pcapng file',
        properties: ['openFile' as const],
        filters: [
          { name: 'Packet captures', extensions: CAPTURE_EXTENSIONS },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const owner = window();
      const chosen = await (owner
        ? dialog.showOpenDialog(owner, options)
        : dialog.showOpenDialog(options));
      const [path] = chosen.filePaths;
      if (chosen.canceled || path === undefined) return ok({ kind: 'cancelled' });
      return importPath(engine, path);
    },
  };
}
