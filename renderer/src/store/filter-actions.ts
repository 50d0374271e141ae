// Filter edits from the filter bar. Queued with the frame's batches rather than applied at once,
// so a burst of edits (and the batches of the same frame) cost one filter pass per frame.
import type { ConnectionFilter } from './connection-filter';
import { frameQueue } from './queue';

export function queueFilter(patch: Partial<ConnectionFilter>): void {
  frameQueue.push({ kind: 'filter', patch });
}
