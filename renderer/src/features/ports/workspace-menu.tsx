// "Workspace ▾": export and import the set of ports, in a menu so the ports list keeps its room.
// A menu button as the ARIA practices describe it: focus moves into the menu when it opens,
// ↑/↓ (and Home/End) move between items, Escape closes it and gives focus back to the button,
// Tab or a click elsewhere closes it.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePopupDismiss } from '../../components/use-popup-dismiss';

export interface MenuAction {
  readonly label: string;
  readonly run: () => void;
}

export function WorkspaceMenu({
  actions,
  label = 'Workspace',
}: {
  readonly actions: readonly MenuAction[];
  /** The button's text and the menu's name (the header's View menu is the same control). */
  readonly label?: string;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  usePopupDismiss(open, menuRef, buttonRef, '[role="menuitem"]', () => setOpen(false));

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(at + 1);
        break;
      case 'ArrowUp':
        focusAt(at - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(items.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    // Escape must not also close a dialog or clear something behind the menu.
    event.stopPropagation();
  };

  return (
    <div className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label}
        <span className="chevron chevron-down" aria-hidden="true" />
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          className="menu"
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
        >
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              onClick={() => {
                close(true);
                action.run();
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
