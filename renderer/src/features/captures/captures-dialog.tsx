// The Captures view: every capture in the data folder (the one recording, then the past ones,
// newest first), what each holds and takes on disk, and what can be done: open one read-only,
// rename, delete, start a new capture, and the settings retention follows.
import { useEffect, useId, useState } from 'react';
import type { CaptureSummary } from '../../../../shared/model';
import { plural } from '../../../../shared/format-bytes';
import { useStore } from '../../store/store';
import { useShallow } from 'zustand/react/shallow';
import { CaptureRow } from './capture-row';
import { CaptureSettingsForm } from './capture-settings-form';
import { retentionText } from './capture-text';
import { DeleteConfirm } from './delete-confirm';
import { Modal } from '../../components/modal';

function NewCapture() {
  const startNewCapture = useStore((s) => s.startNewCapture);
  const { expiring, settings } = useStore(
    useShallow((s) => ({
      expiring: s.captures?.filter((c) => c.expiring).length ?? 0,
      settings: s.captureSettings,
    })),
  );
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState(false);
  const onClick = async () => {
    setBusy(true);
    const ok = await startNewCapture();
    setBusy(false);
    setStarted(ok);
  };
  return (
    <div className="captures-new">
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy}
        onClick={() => void onClick()}
      >
        New capture
      </button>
      <p className="captures-new-text">
        Ends the capture being recorded and starts a new one. Ports stay open; connections that are
        still open finish in the capture they began in.
        {expiring > 0
          ? ` Starting one deletes ${plural(expiring, 'old capture', 'old captures')} (${retentionText(settings)}).`
          : ''}
      </p>
      <span className="captures-new-status" role="status">
        {started ? 'New capture started; the one before is in the list.' : ''}
      </span>
    </div>
  );
}

function CapturesTable({ captures }: { readonly captures: readonly CaptureSummary[] }) {
  const { shownId, settings, showCapture, setOpen } = useStore(
    useShallow((s) => ({
      shownId: s.shownCapture?.id ?? null,
      settings: s.captureSettings,
      showCapture: s.showCapture,
      setOpen: s.setCapturesOpen,
    })),
  );
  const open = (capture: CaptureSummary) => {
    showCapture(capture);
    // What was opened is what the person wants to look at now.
    setOpen(false);
  };
  const [deleting, setDeleting] = useState<CaptureSummary | null>(null);
  return (
    <>
      <div className="data-table-wrap captures-table-wrap">
        <table className="data-table captures-table" aria-label="Captures">
          <thead>
            <tr>
              <th scope="col">Capture</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col" className="num">
                Ports
              </th>
              <th scope="col" className="num">
                Connections
              </th>
              <th scope="col" className="num">
                Captured
              </th>
              <th scope="col" className="num">
                On disk
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {captures.map((c) => (
              <CaptureRow
                key={c.id}
                capture={c}
                shown={c.id === shownId || (c.current && shownId === null)}
                settings={settings}
                onOpen={open}
                onDelete={setDeleting}
              />
            ))}
          </tbody>
        </table>
      </div>
      {deleting ? <DeleteConfirm capture={deleting} onDone={() => setDeleting(null)} /> : null}
    </>
  );
}

export function CapturesDialog() {
  const titleId = useId();
  const { captures, error, settings, setOpen, loadSettings } = useStore(
    useShallow((s) => ({
      captures: s.captures,
      error: s.capturesError,
      settings: s.captureSettings,
      setOpen: s.setCapturesOpen,
      loadSettings: s.loadCaptureSettings,
    })),
  );
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  const close = () => setOpen(false);
  return (
    <Modal labelledBy={titleId} className="captures-dialog" onClose={close}>
      <header className="modal-header">
        <h2 id={titleId} className="modal-title">
          Captures
        </h2>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label="Close captures"
          onClick={close}
        >
          Close
        </button>
      </header>
      <NewCapture />
      {error !== null ? (
        <div className="error-box captures-error" role="alert">
          <p className="error-box-message">{error.message}</p>
          <p className="error-box-hint">{error.hint}</p>
        </div>
      ) : captures === null ? (
        <p className="muted">Loading captures…</p>
      ) : (
        <CapturesTable captures={captures} />
      )}
      {settings !== null ? <CaptureSettingsForm settings={settings} /> : null}
    </Modal>
  );
}
