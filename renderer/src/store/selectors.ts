// Named selectors. Components pick single fields with these, or several with useShallow.
import type { ConnectionInfo, ListenerInfo } from '../../../shared/model';
import type { PortholeState } from './store-types';

export const selectConnectionsVersion = (s: PortholeState): number => s.connectionsVersion;
export const selectSelectedId = (s: PortholeState): number | null => s.selectedId;
export const selectFilter = (s: PortholeState) => s.filter;
export const selectStats = (s: PortholeState) => s.stats;
export const selectLoading = (s: PortholeState): boolean => s.loading;
export const selectToasts = (s: PortholeState) => s.toasts;
export const selectTheme = (s: PortholeState) => s.theme;
export const selectBridgeStatus = (s: PortholeState) => s.bridgeStatus;
export const selectPayloadMode = (s: PortholeState) => s.payloadMode;
export const selectListenerOrder = (s: PortholeState): readonly string[] => s.listenerOrder;
export const selectListenerCount = (s: PortholeState): number => s.listenerOrder.length;

export const selectListener =
  (id: string) =>
  (s: PortholeState): ListenerInfo | undefined =>
    s.listeners[id];

export const selectListenerError = (id: string) => (s: PortholeState) => s.listenerErrors[id];

/** The selected connection's latest snapshot (a new object whenever it changed). */
export const selectSelectedConnection = (s: PortholeState): ConnectionInfo | undefined =>
  s.selectedId === null ? undefined : s.connections.get(s.selectedId);

export const selectOpenListenerCount = (s: PortholeState): number => {
  let n = 0;
  for (const id of s.listenerOrder) if (s.listeners[id]?.state === 'open') n += 1;
  return n;
};
