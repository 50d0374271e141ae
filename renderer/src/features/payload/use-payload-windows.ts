// What the text and hex views share about bytes: re-render when fetched bytes land, remember
// which items are on screen, ask the byte cache for their windows after every render, and ask
// the chunk source for more records when the view nears the end of those loaded.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { markFirstBytes } from '../../lib/perf-marks';
import type { VisibleRange } from '../../virtual/virtual-viewport';
import type { ByteCache, WindowRequest } from './data/byte-cache';
import type { ChunkSource } from './data/chunk-source';
import { useByteCache } from './data/use-byte-cache';

export interface PayloadWindowsOptions {
  readonly connectionId: number;
  readonly source: ChunkSource;
  /** The windows items first..last (inclusive) need. */
  readonly requestsFor: (first: number, last: number) => WindowRequest[];
  /** Items in the view, and how close to the last one more records are loaded. */
  readonly itemCount: number;
  readonly loadMoreWithin: number;
}

export interface PayloadWindows {
  readonly cache: ByteCache;
  readonly onRangeChange: (range: VisibleRange) => void;
}

export function usePayloadWindows({
  connectionId,
  source,
  requestsFor,
  itemCount,
  loadMoreWithin,
}: PayloadWindowsOptions): PayloadWindows {
  const cache = useByteCache();
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  const [range, setRange] = useState<VisibleRange>({ first: -1, last: -1 });

  // Every render: the connection, its records or the cached bytes may have moved on.
  useEffect(() => {
    const requests = range.last < 0 ? [] : requestsFor(Math.max(0, range.first), range.last);
    cache.want(requests);
    // First bytes on screen for this selection: close the "payload open" measure.
    const shown = requests.some(
      (r) => (cache.get(r.connectionId, r.direction, r.index)?.bytes.length ?? 0) > 0,
    );
    if (shown) markFirstBytes(connectionId);
    if (range.last >= itemCount - loadMoreWithin && !source.complete) source.loadMore();
  });

  return { cache, onRangeChange: setRange };
}
