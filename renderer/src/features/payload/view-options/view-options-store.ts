// How the Text view shows bytes: encoding and line wrap. Kept apart from the main store, like
// find/find-store.ts, because only the payload views use it and no batch ever touches it.
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
