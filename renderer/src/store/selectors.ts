// Named selectors. Components pick single fields with these, or several with useShallow.
import type { ErrorInfo } from '../../../shared/errors';
import type { CaptureSummary, ConnectionInfo, ListenerInfo } from '../../../shared/model';
import type { PortholeState } from './porthole-state';
import { isFiltering } from './visible-ids';

export const selectConnectionsVersion = (s: PortholeState): number => s.connectionsVersion;
export const selectSelectedId = (s: PortholeState): number | null => s.selectedId;
export const selectStats = (s: PortholeState) => s.stats;
export const selectToasts = (s: PortholeState) => s.toasts;
export const selectTheme = (s: PortholeState) => s.theme;
export const selectBridgeStatus = (s: PortholeState) => s.bridgeStatus;
export const selectPayloadMode = (s: PortholeState) => s.payloadMode;
export const selectListenerOrder = (s: PortholeState): readonly string[] => s.listenerOrder;

export const selectListener =
  (id: string) =>
  (s: PortholeState): ListenerInfo | undefined =>
    s.listeners[id];

/**
 * The error to show next to a port: the engine's, on its snapshot, whatever the state — a
 * failed bind, or a runtime error (accept failing with EMFILE…) on a port that stays open.
 */
export const selectListenerError =
  (id: string) =>
  (s: PortholeState): ErrorInfo | null =>
    s.listeners[id]?.error ?? null;

export const selectPortFiltered =
  (id: string) =>
  (s: PortholeState): boolean =>
    s.filter.listenerId === id;

/** The selected connection's latest snapshot (a new object whenever it changed). */
export const selectSelectedConnection = (s: PortholeState): ConnectionInfo | undefined =>
  s.selectedId === null ? undefined : s.connections.get(s.selectedId);

export const selectOpenListenerCount = (s: PortholeState): number => {
  let n = 0;
  for (const id of s.listenerOrder) if (s.listeners[id]?.state === 'open') n += 1;
  return n;
};

export const selectFiltering = (s: PortholeState): boolean => isFiltering(s.filter);
/** Ids the connection list shows; read together with selectConnectionsVersion (see store). */
export const selectVisibleIds = (s: PortholeState): readonly number[] => s.visibleIds;
export const selectLimits = (s: PortholeState) => s.stats?.limits ?? null;

/** The past capture on screen (read-only), or null for the live one. */
export const selectShownCapture = (s: PortholeState): CaptureSummary | null => s.shownCapture;
/** A past capture is on screen: no port actions, no sending, no closing, no clearing. */
export const selectReadOnly = (s: PortholeState): boolean => s.shownCapture !== null;
/** The capture being recorded into, by id; null when captures stay in memory only. */
export const selectLiveCaptureId = (s: PortholeState): string | null =>
  s.stats?.persistence?.captureId ?? null;

/**
 * The newest past capture worth offering after a restart: one that recorded something (every
 * start begins a capture, so an empty one is usually just the start before).
 */
export const selectLastPastCapture = (s: PortholeState): CaptureSummary | null =>
  s.captures?.find((c) => !c.current && c.connections > 0) ?? null;
