// In-place maintenance of the connection map and its ascending id array. Each function costs
// O(changed) in the common cases (new ids are larger than all known ones; evictions take the
// oldest), falling back to one linear pass when ids arrive out of order or holes are punched.
import type { ConnectionInfo } from '../../../shared/model';
import { lowerBound } from '../lib/search';

/** Upsert snapshots; returns the id array (the same one unless a merge was needed). */
export function upsertConnections(
  map: Map<number, ConnectionInfo>,
  ids: number[],
  list: readonly ConnectionInfo[],
  unconfirmed: Set<number> | null,
): number[] {
  let fresh: number[] | null = null;
  for (const connection of list) {
    if (!map.has(connection.id)) (fresh ??= []).push(connection.id);
    map.set(connection.id, connection);
    unconfirmed?.delete(connection.id);
  }
  if (fresh === null) return ids;
  return insertSortedIds(ids, fresh);
}

/** Add ids that are not in the ascending array yet; returns it (or a merged copy). */
export function insertSortedIds(ids: number[], fresh: number[]): number[] {
  if (fresh.length === 0) return ids;
  fresh.sort((a, b) => a - b);
  const last = ids[ids.length - 1] ?? -Infinity;
  if ((fresh[0] ?? 0) > last) {
    for (const id of fresh) ids.push(id);
    return ids;
  }
  return mergeSorted(ids, fresh);
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x <= y) {
      out[k++] = x;
      i += 1;
    } else {
      out[k++] = y;
      j += 1;
    }
  }
  while (i < a.length) out[k++] = a[i++] ?? 0;
  while (j < b.length) out[k++] = b[j++] ?? 0;
  return out;
}

/** Remove ids from the map and the array; returns the ids that were actually known. */
export function removeConnections(
  map: Map<number, ConnectionInfo>,
  ids: number[],
  removed: Iterable<number>,
): Set<number> {
  const gone = new Set<number>();
  for (const id of removed) if (map.delete(id)) gone.add(id);
  removeSortedIds(ids, gone);
  return gone;
}

/** Delete every id in `gone` from the ascending array, in place. */
export function removeSortedIds(ids: number[], gone: ReadonlySet<number>): void {
  if (gone.size === 0) return;
  // Eviction takes the oldest closed connections, usually a prefix: splice(0, n) is cheap.
  let prefix = 0;
  while (prefix < ids.length && gone.has(ids[prefix] ?? NaN)) prefix += 1;
  if (prefix === gone.size) {
    ids.splice(0, prefix);
    return;
  }
  let min = Infinity;
  for (const id of gone) if (id < min) min = id;
  let write = lowerBound(ids, min);
  for (let read = write; read < ids.length; read += 1) {
    const id = ids[read] ?? 0;
    if (!gone.has(id)) ids[write++] = id;
  }
  ids.length = write;
}

/** History was cleared: every closed connection goes (O(n), but clearing is rare). */
export function removeClosedConnections(
  map: Map<number, ConnectionInfo>,
  ids: number[],
): Set<number> {
  const closed: number[] = [];
  for (const [id, connection] of map) if (connection.state === 'closed') closed.push(id);
  return removeConnections(map, ids, closed);
}

/** Another capture is shown: nothing of the one before stays (O(n), once per switch). */
export function clearConnections(map: Map<number, ConnectionInfo>, ids: number[]): void {
  map.clear();
  ids.length = 0;
}
