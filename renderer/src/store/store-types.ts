// The renderer's state, as slices combined into one zustand store.
import type { ErrorInfo } from '../../../shared/errors';
import type {
  CaptureLimits,
  ConnectionInfo,
  EngineStats,
  EventBatch,
  ListenerInfo,
} from '../../../shared/model';
import type { BridgeStatus } from '../bridge/bridge-status';

export interface ListenersSlice {
  readonly listeners: Readonly<Record<string, ListenerInfo>>;
  /** Listener ids in the order they first appeared. */
  readonly listenerOrder: readonly string[];
  /** Errors from reopen/close commands, shown inside that port's item. */
  readonly listenerErrors: Readonly<Record<string, ErrorInfo>>;
  /** Ids removed by removeListener; a late snapshot must not bring them back. */
  readonly listenerTombstones: ReadonlySet<string>;
  setListenerError(id: string, error: ErrorInfo | null): void;
}

export interface ConnectionsSlice {
  /**
   * Connections by id, mutated in place so that a batch costs O(changed) even with 100,000+
   * entries. Never select this directly: select connectionsVersion, which changes whenever the
   * map or connectionIds do, and read them from the state in that render.
   */
  readonly connections: Map<number, ConnectionInfo>;
  /** Ids ascending (= arrival order), mutated in place like `connections`. */
  readonly connectionIds: number[];
  /**
   * The ids passing the connection filter: `connectionIds` itself when no filter is active,
   * otherwise an ascending copy maintained (in place) from each frame's changes.
   */
  readonly visibleIds: number[];
  /** Changes whenever `connections`, `connectionIds` or `visibleIds` do. */
  readonly connectionsVersion: number;
  readonly stats: EngineStats | null;
  /** True while listeners and connections are being (re)listed. */
  readonly loading: boolean;
  /** Ids not yet confirmed by the re-list in progress; whatever is left at the end is gone. */
  readonly unconfirmed: Set<number> | null;
}

import type { ConnectionFilter } from './connection-filter';

export type { ConnectionFilter } from './connection-filter';

export interface SelectionSlice {
  readonly selectedId: number | null;
  readonly filter: ConnectionFilter;
  select(id: number | null): void;
  setFilter(patch: Partial<ConnectionFilter>): void;
}

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
  pushToast(title: string, error: ErrorInfo): void;
  dismissToast(id: number): void;
  setTheme(theme: ThemeChoice): void;
  setBridgeStatus(status: BridgeStatus): void;
  setPayloadMode(mode: PayloadMode): void;
  setLimitsOpen(open: boolean): void;
  /** Expand the limits section and move focus into it. */
  showLimits(): void;
}

/** Everything that changes engine-derived state goes through one ordered queue of these. */
export type StoreOp =
  | { readonly kind: 'batch'; readonly batch: EventBatch }
  | { readonly kind: 'listeners'; readonly listeners: readonly ListenerInfo[] }
  | { readonly kind: 'listener'; readonly listener: ListenerInfo }
  | { readonly kind: 'listener-removed'; readonly id: string }
  | { readonly kind: 'connections'; readonly connections: readonly ConnectionInfo[] }
  | { readonly kind: 'stats'; readonly stats: EngineStats }
  | { readonly kind: 'limits'; readonly limits: CaptureLimits }
  | { readonly kind: 'sync-begin' }
  | { readonly kind: 'sync-end'; readonly complete: boolean }
  /** Filter edits ride the frame queue so typing re-filters at most once per frame. */
  | { readonly kind: 'filter'; readonly patch: Partial<ConnectionFilter> };

export interface SyncSlice {
  /** Apply queued ops in one state update (the rAF flush calls this once per frame). */
  applyOps(ops: readonly StoreOp[]): void;
}

export type PortholeState = ListenersSlice &
  ConnectionsSlice &
  SelectionSlice &
  UiSlice &
  SyncSlice;
