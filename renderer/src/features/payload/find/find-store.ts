// The find bar's open state and the matches the views mark: the find bar (in the toolbar)
// writes them, the text and hex views read them. Deliberately a store of the payload feature,
// not a slice of the main store: nothing else reads or writes it (no batch, no command, no other
// feature), and the marks — up to thousands of offsets — change on every "next". In the main
// store each change would run the selectors of every subscriber (grid, ports, status bar) for
// nothing, and store/ would import a feature's types (FindMarks), the wrong way round.
import { create } from 'zustand';
import type { FindMarks } from './match-ranges';

interface FindState {
  readonly open: boolean;
  /** Bumped to ask the find bar to focus its input (Ctrl+F while it is already open). */
  readonly focusTick: number;
  /** Opened by the app, not the person: the bar must not take focus when it mounts. */
  readonly quiet: boolean;
  readonly marks: FindMarks | null;
  openBar(): void;
  /** Open without taking focus (a no-op while the bar is open). */
  openQuietly(): void;
  close(): void;
  setMarks(marks: FindMarks | null): void;
}

export const useFindStore = create<FindState>()((set) => ({
  open: false,
  focusTick: 0,
  quiet: false,
  marks: null,
  openBar: () => set((s) => ({ open: true, quiet: false, focusTick: s.focusTick + 1 })),
  openQuietly: () => set((s) => (s.open ? s : { open: true, quiet: true })),
  close: () => set({ open: false, marks: null }),
  setMarks: (marks) => set({ marks }),
}));

/** The marks for one connection, or null. */
export function useFindMarks(connectionId: number): FindMarks | null {
  return useFindStore((s) => (s.marks?.connectionId === connectionId ? s.marks : null));
}
