// A modal dialog on the platform's <dialog>: showModal() gives the top layer, an inert page
// behind it and a focus trap for free; Escape (the dialog's cancel event) and a click on the
// backdrop ask the owner to close it. Focus goes back to what had it before, because the
// dialog is removed from the DOM rather than closed, and some openers are gone by then.
import './modal.css';
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  /** The id of the element that names the dialog (its title). */
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly className?: string;
  readonly role?: 'dialog' | 'alertdialog';
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/** Render it to open it; stop rendering it to close it. */
export function Modal({
  labelledBy,
  describedBy,
  className,
  role = 'dialog',
  onClose,
  children,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      if (opener?.isConnected) {
        opener.focus();
        return;
      }
      // The opener went with what it acted on (a deleted capture's row): stay in the dialog
      // underneath, if there is one, rather than dropping focus to the page behind it.
      document
        .querySelector('dialog[open]')
        ?.querySelector<HTMLElement>('button:not(:disabled), input:not(:disabled)')
        ?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        // React decides when it closes: the owner stops rendering it. React bubbles this event
        // through its own tree, so a dialog opened inside this one reaches here too: not ours.
        event.preventDefault();
        if (event.target === event.currentTarget) onClose();
      }}
      onClick={(event) => {
        // Only the backdrop (the dialog element itself, outside its content box) is the target.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
