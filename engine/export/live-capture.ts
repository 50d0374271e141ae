// The capture being recorded, seen through the same read interface as a past capture, so every
// exporter works on it unchanged. Connections still open export as they are at that moment;
// one forgotten while the export runs (history's cap) ends where its bytes stop.

import { appError, fail } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';
import { readLiveBytes } from '../core/live-bytes';
import type { PcapngCapture } from './pcapng/export-pcapng';

export function liveCapture(core: EngineCore): PcapngCapture {
  return {
    get listeners() {
      return [...core.listeners.values()].map((listener) => listener.snapshot());
    },
    get: (id) => core.history.get(id)?.info(),
    page: (afterId, limit) => {
      const { items, more } = core.history.page(afterId, limit);
      const last = items[items.length - 1];
      return {
        connections: items.map((conn) => conn.info()),
        nextAfterId: more && last !== undefined ? last.id : null,
      };
    },
    readChunks: (id, from, count) => core.history.get(id)?.recorder.readChunks(from, count),
    readPayload: async (id, direction, offset, length) => {
      const conn = core.history.get(id);
      if (conn === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
      return readLiveBytes(conn, direction, offset, length);
    },
  };
}
