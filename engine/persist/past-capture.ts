// A capture on disk opened read-only: its ports, its connections and their bytes, answered the
// way the live engine answers (same shapes, same paging), so every view works on it unchanged.
// Opening walks record headers only; bytes are read by range when a view asks, and checked
// against their checksums on the way.

import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../shared/errors';
import type { Chunk, ConnectionInfo, Direction, ListenerInfo } from '../../shared/model';
import type { BytesOnDisk } from '../recording/connection-recorder';
import { readCapture, type CaptureContents } from './capture-reader';
import { readRange, refsOf, searchRange } from './chunk-file-reader';
import { pastConnections, type PastConnection } from './past-connections';
import { captureRecordSchema, listenerRecordSchema } from './record-schemas';

export interface PastCaptureFacts {
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly interrupted: boolean;
  readonly damaged: boolean;
  readonly ports: number;
  readonly connections: number;
  readonly bytes: number;
  readonly fileBytes: number;
}

const dirIndex = (d: Direction): 0 | 1 => (d === 'in' ? 0 : 1);

export class PastCapture {
  private readonly byId = new Map<number, PastConnection>();
  private readonly ordered: PastConnection[];
  readonly listeners: readonly ListenerInfo[];
  readonly facts: PastCaptureFacts;

  private constructor(
    private readonly handle: FileHandle,
    contents: CaptureContents,
  ) {
    this.ordered = pastConnections(
      contents.connections,
      contents.chunks,
      contents.lost,
      contents.endedAt,
    );
    for (const conn of this.ordered) this.byId.set(conn.info.id, conn);
    // A port's record is written when its state changes, not on traffic: its figures in this
    // capture come from the capture's own connections.
    const figures = new Map<string, { total: number; bytesIn: number; bytesOut: number }>();
    for (const { info } of this.ordered) {
      const f = figures.get(info.listenerId) ?? { total: 0, bytesIn: 0, bytesOut: 0 };
      f.total++;
      f.bytesIn += info.in.received;
      f.bytesOut += info.out.received;
      figures.set(info.listenerId, f);
    }
    const listeners: ListenerInfo[] = [];
    for (const raw of contents.listeners.values()) {
      const parsed = listenerRecordSchema.safeParse(raw);
      if (!parsed.success) continue;
      const l = parsed.data;
      const f = figures.get(l.id) ?? { total: 0, bytesIn: 0, bytesOut: 0 };
      // A past capture's ports are history: none of them is open now.
      const live = l.state === 'open' || l.state === 'opening' || l.state === 'closing';
      listeners.push({
        ...l,
        ...(live ? { state: 'closed', addresses: [] } : {}),
        connectionsOpen: 0,
        connectionsTotal: f.total,
        bytesIn: f.bytesIn,
        bytesOut: f.bytesOut,
      });
    }
    this.listeners = listeners;
    const header = captureRecordSchema.safeParse(contents.capture);
    let bytes = 0;
    for (const c of this.ordered) bytes += c.info.in.captured + c.info.out.captured;
    this.facts = {
      startedAt: header.success ? header.data.startedAt : null,
      endedAt: contents.endedAt,
      interrupted: contents.endedAt === null,
      damaged: contents.damaged.length > 0 || contents.tornTailBytes > 0,
      ports: listeners.length,
      connections: this.ordered.length,
      bytes,
      fileBytes: contents.fileBytes,
    };
  }

