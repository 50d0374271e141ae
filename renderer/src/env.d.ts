// The Electron preload exposes the typed bridge here; in browser mode it is absent.
import type { PortholeApi } from '../../shared/contract';

declare global {
  interface Window {
    readonly porthole?: PortholeApi;
  }
}

export {};
