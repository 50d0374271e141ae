// Exports and imports from the page, the same calls on the desktop and in browser mode: the
// host answers exportCapture and importCapture, and the page finishes the job its way (a
// download link, an upload) where the host hands it an address. Progress is not tracked here:
// the engine reports it in every batch's stats (see transfers-status.tsx).
import type { PortholeApi } from '../../../shared/contract';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { ExportRequest, ImportSummary } from '../../../shared/transfer';

export type ExportDone = { readonly kind: 'started' | 'saved'; readonly fileName: string };

/** Runs an export; resolves once the file is saved (desktop) or its download began (browser). */
export async function startExport(
  api: PortholeApi,
  request: ExportRequest,
): Promise<Result<ExportDone | null>> {
  const outcome = await api.exportCapture(request);
  if (!outcome.ok) return outcome;
  const value = outcome.value;
  if (value.kind === 'cancelled') return ok(null);
  if (value.kind === 'saved') return ok({ kind: 'saved', fileName: value.fileName });
  // A same-origin link with `download`: the browser streams it to disk with its own progress
  // and keeps nothing of it in this page.
  const link = document.createElement('a');
  link.href = value.url;
  link.download = value.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  return ok({ kind: 'started', fileName: value.fileName });
}

function isImportResult(value: unknown): value is Result<ImportSummary> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : 'error' in value;
}

async function upload(url: string, file: File): Promise<Result<ImportSummary>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    // The engine cut the upload short (cancelled, or too large); the transfer's state says so.
    return fail(appError('IMPORT_FAILED', { detail: `${file.name} (the upload was cut short)` }));
  }
  const body: unknown = await response.json().catch(() => null);
  if (isImportResult(body)) return body;
  const detail = `${file.name} (Porthole answered ${response.status})`;
  return fail(appError('IMPORT_FAILED', { detail }));
}

/** Whether this window can pick files itself (the desktop app asks with its own dialog). */
export const picksFilesInPage = (api: PortholeApi): boolean => api.importDroppedFile === undefined;

/**
 * Imports a file: one the person picked or dropped in the page, or (with null, on the
 * desktop) one chosen in the app's open dialog. Resolves with null when the dialog was
 * cancelled.
 */
export async function importFile(
  api: PortholeApi,
  file: File | null,
): Promise<Result<ImportSummary | null>> {
  if (api.importDroppedFile !== undefined) {
    const outcome =
      file === null
        ? await api.importCapture({ source: 'dialog' })
        : await api.importDroppedFile(file);
    if (!outcome.ok) return outcome;
    return outcome.value.kind === 'imported' ? ok(outcome.value.summary) : ok(null);
  }
  if (file === null) return ok(null);
  // The name only labels the new capture; the engine never uses it as a path.
  const fileName = file.name.slice(0, 255) || 'capture.pcap';
  const outcome = await api.importCapture({ source: 'upload', fileName, size: file.size });
  if (!outcome.ok) return outcome;
  if (outcome.value.kind !== 'upload') return ok(null);
  return upload(outcome.value.url, file);
}
