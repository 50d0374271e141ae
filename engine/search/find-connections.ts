// findConnections: which remembered connections contain a byte pattern, scanned a bounded amount
// per call so a search over a large history never holds the engine (and every socket on it) for
// long. The caller pages with `nextAfterId` until it is null.

import type { Direction } from '../../shared/model';
import type { ConnectionHistory } from '../core/connection-history';
import type { ConnectionRecorder } from '../recording/connection-recorder';
import { containsPattern, type SearchProgress } from './block-search';

/** Default bytes one call looks at before it hands back a continuation (≈10–30 ms of indexOf). */
const DEFAULT_SCAN_BUDGET = 32 * 1024 * 1024;
let scanBudget = DEFAULT_SCAN_BUDGET;

/** Tests only: a small budget makes paging observable. Returns the previous value. */
export function setScanBudget(bytes: number): number {
  const previous = scanBudget;
  scanBudget = Math.max(1, bytes);
  return previous;
}

/** Bytes one findConnections call may look at (past captures use the same bound). */
export function scanBudgetBytes(): number {
  return scanBudget;
}

export interface FindConnectionsResult {
  ids: number[];
  nextAfterId: number | null;
  scannedBytes: number;
}

const PAGE = 256;

/**
 * Connections after `afterId` (id order) whose bytes in `directions` contain `pattern`. A call
 * always finishes the connection it is on (continuations are per connection), so one call may
 * exceed the budget by at most one connection's captured bytes.
 */
export async function findConnections(
  history: ConnectionHistory,
  pattern: Buffer,
  directions: readonly Direction[],
  afterId: number,
  limit: number,
): Promise<FindConnectionsResult> {
  const ids: number[] = [];
  const progress: SearchProgress = { scanned: 0 };
  let cursor = afterId;
  for (;;) {
    const { items, more } = history.page(cursor, PAGE);
    for (const [i, conn] of items.entries()) {
      if (await contains(conn.recorder, pattern, directions, progress)) ids.push(conn.id);
      cursor = conn.id;
      const last = !more && i === items.length - 1;
      if (last) return { ids, nextAfterId: null, scannedBytes: progress.scanned };
      if (ids.length >= limit || progress.scanned >= scanBudget) {
        return { ids, nextAfterId: cursor, scannedBytes: progress.scanned };
      }
    }
    if (items.length === 0 || !more) {
      return { ids, nextAfterId: null, scannedBytes: progress.scanned };
    }
  }
}

/** Whether one connection's bytes hold the pattern: from memory, or from the capture file. */
async function contains(
  recorder: ConnectionRecorder,
  pattern: Buffer,
  directions: readonly Direction[],
  progress: SearchProgress,
): Promise<boolean> {
  const disk = recorder.onDisk;
  for (const d of directions) {
    if (disk === null) {
      if (containsPattern(recorder.log(d).pieces(), pattern, progress)) return true;
      continue;
    }
    progress.scanned += recorder.captured(d);
    let found = false;
    await disk.search(d, pattern, 0, () => {
      found = true;
      return false;
    });
    if (found) return true;
  }
  return false;
}