  static async open(file: string): Promise<Result<PastCapture>> {
    const contents = await readCapture(file);
    if (!contents.ok) return contents;
    try {
      return ok(new PastCapture(await open(file, 'r'), contents.value));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail(appError('CAPTURE_UNREADABLE', { detail }));
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  get(id: number): ConnectionInfo | undefined {
    return this.byId.get(id)?.info;
  }

  /** Connections with id > afterId, in id order, at most `limit` (what exports walk). */
  page(
    afterId: number,
    limit: number,
  ): { connections: ConnectionInfo[]; nextAfterId: number | null } {
    return this.connectionsPage({ afterId, limit, newest: false });
  }

  /** As listConnections pages the live engine (see the contract). */
  connectionsPage(range: {
    readonly afterId: number;
    readonly beforeId?: number | undefined;
    readonly limit: number;
    readonly newest: boolean;
  }): { connections: ConnectionInfo[]; nextAfterId: number | null } {
    const from = this.firstIndexAfter(range.afterId);
    const end = this.firstIndexAfter((range.beforeId ?? Infinity) - 1);
    if (range.newest) {
      const start = Math.max(from, end - range.limit);
      return { connections: this.infos(start, end), nextAfterId: null };
    }
    const to = Math.min(end, from + range.limit);
    const items = this.infos(from, to);
    const last = items[items.length - 1];
    return { connections: items, nextAfterId: to < end && last !== undefined ? last.id : null };
  }

  private infos(from: number, to: number): ConnectionInfo[] {
    return this.ordered.slice(from, Math.max(from, to)).map((c) => c.info);
  }

  readChunks(id: number, from: number, count: number): Chunk[] | undefined {
    const conn = this.byId.get(id);
    if (conn === undefined) return undefined;
    return conn.chunks.slice(from, from + count).map((ref, i) => ({
      index: from + i,
      direction: ref.direction === 0 ? 'in' : 'out',
      at: ref.at,
      offset: ref.offset,
      length: ref.length,
      captured: ref.length,
    }));
  }

  /**
   * Bytes of one direction from `offset`, at most `length`, stopping where the file has none
   * (bytes that never reached the disk, or damage found now). RANGE_NOT_CAPTURED when `offset`
   * itself is such a place inside what was received.
   */
  async readPayload(
    id: number,
    direction: Direction,
    offset: number,
    length: number,
  ): Promise<Result<Buffer>> {
    const conn = this.byId.get(id);
    if (conn === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
    const refs = conn.byDirection[dirIndex(direction)];
    const data = await readRange(this.handle, refsOf(refs), offset, length);
    if (data === null)
      return fail(appError('CAPTURE_UNREADABLE', { detail: 'Part of this capture file' }));
    const received = conn.info[direction].received;
    if (data.length === 0 && offset < received) {
      const detail = `${direction} bytes from ${offset}: they are not in the capture file (a cap, or a disk that could not keep up)`;
      return fail(appError('RANGE_NOT_CAPTURED', { id, detail }));
    }
    return ok(data);
  }

  /** One connection's bytes as read from the file: what find in payload searches. */
  bytesOf(id: number): BytesOnDisk | undefined {
    const conn = this.byId.get(id);
    if (conn === undefined) return undefined;
    return {
      read: (direction, offset, length) =>
        readRange(this.handle, refsOf(conn.byDirection[dirIndex(direction)]), offset, length),
      search: (direction, pattern, from, onMatch) =>
        this.search(conn, dirIndex(direction), pattern, from, onMatch),
    };
  }

  /** Connections after `afterId` whose bytes contain `pattern`, scanning at most `budget` bytes. */
  async findConnections(
    pattern: Buffer,
    directions: readonly Direction[],
    afterId: number,
    limit: number,
    budget: number,
  ): Promise<{ ids: number[]; nextAfterId: number | null; scannedBytes: number }> {
    const ids: number[] = [];
    let scanned = 0;
    for (let i = this.firstIndexAfter(afterId); i < this.ordered.length; i++) {
      const conn = this.ordered[i];
      if (conn === undefined) break;
      let found = false;
      for (const d of directions) {
        scanned += conn.info[d].captured;
        if (found) continue;
        await this.search(conn, dirIndex(d), pattern, 0, () => {
          found = true;
          return false;
        });
      }
      if (found) ids.push(conn.info.id);
      const last = i === this.ordered.length - 1;
      if (last) return { ids, nextAfterId: null, scannedBytes: scanned };
      if (ids.length >= limit || scanned >= budget) {
        return { ids, nextAfterId: conn.info.id, scannedBytes: scanned };
      }
    }
    return { ids, nextAfterId: null, scannedBytes: scanned };
  }

  private search(
    conn: PastConnection,
    dir: 0 | 1,
    pattern: Buffer,
    from: number,
    onMatch: (offset: number) => boolean,
  ): Promise<void> {
    const refs = conn.byDirection[dir];
    const last = refs[refs.length - 1];
    const end = last === undefined ? 0 : last.offset + last.length;
    return searchRange(this.handle, refsOf(refs), end, pattern, from, onMatch);
  }

  /** Position of the first connection with an id above `afterId` (ids are in order). */
  private firstIndexAfter(afterId: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid]?.info.id ?? 0) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
