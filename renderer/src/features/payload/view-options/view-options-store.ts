// How the Text view shows bytes: encoding and line wrap. Kept apart from the engine-derived
// store because it changes only on a click and no batch ever touches it.
import { create } from 'zustand';
import type { TextEncoding } from './text-encoding';

interface ViewOptionsState {
  readonly encoding: TextEncoding;
  readonly wrap: boolean;
  setEncoding(encoding: TextEncoding): void;
  setWrap(wrap: boolean): void;
}

export const useViewOptions = create<ViewOptionsState>()((set) => ({
  encoding: 'utf-8',
  wrap: true,
  setEncoding: (encoding) => set({ encoding }),
  setWrap: (wrap) => set({ wrap }),
}));
