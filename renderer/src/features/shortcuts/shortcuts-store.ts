// What the shortcuts feature shows: the shortcuts sheet, the command palette and a confirmation
// for a destructive command. Its own small store, as the payload's find state is: nothing else
// reads it, and features reach these only through commands (lib/commands.ts).
import { create } from 'zustand';
import type { ShortcutId } from '../../../../shared/shortcuts';

export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  /** The confirm button's text: says what happens ("Reset connection"), never just "OK". */
  readonly confirmLabel: string;
  /** The command that asked: its key, pressed again, confirms. */
  readonly shortcut: ShortcutId;
  readonly run: () => void;
}

type Overlay = 'sheet' | 'palette' | null;

interface ShortcutsState {
  /** One at a time: opening one closes the other. */
  readonly overlay: Overlay;
  readonly confirm: ConfirmRequest | null;
  show(overlay: Overlay): void;
  askConfirm(request: ConfirmRequest): void;
  closeConfirm(): void;
}

export const useShortcutsStore = create<ShortcutsState>()((set) => ({
  overlay: null,
  confirm: null,
  show: (overlay) => set({ overlay }),
  askConfirm: (confirm) => set({ confirm, overlay: null }),
  closeConfirm: () => set({ confirm: null }),
}));
