// One bridge per page: the Electron preload's window.porthole when present, otherwise the
// browser-mode WebSocket. Both have the same PortholeApi type.
import type { PortholeApi } from '../../../shared/contract';
import { createStatusEmitter, type BridgeStatusSource } from './bridge-status';
import { wrapInjectedBridge } from './safe-bridge';
import { engineSocketUrl } from './session';
import { createWsBridge } from './ws-bridge';

let bridge: PortholeApi | null = null;
// Electron IPC has no connection to lose, so it starts (and stays) open.
const status = createStatusEmitter(window.porthole ? 'open' : 'connecting');

export function getBridge(): PortholeApi {
  if (bridge) return bridge;
  const injected = window.porthole;
  bridge = injected
    ? wrapInjectedBridge(injected)
    : createWsBridge({ url: engineSocketUrl, status });
  return bridge;
}

export function getBridgeStatus(): BridgeStatusSource {
  return status;
}
