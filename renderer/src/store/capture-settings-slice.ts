// Capture settings that belong to the data folder: whether captures go to disk, and how many
// captures (and bytes) retention keeps. Read when the Captures view opens; retention's
// "will be deleted" marks on the list depend on them, so saving re-lists the captures.
import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/errors';
import type { CaptureSettings } from '../../../shared/model';
import type { PortholeState, StoreDeps } from './porthole-state';

export interface CaptureSettingsSlice {
  /** Null until read, and without a data folder (the list's error says why). */
  readonly captureSettings: CaptureSettings | null;
  loadCaptureSettings(): Promise<void>;
  /** A failure is a toast; the result lets the form keep its edits when it failed. */
  saveCaptureSettings(patch: Partial<CaptureSettings>): Promise<Result<CaptureSettings>>;
}

export const createCaptureSettingsSlice =
  ({ engine }: StoreDeps): StateCreator<PortholeState, [], [], CaptureSettingsSlice> =>
  (set, get) => ({
    captureSettings: null,
    async loadCaptureSettings() {
      const result = await engine().getSettings({});
      if (result.ok) set({ captureSettings: result.value });
      // Without a data folder there are no settings to show; the list says so once.
      else if (result.error.code !== 'PERSIST_UNAVAILABLE') {
        get().reportError('Could not read the capture settings', result.error);
      }
    },
    async saveCaptureSettings(patch) {
      const result = await engine().setSettings(patch);
      if (!result.ok) {
        get().reportError('Could not save the capture settings', result.error);
        return result;
      }
      set({ captureSettings: result.value });
      void get().loadCaptures();
      return result;
    },
  });
