// Every read a view makes goes to the capture on screen. Rather than teach each view about
// captures, the app root provides them an API scoped to that capture: the read commands get
// its id added, so the grid, the payload views, find in payload and the payload filter work on
// a past capture unchanged. Everything else passes through (a read-only view offers no action
// that would call it).
import type { PortholeApi } from '../../../shared/contract';

/**
 * A past capture by id, or the live capture (by the id it is recorded under, null in memory
 * only). Each scope gets an API object of its own, so what views cache per API (byte windows,
 * chunk records) never mixes connection #1 of one capture with #1 of another.
 */
export type CaptureScopeKey = { readonly capture: string } | { readonly live: string | null };

export function scopeToCapture(api: PortholeApi, scope: CaptureScopeKey): PortholeApi {
  if (!('capture' in scope)) return { ...api };
  const { capture } = scope;
  return {
    ...api,
    listListeners: (args) => api.listListeners({ ...args, capture }),
    listConnections: (args) => api.listConnections({ ...args, capture }),
    getConnection: (args) => api.getConnection({ ...args, capture }),
    readChunks: (args) => api.readChunks({ ...args, capture }),
    readPayload: (args) => api.readPayload({ ...args, capture }),
    findConnections: (args) => api.findConnections({ ...args, capture }),
    findInPayload: (args) => api.findInPayload({ ...args, capture }),
    exportCapture: (args) => api.exportCapture({ ...args, capture }),
    compareConnections: (args) => api.compareConnections({ ...args, capture }),
  };
}
