import type { StateCreator } from 'zustand';
import type { PayloadMode, PortholeState, ThemeChoice, UiSlice } from './store-types';

const THEME_KEY = 'porthole.theme';
const MODE_KEY = 'porthole.payloadMode';
/** More than this many toasts at once is noise; the oldest go first. */
const MAX_TOASTS = 4;

function readSetting<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = window.localStorage.getItem(key);
    return allowed.find((a) => a === value) ?? fallback;
  } catch {
    return fallback;
  }
}

function writeSetting(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (privacy modes); the choice then lasts for this page only.
  }
}

let nextToastId = 1;

export const createUiSlice: StateCreator<PortholeState, [], [], UiSlice> = (set) => ({
  toasts: [],
  theme: readSetting<ThemeChoice>(THEME_KEY, ['system', 'light', 'dark'], 'system'),
  bridgeStatus: 'connecting',
  payloadMode: readSetting<PayloadMode>(MODE_KEY, ['text', 'hex', 'decoded'], 'text'),
  limitsOpen: false,
  limitsFocusRequest: 0,
  pushToast(title, error) {
    set((state) => {
      // The same failure repeated (e.g. while disconnected) counts up instead of stacking.
      const same = state.toasts.find(
        (t) =>
          t.title === title && t.error.code === error.code && t.error.message === error.message,
      );
      if (same) {
        return {
          toasts: state.toasts.map((t) => (t === same ? { ...t, count: t.count + 1 } : t)),
        };
      }
      const toast = { id: nextToastId++, title, error, count: 1 };
      return { toasts: [...state.toasts, toast].slice(-MAX_TOASTS) };
    });
  },
  dismissToast(id) {
    set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
  },
  setTheme(theme) {
    writeSetting(THEME_KEY, theme);
    set({ theme });
  },
  setBridgeStatus(bridgeStatus) {
    set({ bridgeStatus });
  },
  setPayloadMode(payloadMode) {
    writeSetting(MODE_KEY, payloadMode);
    set({ payloadMode });
  },
  setLimitsOpen(limitsOpen) {
    set({ limitsOpen });
  },
  showLimits() {
    set((state) => ({ limitsOpen: true, limitsFocusRequest: state.limitsFocusRequest + 1 }));
  },
});
