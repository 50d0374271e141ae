// "Compare…" in the inspector's header: this connection against another (by default the replay
// it came from, or its latest replay).
import { useState } from 'react';
import type { ConnectionInfo } from '../../../../shared/model';
import { CompareDialog } from './compare-dialog';

export function CompareButton({ connection }: { readonly connection: ConnectionInfo }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        title="Compare this connection's bytes with another's, direction by direction"
        onClick={() => setOpen(true)}
      >
        Compare…
      </button>
      {open ? <CompareDialog connection={connection} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
