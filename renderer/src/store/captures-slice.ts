// Captures: the list of captures in the data folder, which one the views show (the live one, or
// a past one, read-only), and the commands that rename, delete and start captures. Which capture
// is shown is read by sync.ts (it re-lists ports and connections for it) and by the engine scope
// the app root provides (every read a view makes goes to that capture).
//
// Changes only on user actions or a listing reply, so each action sets its fields directly
// rather than going through the frame queue.
import type { StateCreator } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors';
import type { CaptureSummary } from '../../../shared/model';
import type { PortholeState, StoreDeps } from './porthole-state';

export interface CapturesSlice {
  /** The past capture the views show, read-only; null while they show the live one. */
  readonly shownCapture: CaptureSummary | null;
  /** Every capture in the data folder, newest first; null until first listed. */
  readonly captures: readonly CaptureSummary[] | null;
  /** Why the list could not be read (PERSIST_UNAVAILABLE: no data folder); shown in the view. */
  readonly capturesError: ErrorInfo | null;
  /** The Captures view is open. */
  readonly capturesOpen: boolean;
  loadCaptures(): Promise<void>;
  setCapturesOpen(open: boolean): void;
  /** Show a capture: a past one read-only, or the current one (= the live view). */
  showCapture(capture: CaptureSummary): void;
  showLive(): void;
  /** Resolves true once renamed; a failure is a toast. */
  renameCapture(id: string, name: string): Promise<boolean>;
  /** Resolves true once deleted; a failure is a toast. */
  deleteCapture(id: string): Promise<boolean>;
  /** End the running capture and start a new one (ports stay open). */
  startNewCapture(): Promise<boolean>;
}

function replaceIn(
  list: readonly CaptureSummary[] | null,
  next: CaptureSummary,
): readonly CaptureSummary[] | null {
  return list?.map((c) => (c.id === next.id ? next : c)) ?? null;
}

export const createCapturesSlice =
  ({ engine }: StoreDeps): StateCreator<PortholeState, [], [], CapturesSlice> =>
  (set, get) => {
    // Listings can overlap (a rename and a delete in a row): only the newest one lands.
    let listing = 0;
    const showLive = (): void => {
      if (get().shownCapture === null) return;
      // The selection belongs to the capture it was made in; the re-list clears it too, but
      // only a frame later, and until then a view would read that id from the other capture.
      set({ shownCapture: null, selectedId: null });
    };
    const loadCaptures = async (): Promise<void> => {
      listing += 1;
      const mine = listing;
      const result = await engine().listCaptures({});
      if (mine !== listing) return;
      if (!result.ok) {
        set({ capturesError: result.error });
        return;
      }
      set({ captures: result.value, capturesError: null });
      // The capture on screen may have gone (deleted elsewhere, or by retention).
      const shown = get().shownCapture;
      if (shown !== null) {
        const now = result.value.find((c) => c.id === shown.id);
        if (now === undefined) showLive();
        else set({ shownCapture: now });
      }
    };
    return {
      shownCapture: null,
      captures: null,
      capturesError: null,
      capturesOpen: false,
      loadCaptures,
      setCapturesOpen(capturesOpen) {
        set({ capturesOpen });
        // Opening shows the list as it is now: sizes and "recording" move on.
        if (capturesOpen) void loadCaptures();
      },
      showCapture(capture) {
        if (capture.current) {
          showLive();
          return;
        }
        if (get().shownCapture?.id === capture.id) return;
        set({ shownCapture: capture, selectedId: null });
      },
      showLive,
      async renameCapture(id, name) {
        const result = await engine().renameCapture({ capture: id, name });
        if (!result.ok) {
          get().reportError('Could not rename the capture', result.error);
          return false;
        }
        const shown = get().shownCapture;
        set((state) => ({
          captures: replaceIn(state.captures, result.value),
          ...(shown?.id === id ? { shownCapture: result.value } : {}),
        }));
        return true;
      },
      async deleteCapture(id) {
        const result = await engine().deleteCapture({ capture: id });
        if (!result.ok) {
          get().reportError('Could not delete the capture', result.error);
          return false;
        }
        if (get().shownCapture?.id === id) showLive();
        set((state) => ({ captures: state.captures?.filter((c) => c.id !== id) ?? null }));
        // Retention marks depend on what is left.
        void loadCaptures();
        return true;
      },
      async startNewCapture() {
        const result = await engine().newCapture({});
        if (!result.ok) {
          get().reportError('Could not start a new capture', result.error);
          return false;
        }
        await loadCaptures();
        return true;
      },
    };
  };
