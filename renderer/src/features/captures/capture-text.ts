// The words the Captures view and the past-capture banner use, as pure functions: one place for
// how a capture is named and what deleting or retention will do to it, so a confirmation can
// never say something different from the list.
import type { CaptureSettings, CaptureSummary } from '../../../../shared/model';
import { formatBytes, plural } from '../../../../shared/format-bytes';
import { formatWhen } from '../../lib/format-when';

const GIB = 1024 ** 3;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The name the user gave it, else when it started ("2026-12-07 14:03:22"). */
export function captureTitle(c: CaptureSummary): string {
  if (c.name !== null && c.name !== '') return c.name;
  const d = new Date(c.startedAt);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The "Ended" column: when, or why there is no end. */
export function endedText(c: CaptureSummary, now: number = Date.now()): string {
  if (c.current) return 'recording';
  if (c.interrupted) return 'interrupted (Porthole stopped)';
  // Ended, but connections that were open then still finish in it.
  if (c.endedAt === null) return 'finishing';
  return formatWhen(c.endedAt, now);
}

/** Bytes as whole or short decimal GiB, the unit of the retention setting ("20 GiB"). */
export function formatGiB(bytes: number): string {
  return `${Number((bytes / GIB).toFixed(3))} GiB`;
}

/** A typed GiB figure as bytes (at least 1 MiB, the contract's floor), or null. */
export function parseGiB(text: string): number | null {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) return null;
  const bytes = Math.round(value * GIB);
  return bytes >= 1024 * 1024 && Number.isSafeInteger(bytes) ? bytes : null;
}

/** "keeps the last 20 / 20 GiB": what retention keeps, as it is set now. */
export function retentionText(settings: CaptureSettings | null): string {
  if (settings === null) return 'over what retention keeps';
  return `keeps the last ${settings.keepCaptures} / ${formatGiB(settings.keepBytes)}`;
}

export function expiringNote(settings: CaptureSettings | null): string {
  return `will be deleted when the next capture starts (${retentionText(settings)})`;
}

/** What the delete confirmation says, exactly: which capture, how much of it, for good. */
export function deleteText(c: CaptureSummary): string {
  return `This deletes the capture ${captureTitle(c)}: ${plural(c.connections, 'connection', 'connections')} and ${formatBytes(c.fileBytes)} on disk. It cannot be undone.`;
}

/** The banner over a past capture's views. */
export function viewingText(c: CaptureSummary, now: number = Date.now()): string {
  const named = c.name !== null && c.name !== '';
  const started = formatWhen(c.startedAt, now);
  return named
    ? `Viewing capture ${c.name}, started ${started} — read-only`
    : `Viewing the capture started ${started} — read-only`;
}
