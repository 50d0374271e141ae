// The hex view's rows: per chunk a header row, its bytes in rows on 16-byte boundaries of the
// stream (as every hex viewer lines them up: a chunk that starts mid-row leaves the columns
// before it blank, so offsets read 0x…0 and a byte's column is its offset's last digit; a
// chunk's bytes still never share a row with another's), and a row for bytes a cap dropped.
// Every row has the same height, so 3.3 million rows (50 MB) are pure arithmetic; only the
// per-chunk row starts are stored.
import { upperBound } from '../../../lib/search';
import type { VirtualLayout } from '../../../virtual/layout';
import type { ChunkSource } from '../data/chunk-source';

const HEX_ROW_BYTES = 16;
const HEX_ROW_HEIGHT = 20;

export type HexRow =
  | { readonly kind: 'header'; readonly chunk: number }
  | {
      readonly kind: 'data';
      readonly chunk: number;
      /** Stream offset of the row's first byte shown. */
      readonly offset: number;
      readonly length: number;
      /** Blank columns before it: the row itself starts at `offset - lead`, a multiple of 16. */
      readonly lead: number;
    }
  | { readonly kind: 'dropped'; readonly chunk: number; readonly bytes: number }
  | { readonly kind: 'more' };

const leadOf = (offset: number) => offset % HEX_ROW_BYTES;

function dataRowsOf(offset: number, captured: number): number {
  return captured === 0 ? 0 : Math.ceil((leadOf(offset) + captured) / HEX_ROW_BYTES);
}

function rowsOf(offset: number, captured: number, length: number): number {
  return 1 + dataRowsOf(offset, captured) + (length > captured ? 1 : 0);
}

export class HexLayoutModel implements VirtualLayout {
  private readonly rowStart: number[] = [];
  private rows = 0;
  private builtChunks = 0;
  private builtVersion = -1;
  private hasMore = false;
  private source: ChunkSource | null = null;
  revision = 0;

  sync(source: ChunkSource): void {
    this.source = source;
    if (source.version === this.builtVersion) return;
    const from = Math.min(source.replacedSince(this.builtVersion), this.builtChunks);
    this.rows = this.rowStart[from] ?? this.rows;
    this.rowStart.length = from;
    for (let c = from; c < source.chunks.length; c += 1) {
      const chunk = source.chunks[c];
      if (!chunk) break;
      this.rowStart.push(this.rows);
      this.rows += rowsOf(chunk.offset, chunk.captured, chunk.length);
    }
    this.builtChunks = source.chunks.length;
    // No placeholder before the first page: an almost empty view would count as "at the end"
    // and start following, jumping to the end of a big capture as soon as it loads.
    this.hasMore = !source.complete && source.chunks.length > 0;
    this.builtVersion = source.version;
    this.revision += 1;
  }

  count(): number {
    return this.rows + (this.hasMore ? 1 : 0);
  }

  total(): number {
    return this.count() * HEX_ROW_HEIGHT;
  }

  start(index: number): number {
    return index * HEX_ROW_HEIGHT;
  }

  size(): number {
    return HEX_ROW_HEIGHT;
  }

  indexAt(y: number): number {
    const n = this.count();
    if (n === 0) return -1;
    return Math.min(n - 1, Math.max(0, Math.floor(y / HEX_ROW_HEIGHT)));
  }

  row(index: number): HexRow {
    if (index >= this.rows) return { kind: 'more' };
    const c = upperBound(this.rowStart, index) - 1;
    const chunk = this.source?.chunks[c];
    const first = this.rowStart[c] ?? 0;
    if (!chunk) return { kind: 'more' };
    const local = index - first;
    if (local === 0) return { kind: 'header', chunk: c };
    const dataRows = dataRowsOf(chunk.offset, chunk.captured);
    if (local <= dataRows) {
      const rowStart = chunk.offset - leadOf(chunk.offset) + (local - 1) * HEX_ROW_BYTES;
      const from = Math.max(chunk.offset, rowStart);
      const to = Math.min(chunk.offset + chunk.captured, rowStart + HEX_ROW_BYTES);
      return { kind: 'data', chunk: c, offset: from, length: to - from, lead: from - rowStart };
    }
    return { kind: 'dropped', chunk: c, bytes: chunk.length - chunk.captured };
  }

  /** Row showing stream `offset` of chunk `chunkIndex`. */
  rowFor(chunkIndex: number, offset: number): number {
    const chunk = this.source?.chunks[chunkIndex];
    const first = this.rowStart[chunkIndex];
    if (!chunk || first === undefined) return 0;
    const rel = offset - chunk.offset;
    if (rel >= chunk.captured) return first + 1 + dataRowsOf(chunk.offset, chunk.captured);
    return first + 1 + Math.floor((leadOf(chunk.offset) + Math.max(0, rel)) / HEX_ROW_BYTES);
  }
}
