// Everything that changes engine-derived state (and the connection filter) is one of these,
// pushed onto the store's frame queue and applied with the rest of that frame in one update.
import type {
  CaptureLimits,
  ConnectionInfo,
  EngineStats,
  EventBatch,
  ListenerInfo,
} from '../../../shared/model';
import type { ConnectionFilter } from './connection-filter';

export type StoreOp =
  | { readonly kind: 'batch'; readonly batch: EventBatch }
  | { readonly kind: 'listeners'; readonly listeners: readonly ListenerInfo[] }
  | { readonly kind: 'listener'; readonly listener: ListenerInfo }
  | { readonly kind: 'listener-removed'; readonly id: string }
  | { readonly kind: 'connections'; readonly connections: readonly ConnectionInfo[] }
  | { readonly kind: 'stats'; readonly stats: EngineStats }
  | { readonly kind: 'limits'; readonly limits: CaptureLimits }
  /**
   * A re-list starts. `fresh`: it lists another capture (a past one, or back to the live one),
   * so what the store holds belongs to a different capture and goes at once.
   */
  | { readonly kind: 'sync-begin'; readonly fresh?: boolean }
  | { readonly kind: 'sync-end'; readonly complete: boolean }
  /** Filter edits ride the frame queue so typing re-filters at most once per frame. */
  | { readonly kind: 'filter'; readonly patch: Partial<ConnectionFilter> };
