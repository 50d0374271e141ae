// One capture in the Captures view: what it holds, what may happen to it (damage, retention),
// and what can be done with it. The capture being recorded is opened as the live view and
// cannot be deleted (the engine would refuse: CAPTURE_IN_USE), so it offers neither.
import { useEffect, useRef, useState } from 'react';
import type { CaptureSettings, CaptureSummary } from '../../../../shared/model';
import { formatBytes, formatCount, plural } from '../../../../shared/format-bytes';
import { formatDateTime } from '../../lib/format-time';
import { formatWhen } from '../../lib/format-when';
import { CaptureRename } from './capture-rename';
import { captureTitle, endedText, expiringNote } from './capture-text';

interface Props {
  readonly capture: CaptureSummary;
  /** This is the capture the views show now (a past one, or the live one). */
  readonly shown: boolean;
  readonly settings: CaptureSettings | null;
  readonly onOpen: (capture: CaptureSummary) => void;
  readonly onDelete: (capture: CaptureSummary) => void;
}

function CaptureName({ capture, settings }: Pick<Props, 'capture' | 'settings'>) {
  return (
    <>
      <span className="capture-name">{captureTitle(capture)}</span>
      {capture.current ? <span className="badge badge-ok">recording</span> : null}
      {capture.damaged ? (
        <p className="capture-note is-warn">damaged: opens up to the damage</p>
      ) : null}
      {capture.expiring ? <p className="capture-note is-warn">{expiringNote(settings)}</p> : null}
    </>
  );
}

export function CaptureRow({ capture, shown, settings, onOpen, onDelete }: Props) {
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const title = captureTitle(capture);
  const ended = endedText(capture);
  const stopRenaming = () => {
    refocus.current = true;
    setRenaming(false);
  };
  useEffect(() => {
    // Focus goes back to where the rename began, once that button is rendered again.
    if (renaming || !refocus.current) return;
    refocus.current = false;
    renameButton.current?.focus();
  }, [renaming]);
  return (
    <tr className={shown ? 'is-shown' : undefined} aria-current={shown ? 'true' : undefined}>
      <th scope="row" className="capture-title-cell">
        {renaming ? (
          <CaptureRename capture={capture} onDone={stopRenaming} />
        ) : (
          <CaptureName capture={capture} settings={settings} />
        )}
      </th>
      <td title={formatDateTime(capture.startedAt)}>{formatWhen(capture.startedAt)}</td>
      <td
        className={`capture-ended${capture.endedAt === null ? ' muted' : ''}`}
        title={capture.endedAt !== null ? formatDateTime(capture.endedAt) : undefined}
      >
        {ended}
      </td>
      <td className="num">{formatCount(capture.ports)}</td>
      <td className="num">{formatCount(capture.connections)}</td>
      <td className="num" title={`${plural(capture.bytes, 'byte', 'bytes')} captured`}>
        {formatBytes(capture.bytes)}
      </td>
      <td className="num" title={`${plural(capture.fileBytes, 'byte', 'bytes')} on disk`}>
        {formatBytes(capture.fileBytes)}
      </td>
      <td>
        <div className="capture-actions">
          <button
            type="button"
            className="btn btn-small"
            aria-label={shown ? `Shown: capture ${title}` : `Open capture ${title}`}
            disabled={shown}
            title={shown ? 'Shown now' : capture.current ? 'The live view' : 'Open it read-only'}
            onClick={() => onOpen(capture)}
          >
            {shown ? 'Shown' : 'Open'}
          </button>
          {renaming ? null : (
            <button
              ref={renameButton}
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={`Rename capture ${title}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
          )}
          {capture.current ? null : (
            <button
              type="button"
              className="btn btn-small btn-ghost btn-danger"
              aria-label={`Delete capture ${title}`}
              onClick={() => onDelete(capture)}
            >
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
