// The window's panes (ports, connections, payload…), each marked data-pane="name" by the layout:
// F6 / Shift+F6 cycle through them, as in VS Code and most desktop apps, and the skip links jump
// to one. A pane is entered where its focus last was, else at its main control.
const PANE = '[data-pane]';
/** A pane's main control: the list, the selected payload tab. */
const ENTRY = '[role="grid"], [role="tab"][aria-selected="true"]';
const TABBABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

const lastFocus = new WeakMap<Element, HTMLElement>();

function shown(element: Element): boolean {
  return element.getClientRects().length > 0 && element.closest('[inert]') === null;
}

function panes(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(PANE)].filter(shown);
}

/** Remember, per pane, where focus was last, so that F6 comes back to it. */
export function trackPaneFocus(): () => void {
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const pane = target.closest(PANE);
    if (pane !== null) lastFocus.set(pane, target);
  };
  document.addEventListener('focusin', onFocusIn);
  return () => document.removeEventListener('focusin', onFocusIn);
}

function enter(pane: HTMLElement): void {
  const remembered = lastFocus.get(pane);
  if (remembered?.isConnected && pane.contains(remembered) && shown(remembered)) {
    remembered.focus();
    if (document.activeElement === remembered) return;
  }
  const target =
    [...pane.querySelectorAll<HTMLElement>(ENTRY)].find(shown) ??
    [...pane.querySelectorAll<HTMLElement>(TABBABLE)].find(shown);
  if (target !== undefined) {
    target.focus();
    return;
  }
  // Nothing to operate in it yet: the pane itself takes focus, so F6 still lands somewhere.
  if (!pane.hasAttribute('tabindex')) pane.tabIndex = -1;
  pane.focus();
}

/** Move focus to the next (1) or previous (-1) pane; false when the layout marks none. */
export function cyclePane(step: 1 | -1): boolean {
  const all = panes();
  if (all.length === 0) return false;
  const active = document.activeElement;
  const at = all.findIndex((pane) => active !== null && pane.contains(active));
  const next = at < 0 ? (step === 1 ? 0 : all.length - 1) : (at + step + all.length) % all.length;
  const pane = all[next];
  if (pane === undefined) return false;
  enter(pane);
  return true;
}

/** Move focus into the pane named `name`; false when it is not on screen. */
export function focusPane(name: string): boolean {
  const pane = panes().find((p) => p.dataset.pane === name);
  if (pane === undefined) return false;
  enter(pane);
  return true;
}

/** The names of the panes on screen, in order. */
export function paneNames(): string[] {
  return panes().map((pane) => pane.dataset.pane ?? '');
}
