// The timeline's own index of the store's connections, in typed arrays, kept up to date in
// O(new + open) per frame: new ids are appended (ids ascend in arrival order), and only open
// connections can still change. Removals (eviction, clear) are found by a scan only when the
// map shrank, and leave holes that a rebuild compacts once they are half the index. Each lane
// (port) packs its connections into rows; within a row bars never overlap, so starts and ends
// both ascend and the visible bars of a row are two binary searches away.
import type { ConnectionInfo } from '../../../../../shared/model';
import { upperBound } from '../../../lib/search';
import { barStateOf, REMOVED } from './bar-state';
import { LanePacker } from './lane-packing';

export interface Lane {
  readonly key: string;
  readonly packer: LanePacker;
  /** Per row: indexes into the index's arrays, in start order. */
  readonly rows: number[][];
  /** Connections in this lane (holes excluded). */
  count: number;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

export class TimelineIndex {
  count = 0;
  ids = new Int32Array(1024);
  start = new Float64Array(1024);
  /** Infinity while open. */
  end = new Float64Array(1024);
  bytesIn = new Float64Array(1024);
  bytesOut = new Float64Array(1024);
  state = new Uint8Array(1024);
  lane = new Int32Array(1024);
  row = new Int32Array(1024);
  /** The snapshot each index was built from: an open connection changed when it differs. */
  private refs: (ConnectionInfo | undefined)[] = [];
  readonly lanes: Lane[] = [];
  private readonly laneByKey = new Map<string, number>();
  private readonly byId = new Map<number, number>();
  private readonly open = new Set<number>();
  private maxId = 0;
  private holes = 0;
  /** Earliest start and latest known time (start or end) seen, for "fit". */
  first = Infinity;
  last = -Infinity;
  /** Bumped whenever anything drawn may have changed. */
  version = 0;

  /** Connections indexed (holes excluded). */
  get live(): number {
    return this.count - this.holes;
  }

  get openCount(): number {
    return this.open.size;
  }

  indexOf(id: number): number | undefined {
    return this.byId.get(id);
  }

  connection(index: number): ConnectionInfo | undefined {
    return this.refs[index];
  }

  /**
   * Catch up with the store's map and id array (ascending ids), adding at most `budget` new
   * connections: indexing costs ~1–3 µs each, so a first look at 100,000 is spread over frames
   * instead of being one long task. Returns true while there is more to add.
   */
  sync(
    connections: ReadonlyMap<number, ConnectionInfo>,
    ids: readonly number[],
    budget = Infinity,
  ): boolean {
    if (connections.size === 0 && this.count > 0) this.reset();
    // Closings first: a connection that closed frees its row for the new ones below.
    for (const index of this.open) {
      const c = connections.get(this.ids[index] ?? -1);
      if (c && c !== this.refs[index]) this.update(index, c);
    }
    // New ids sit at the end of the ascending array.
    let from = upperBound(ids, this.maxId);
    // Some went (evicted, cleared) when the map holds fewer than we index plus those to add.
    if (connections.size < this.live + (ids.length - from)) {
      this.removeMissing(connections);
      if (this.holes > 1000 && this.holes * 2 > this.count) {
        // Mostly holes: start again, re-adding in slices like a first look.
        this.reset();
        from = 0;
      }
    }
    const to = Math.min(ids.length, from + budget);
    for (let i = from; i < to; i++) {
      const c = connections.get(ids[i] ?? -1);
      if (c) this.add(c);
    }
    return to < ids.length;
  }

  /** Forget everything (a different capture is on screen). */
  reset(): void {
    this.count = 0;
    this.refs = [];
    this.lanes.length = 0;
    this.laneByKey.clear();
    this.byId.clear();
    this.open.clear();
    this.maxId = 0;
    this.holes = 0;
    this.first = Infinity;
    this.last = -Infinity;
    this.version++;
  }

  private ensure(size: number): void {
    if (size <= this.ids.length) return;
    const n = Math.max(size, this.ids.length * 2);
    this.ids = grown(this.ids, n);
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
    this.bytesIn = grown(this.bytesIn, n);
    this.bytesOut = grown(this.bytesOut, n);
    this.state = grown(this.state, n);
    this.lane = grown(this.lane, n);
    this.row = grown(this.row, n);
  }

  private laneFor(key: string): number {
    let lane = this.laneByKey.get(key);
    if (lane === undefined) {
      lane = this.lanes.length;
      this.lanes.push({ key, packer: new LanePacker(), rows: [], count: 0 });
      this.laneByKey.set(key, lane);
    }
    return lane;
  }

  private add(c: ConnectionInfo): void {
    const i = this.count++;
    this.ensure(this.count);
    const end = c.closedAt ?? Infinity;
    const laneIndex = this.laneFor(c.listenerId);
    const lane = this.lanes[laneIndex] as Lane;
    const row = lane.packer.place(c.openedAt, end);
    (lane.rows[row] ??= []).push(i);
    lane.count++;
    this.ids[i] = c.id;
    this.start[i] = c.openedAt;
    this.end[i] = end;
    this.bytesIn[i] = c.in.received;
    this.bytesOut[i] = c.out.received;
    this.state[i] = barStateOf(c);
    this.lane[i] = laneIndex;
    this.row[i] = row;
    this.refs[i] = c;
    this.byId.set(c.id, i);
    if (c.id > this.maxId) this.maxId = c.id;
    if (end === Infinity) this.open.add(i);
    this.first = Math.min(this.first, c.openedAt);
    this.last = Math.max(this.last, c.openedAt, c.closedAt ?? c.openedAt);
    this.version++;
  }

  private update(i: number, c: ConnectionInfo): void {
    this.refs[i] = c;
    this.bytesIn[i] = c.in.received;
    this.bytesOut[i] = c.out.received;
    this.state[i] = barStateOf(c);
    if (c.closedAt !== null) {
      // Never before its start: clocks are one machine's, but keep the row's order safe.
      const end = Math.max(c.closedAt, this.start[i] ?? c.closedAt);
      this.end[i] = end;
      this.last = Math.max(this.last, end);
      this.open.delete(i);
      const lane = this.lanes[this.lane[i] ?? 0];
      const row = this.row[i] ?? 0;
      // Only the last bar of a row can be open: nothing was placed after it.
      if (lane && lane.rows[row]?.at(-1) === i) lane.packer.setEnd(row, end);
    }
    this.version++;
  }

  private removeMissing(connections: ReadonlyMap<number, ConnectionInfo>): void {
    for (let i = 0; i < this.count; i++) {
      if (this.state[i] === REMOVED) continue;
      const id = this.ids[i] ?? 0;
      if (connections.has(id)) continue;
      this.state[i] = REMOVED;
      this.refs[i] = undefined;
      this.byId.delete(id);
      const lane = this.lanes[this.lane[i] ?? 0];
      if (lane) lane.count--;
      // An open connection that went frees its row, or nothing could ever be placed there.
      if (this.open.delete(i) && lane && lane.rows[this.row[i] ?? 0]?.at(-1) === i) {
        lane.packer.setEnd(this.row[i] ?? 0, this.start[i] ?? 0);
      }
      this.holes++;
    }
    this.version++;
  }
}
