// "Replay…" in the inspector's header, for a connection of the live capture whose client sent
// something; opens the Replay dialog.
import { useState } from 'react';
import type { ConnectionInfo } from '../../../../shared/model';
import { selectReadOnly } from '../../store/selectors';
import { useStore } from '../../store/store';
import { ReplayDialog } from './replay-dialog';

export function ReplayButton({ connection }: { readonly connection: ConnectionInfo }) {
  const readOnly = useStore(selectReadOnly);
  const [open, setOpen] = useState(false);
  // A past capture is a record: its connections are replayed from the live capture only.
  if (readOnly || connection.in.captured === 0) return null;
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        title="Send what the client sent again, to this port or another target"
        onClick={() => setOpen(true)}
      >
        Replay…
      </button>
      {open ? <ReplayDialog connection={connection} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
