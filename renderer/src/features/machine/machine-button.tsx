// "This machine" in the header: opens the machine view.
import { useState } from 'react';
import { MachineDialog } from './machine-dialog';

export function MachineButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        title="Everything listening on this machine, who holds it and what is exposed"
        onClick={() => setOpen(true)}
      >
        This machine
      </button>
      {open ? <MachineDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
