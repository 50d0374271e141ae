// A capture on disk opened read-only: its ports, its connections and their bytes, answered the
// way the live engine answers (same shapes, same paging), so every view works on it unchanged.
// Opening walks record headers only; bytes are read by range when a view asks, and checked
// against their checksums on the way.

import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../shared/errors';
import type { Chunk, ConnectionInfo, Direction, ListenerInfo } from '../../shared/model';
import { searchPieces } from '../search/block-search';
import { readCapture, readChunk, type CaptureContents, type ChunkRef } from './capture-reader';
import { pastConnections, type PastConnection } from './past-connections';
import { captureRecordSchema, listenerRecordSchema } from './record-schemas';
import { xxhash32 } from './xxhash32';

/** Bytes read at once by a search: bounded, whatever the connection's size. */
const SEARCH_WINDOW = 8 * 1024 * 1024;
/** Chunks close together in the file are read with one call when the span is at most this. */
const COALESCE_SPAN = 4 * 1024 * 1024;

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
    const listeners: ListenerInfo[] = [];
    for (const raw of contents.listeners.values()) {
      const parsed = listenerRecordSchema.safeParse(raw);
      if (!parsed.success) continue;
      const l = parsed.data;
      // A past capture's ports are history: none of them is open now.
      const live = l.state === 'open' || l.state === 'opening' || l.state === 'closing';
      listeners.push(live ? { ...l, state: 'closed', addresses: [], connectionsOpen: 0 } : l);
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

  page(
    afterId: number,
    limit: number,
  ): { connections: ConnectionInfo[]; nextAfterId: number | null } {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid]?.info.id ?? 0) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    const items = this.ordered.slice(lo, lo + limit).map((c) => c.info);
    const more = lo + limit < this.ordered.length;
    const last = items[items.length - 1];
    return { connections: items, nextAfterId: more && last !== undefined ? last.id : null };
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
    const data = await this.readRange(refs, offset, length);
    if (data === null)
      return fail(appError('CAPTURE_UNREADABLE', { detail: 'Part of this capture file' }));
    const received = conn.info[direction].received;
    if (data.length === 0 && offset < received) {
      const detail = `${direction} bytes from ${offset}: they are not in the capture file (a cap, or a disk that could not keep up)`;
      return fail(appError('RANGE_NOT_CAPTURED', { id, detail }));
    }
    return ok(data);
  }

  /** Match offsets of `pattern` from `from` on, like the live engine's find in payload. */
  async findInPayload(
    id: number,
    direction: Direction,
    pattern: Buffer,
    from: number,
    limit: number,
  ): Promise<Result<{ offsets: number[]; complete: boolean; patternLength: number }>> {
    const conn = this.byId.get(id);
    if (conn === undefined) return fail(appError('CONNECTION_NOT_FOUND', { id }));
    const offsets: number[] = [];
    let complete = true;
    await this.search(conn, dirIndex(direction), pattern, from, (offset) => {
      if (offsets.length >= limit) {
        complete = false;
        return false;
      }
      offsets.push(offset);
      return true;
    });
    return ok({ offsets, complete, patternLength: pattern.length });
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
    const start = this.page(afterId, 1).connections[0]?.id;
    if (start === undefined) return { ids, nextAfterId: null, scannedBytes: 0 };
    const first = this.ordered.findIndex((c) => c.info.id === start);
    for (let i = first; i < this.ordered.length; i++) {
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

  /**
   * Search one direction window by window; each window reads patternLength - 1 bytes past its
   * end, and only matches starting inside it count, so a match across two windows is found once.
   */
  private async search(
    conn: PastConnection,
    dir: 0 | 1,
    pattern: Buffer,
    from: number,
    onMatch: (offset: number) => boolean,
  ): Promise<void> {
    const refs = conn.byDirection[dir];
    const end =
      refs.length === 0
        ? 0
        : (refs[refs.length - 1]?.offset ?? 0) + (refs[refs.length - 1]?.length ?? 0);
    for (let start = from; start < end; start += SEARCH_WINDOW) {
      const bytes = await this.readRange(refs, start, SEARCH_WINDOW + pattern.length - 1);
      if (bytes === null || bytes.length === 0) return;
      let go = true;
      searchPieces([{ start, bytes }], pattern, (offset) => {
        if (offset >= start + SEARCH_WINDOW) return false;
        go = onMatch(offset);
        return go;
      });
      if (!go || bytes.length < SEARCH_WINDOW) return;
    }
  }

  /** Contiguous bytes from `offset` (empty at a gap or past the end); null when damaged. */
  private async readRange(
    refs: readonly ChunkRef[],
    offset: number,
    length: number,
  ): Promise<Buffer | null> {
    let i = firstRefAt(refs, offset);
    const parts: Buffer[] = [];
    let at = offset;
    let wanted = length;
    while (wanted > 0 && i < refs.length) {
      const ref = refs[i];
      if (ref === undefined || ref.offset > at || ref.offset + ref.length <= at) break;
      // Neighbours in the file are read together: one call instead of one per small chunk.
      let j = i + 1;
      let covered = ref.offset + ref.length - at;
      while (j < refs.length && covered < wanted) {
        const next = refs[j];
        if (
          next === undefined ||
          next.offset !== (refs[j - 1]?.offset ?? 0) + (refs[j - 1]?.length ?? 0)
        )
          break;
        if (next.filePosition + next.length - ref.filePosition > COALESCE_SPAN) break;
        covered += next.length;
        j++;
      }
      const group = refs.slice(i, j);
      const datas = await this.readGroup(group);
      if (datas === null) return parts.length > 0 ? Buffer.concat(parts) : null;
      for (const [k, data] of datas.entries()) {
        const g = group[k];
        if (g === undefined) continue;
        const skip = at - g.offset;
        const take = Math.min(data.length - skip, wanted);
        parts.push(data.subarray(skip, skip + take));
        at += take;
        wanted -= take;
        if (wanted === 0) break;
      }
      i = j;
    }
    return Buffer.concat(parts);
  }

  /** The bytes of chunks close together in the file, each checked; null if any is damaged. */
  private async readGroup(group: readonly ChunkRef[]): Promise<Buffer[] | null> {
    const first = group[0];
    const last = group[group.length - 1];
    if (first === undefined || last === undefined) return [];
    if (group.length === 1) {
      const one = await readChunk(this.handle, first);
      return one === null ? null : [one];
    }
    const span = last.filePosition + last.length - first.filePosition;
    const block = Buffer.allocUnsafeSlow(span);
    const { bytesRead } = await this.handle.read(block, 0, span, first.filePosition);
    if (bytesRead !== span) return null;
    const out: Buffer[] = [];
    for (const ref of group) {
      const at = ref.filePosition - first.filePosition;
      const data = block.subarray(at, at + ref.length);
      if (xxhash32(data) !== ref.check) return null;
      out.push(data);
    }
    return out;
  }
}

/** Index of the ref holding `offset`, or of the first one after it. */
function firstRefAt(refs: readonly ChunkRef[], offset: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ref = refs[mid];
    if (ref !== undefined && ref.offset + ref.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
