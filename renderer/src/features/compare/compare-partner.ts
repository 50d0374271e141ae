// Which connection the Compare view offers first: what a person most likely wants to compare.
import type { ConnectionInfo } from '../../../../shared/model';

/** The connection to compare with by default: the original of a replay, else its last replay. */
export function defaultPartner(
  c: ConnectionInfo,
  connections: ReadonlyMap<number, ConnectionInfo>,
): number | null {
  if (c.replayOf !== null) return c.replayOf;
  let latest: number | null = null;
  for (const other of connections.values()) {
    if (other.replayOf === c.id && (latest === null || other.id > latest)) latest = other.id;
  }
  return latest;
}
