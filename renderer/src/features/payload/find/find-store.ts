// The find bar's open state and the matches the views mark. A store of its own: the views read
// the marks while the find bar, in the toolbar, writes them.
import { create } from 'zustand';
import type { FindMarks } from './match-ranges';

interface FindState {
  readonly open: boolean;
  /** Bumped to ask the find bar to focus its input (Ctrl+F while it is already open). */
  readonly focusTick: number;
  readonly marks: FindMarks | null;
  openBar(): void;
  close(): void;
  setMarks(marks: FindMarks | null): void;
}

export const useFindStore = create<FindState>()((set) => ({
  open: false,
  focusTick: 0,
  marks: null,
  openBar: () => set((s) => ({ open: true, focusTick: s.focusTick + 1 })),
  close: () => set({ open: false, marks: null }),
  setMarks: (marks) => set({ marks }),
}));

/** The marks for one connection, or null. */
export function useFindMarks(connectionId: number): FindMarks | null {
  return useFindStore((s) => (s.marks?.connectionId === connectionId ? s.marks : null));
}
