// The shortcuts sheet (`?`): every shortcut of shared/shortcuts.ts, by group, in this platform's
// keys. The same list drives the key handler and the desktop menu, so the sheet cannot drift.
import { useId } from 'react';
import { SHORTCUT_GROUPS, SHORTCUTS } from '../../../../shared/shortcuts';
import { Modal } from '../../components/modal';
import { keyPlatform } from '../../lib/shortcut-hint';
import { ShortcutKeys } from './shortcut-keys';

export function ShortcutsSheet({ onClose }: { readonly onClose: () => void }) {
  const titleId = useId();
  const noteId = useId();
  const mac = keyPlatform() === 'mac';
  return (
    <Modal labelledBy={titleId} describedBy={noteId} className="shortcuts-sheet" onClose={onClose}>
      <div className="modal-header">
        <h2 id={titleId} className="modal-title">
          Keyboard shortcuts
        </h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <p id={noteId} className="muted shortcuts-note">
        Single keys work when you are not typing in a field.{' '}
        {mac ? '⌘ is Command, ⌥ Option, ⇧ Shift. ' : ''}
        Everything here is also in the command palette.
      </p>
      <div className="shortcuts-groups">
        {SHORTCUT_GROUPS.map(({ group, title }) => (
          <section key={group} className="shortcuts-group" aria-label={title}>
            <h3 className="shortcuts-group-title">{title}</h3>
            <table className="shortcuts-table">
              <tbody>
                {SHORTCUTS.filter((s) => s.group === group && s.keys.length > 0).map((s) => (
                  <tr key={s.id} data-shortcut={s.id}>
                    <th scope="row">
                      {s.label}
                      {'where' in s ? <span className="muted"> ({s.where})</span> : null}
                    </th>
                    <td>
                      <ShortcutKeys id={s.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}
