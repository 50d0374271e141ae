// "Diagnose…": opens the Diagnose a connection dialog, optionally with a target filled in.
import { useState } from 'react';
import { DiagnoseDialog } from './diagnose-dialog';

export function DiagnoseButton({ initialTarget }: { readonly initialTarget?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        title="Check why a client can or cannot reach a host:port or URL on this machine"
        onClick={() => setOpen(true)}
      >
        Diagnose…
      </button>
      {open ? (
        <DiagnoseDialog
          {...(initialTarget === undefined ? {} : { initialTarget })}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
