// Deleting a capture is for good, so it is asked once more, naming exactly what goes: which
// capture, its connections and its size on disk. Cancel has the focus, so Enter alone never
// deletes anything.
import { useId, useState } from 'react';
import type { CaptureSummary } from '../../../../shared/model';
import { useStore } from '../../store/store';
import { captureTitle, deleteText } from './capture-text';
import { Modal } from '../../components/modal';

interface Props {
  readonly capture: CaptureSummary;
  readonly onDone: () => void;
}

export function DeleteConfirm({ capture, onDone }: Props) {
  const titleId = useId();
  const textId = useId();
  const deleteCapture = useStore((s) => s.deleteCapture);
  const [busy, setBusy] = useState(false);
  const onDelete = async () => {
    setBusy(true);
    // A failure is a toast; the question closes either way (the list shows what is left).
    await deleteCapture(capture.id);
    onDone();
  };
  return (
    <Modal
      labelledBy={titleId}
      describedBy={textId}
      role="alertdialog"
      className="modal-confirm"
      onClose={onDone}
    >
      <h2 id={titleId} className="modal-title">
        Delete capture {captureTitle(capture)}?
      </h2>
      <p id={textId}>{deleteText(capture)}</p>
      <div className="modal-actions">
        <button type="button" className="btn" autoFocus onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger-fill"
          disabled={busy}
          onClick={() => void onDelete()}
        >
          Delete capture
        </button>
      </div>
    </Modal>
  );
}
