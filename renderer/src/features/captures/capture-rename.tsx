// Renaming in place: Enter saves, Escape cancels (and only cancels: the dialog around it stays
// open). An empty name clears it, so the capture is called by its start time again.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CaptureSummary } from '../../../../shared/model';
import { useStore } from '../../store/store';
import { captureTitle } from './capture-text';

interface Props {
  readonly capture: CaptureSummary;
  readonly onDone: () => void;
}

export function CaptureRename({ capture, onDone }: Props) {
  const renameCapture = useStore((s) => s.renameCapture);
  const [name, setName] = useState(capture.name ?? '');
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    // A failure is a toast; the field stays so the name typed is not lost.
    const saved = await renameCapture(capture.id, name.trim());
    setBusy(false);
    if (saved) onDone();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    // Handled here, so the dialog's own Escape (close) does not fire as well.
    event.preventDefault();
    event.stopPropagation();
    onDone();
  };

  return (
    <form className="capture-rename" onSubmit={(event) => void onSubmit(event)}>
      <input
        className="input capture-rename-input"
        aria-label={`New name for capture ${captureTitle(capture)}`}
        placeholder="Name (empty: its start time)"
        maxLength={120}
        value={name}
        // The field appears because the person asked to rename: typing goes there at once.
        autoFocus
        disabled={busy}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
        Save
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
