// Words for transfers, shared by the dialog and the status bar.
import type { CaptureSummary } from '../../../../shared/model';
import { formatBytes } from '../../../../shared/format-bytes';
import type { TransferInfo } from '../../../../shared/transfer';

export function captureSourceText(shown: CaptureSummary | null): string {
  if (shown === null) return 'the capture being recorded';
  return shown.name !== null && shown.name !== '' ? `“${shown.name}”` : `capture ${shown.id}`;
}

const STEP_TEXT: Readonly<Record<string, string>> = {
  receiving: 'receiving',
  reading: 'reading packets',
  writing: 'writing',
};

/** "Importing tcpdump.pcap: reading packets, 45 %" and the like. */
export function transferText(t: TransferInfo): string {
  const verb = t.kind === 'export' ? 'Export' : 'Import';
  if (t.state === 'done') {
    return t.kind === 'export'
      ? `Exported ${t.fileName} (${formatBytes(t.doneBytes)})`
      : `Imported ${t.fileName}`;
  }
  if (t.state === 'cancelled') return `${verb} of ${t.fileName} cancelled`;
  if (t.state === 'failed') return `${verb} of ${t.fileName} failed: ${t.error?.message ?? ''}`;
  const step = STEP_TEXT[t.step] ?? t.step;
  const amount =
    t.totalBytes !== null && t.totalBytes > 0
      ? `${Math.floor((100 * t.doneBytes) / t.totalBytes)} %`
      : formatBytes(t.doneBytes);
  return `${verb}ing ${t.fileName}: ${step}, ${amount}`;
}

/** 0–100 for a progress bar, or null when the total is not known (exports). */
export function transferPercent(t: TransferInfo): number | null {
  if (t.totalBytes === null || t.totalBytes <= 0) return null;
  return Math.min(100, Math.floor((100 * t.doneBytes) / t.totalBytes));
}
