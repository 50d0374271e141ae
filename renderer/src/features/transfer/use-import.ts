// What follows an import in this window: the new capture opens (it is what the person wants to
// look at), damage part way through is said, and a failure is a toast. Other windows see the
// new capture in their Captures list and the transfer in their status bar.
import { useCallback, useState } from 'react';
import { useEngine } from '../../bridge/engine-context';
import { useStore } from '../../store/store';
import { importFile } from '../../lib/transfer-client';

export function useImport(): {
  readonly busy: boolean;
  readonly run: (file: File | null) => Promise<void>;
} {
  const api = useEngine();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (file: File | null) => {
      setBusy(true);
      const result = await importFile(api, file);
      setBusy(false);
      const { reportError, pushToast, loadCaptures, showCapture } = useStore.getState();
      const what = file?.name ?? 'the file';
      if (!result.ok) {
        // Cancelling is the person's own doing: the status bar says it, no toast needed.
        if (result.error.code !== 'IMPORT_CANCELLED') {
          reportError(`Could not import ${what}`, result.error);
        }
        return;
      }
      const summary = result.value;
      if (summary === null) return;
      if (summary.problem !== null) pushToast(`Imported part of ${what}`, summary.problem);
      await loadCaptures();
      const imported = useStore.getState().captures?.find((c) => c.id === summary.captureId);
      if (imported !== undefined) showCapture(imported);
    },
    [api],
  );
  return { busy, run };
}
