// "Import…" and "Export…" for the header. Import picks a .pcap/.pcapng file (the browser's
// picker in browser mode, the app's open dialog on the desktop); Export opens the Export
// dialog for the capture on screen, with the filter and the selection as they are now.
import { useRef, useState } from 'react';
import { useEngine } from '../../bridge/engine-context';
import { isFiltering } from '../../store/connection-filter';
import { useStore } from '../../store/store';
import { captureSourceText } from './transfer-text';
import type { ExportContext } from './export-choices';
import { ExportDialog } from './export-dialog';
import { picksFilesInPage } from '../../lib/transfer-client';
import { commandProps } from '../../lib/shortcut-hint';
import { useImport } from './use-import';

const CAPTURE_FILE_TYPES = '.pcap,.pcapng,.cap,.dmp,application/vnd.tcpdump.pcap';

function exportContextNow(): { context: ExportContext; source: string } {
  const s = useStore.getState();
  return {
    context: {
      capture: s.shownCapture?.id ?? null,
      total: s.connectionIds.length,
      shownIds: isFiltering(s.filter) ? s.visibleIds : null,
      selectedId: s.selectedId,
    },
    source: captureSourceText(s.shownCapture),
  };
}

export function TransferButtons() {
  const api = useEngine();
  const picker = useRef<HTMLInputElement>(null);
  const { busy, run } = useImport();
  const [exporting, setExporting] = useState<ReturnType<typeof exportContextNow> | null>(null);
  const onImport = () => {
    if (picksFilesInPage(api)) picker.current?.click();
    else void run(null);
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        {...commandProps(
          'import',
          'Open a .pcap or .pcapng file (tcpdump, Wireshark, dumpcap) as a capture',
        )}
        onClick={onImport}
      >
        Import…
      </button>
      <input
        ref={picker}
        type="file"
        accept={CAPTURE_FILE_TYPES}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="pcap or pcapng file to import"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again is a change too.
          event.target.value = '';
          if (file !== undefined) void run(file);
        }}
      />
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        {...commandProps('export', 'Save connections as pcapng, HAR or raw bytes')}
        onClick={() => setExporting(exportContextNow())}
      >
        Export…
      </button>
      {exporting !== null ? (
        <ExportDialog
          context={exporting.context}
          source={exporting.source}
          onClose={() => setExporting(null)}
        />
      ) : null}
    </>
  );
}
