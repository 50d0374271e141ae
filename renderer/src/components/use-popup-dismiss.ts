// A popup (menu, checklist) that opens from a button: while open, its first control takes
// focus, and a press anywhere outside the popup and its button closes it.
import { useEffect, useRef, type RefObject } from 'react';

export function usePopupDismiss(
  open: boolean,
  popupRef: RefObject<HTMLElement | null>,
  buttonRef: RefObject<HTMLElement | null>,
  firstControl: string,
  close: () => void,
): void {
  // The latest `close` without re-subscribing on every render.
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  });
  useEffect(() => {
    if (!open) return undefined;
    popupRef.current?.querySelector<HTMLElement>(firstControl)?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!popupRef.current?.contains(target) && !buttonRef.current?.contains(target)) {
        closeRef.current();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, popupRef, buttonRef, firstControl]);
}
