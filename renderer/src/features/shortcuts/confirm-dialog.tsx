// The question a destructive command asks before it acts. As in the rest of the app, Cancel has
// the focus, so Enter alone never ends or forgets anything; pressing the command's own key again
// confirms ("Delete, Delete"), which is quick and still takes a second, deliberate press. Focus
// goes back to where it was (the Modal does that) before the command runs.
import { useId, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { keysFor, matchesCombo } from '../../../../shared/shortcuts';
import { Modal } from '../../components/modal';
import { keyPlatform, shortcutKeys } from '../../lib/shortcut-hint';
import type { ConfirmRequest } from './shortcuts-store';

interface Props {
  readonly request: ConfirmRequest;
  readonly onClose: () => void;
}

export function ConfirmDialog({ request, onClose }: Props) {
  const titleId = useId();
  const messageId = useId();
  const confirm = () => {
    flushSync(onClose);
    request.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const platform = keyPlatform();
    if (event.repeat) return;
    if (keysFor(request.shortcut, platform).some((k) => matchesCombo(event, k, platform))) {
      event.preventDefault();
      confirm();
    }
  };
  return (
    <Modal
      labelledBy={titleId}
      describedBy={messageId}
      role="alertdialog"
      className="confirm-dialog"
      onClose={onClose}
    >
      <div className="confirm-body" onKeyDown={onKeyDown}>
        <h2 id={titleId} className="modal-title">
          {request.title}
        </h2>
        <p id={messageId}>
          {request.message}{' '}
          <span className="muted">
            Press {shortcutKeys(request.shortcut)} again to {request.confirmLabel.toLowerCase()}.
          </span>
        </p>
        <div className="modal-actions">
          <button type="button" className="btn" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-confirm-danger" onClick={confirm}>
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
