// What the window shows besides engine data: toasts, theme, the bridge's status, the payload
// mode and the limits section. Changes only on user actions or a bridge transition, so each
// action sets its fields directly rather than going through the frame queue.
import type { StateCreator } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors';
import type { PayloadSpec } from '../../../shared/payload-spec';
import type { BridgeStatus } from '../bridge/bridge-status';
import type { PortholeState } from './porthole-state';

export type ThemeChoice = 'system' | 'light' | 'dark';
/** 'decoded' shows only where a protocol decoder applies; elsewhere the inspector shows text. */
export type PayloadMode = 'text' | 'hex' | 'decoded';

export interface Toast {
  readonly id: number;
  readonly title: string;
  readonly error: ErrorInfo;
  readonly count: number;
}

export interface UiSlice {
  readonly toasts: readonly Toast[];
  readonly theme: ThemeChoice;
  readonly bridgeStatus: BridgeStatus;
  readonly payloadMode: PayloadMode;
  /** The "Capture limits" section of the ports panel is expanded. */
  readonly limitsOpen: boolean;
  /** Bumped to ask the limits form to take focus (e.g. from the status bar). */
  readonly limitsFocusRequest: number;
  /**
   * The connections filter's "Payload contains" pattern while it filters (valid, not empty): the
   * payload's find starts from it, so the matching bytes are marked in the connection opened.
   */
  readonly payloadFilterPattern: PayloadSpec | null;
  pushToast(title: string, error: ErrorInfo): void;
  /**
   * A failed command with no better place to show it: a toast, except for a lost transport,
   * which the connection banner shows once rather than once per command.
   */
  reportError(title: string, error: ErrorInfo): void;
  dismissToast(id: number): void;
  setTheme(theme: ThemeChoice): void;
  setBridgeStatus(status: BridgeStatus): void;
  setPayloadMode(mode: PayloadMode): void;
  setLimitsOpen(open: boolean): void;
  setPayloadFilterPattern(pattern: PayloadSpec | null): void;
  /** Expand the limits section and move focus into it. */
  showLimits(): void;
}

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

export const createUiSlice: StateCreator<PortholeState, [], [], UiSlice> = (set, get) => ({
  toasts: [],
  theme: readSetting<ThemeChoice>(THEME_KEY, ['system', 'light', 'dark'], 'system'),
  bridgeStatus: 'connecting',
  payloadMode: readSetting<PayloadMode>(MODE_KEY, ['text', 'hex', 'decoded'], 'text'),
  limitsOpen: false,
  limitsFocusRequest: 0,
  payloadFilterPattern: null,
  setPayloadFilterPattern(payloadFilterPattern) {
    const now = get().payloadFilterPattern;
    const same =
      now === payloadFilterPattern ||
      (now !== null &&
        payloadFilterPattern !== null &&
        now.format === payloadFilterPattern.format &&
        now.value === payloadFilterPattern.value);
    if (!same) set({ payloadFilterPattern });
  },
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
  reportError(title, error) {
    if (error.code !== 'TRANSPORT_CLOSED') get().pushToast(title, error);
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
