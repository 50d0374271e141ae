// The text view's items: per chunk a header, its captured bytes cut into segments of at most
// SEGMENT_BYTES (so a 50 MB chunk is 12,800 small items, not one huge element), and a note for
// bytes a cap dropped. Built incrementally as chunk records arrive; sizes start as estimates
// and are replaced by measurements.
import { FenwickLayout } from '../../../virtual/fenwick-layout';
import type { ChunkSource } from '../data/chunk-source';

const SEGMENT_BYTES = 4096;

export type TextItem =
  | { readonly kind: 'header'; readonly chunk: number }
  | {
      readonly kind: 'segment';
      readonly chunk: number;
      /** Stream offsets [start, end) within the chunk's captured bytes. */
      readonly start: number;
      readonly end: number;
      readonly first: boolean;
      readonly last: boolean;
    }
  | { readonly kind: 'dropped'; readonly chunk: number; readonly bytes: number }
  | { readonly kind: 'more' };

export type Estimator = (item: TextItem) => number;

export class TextLayoutModel {
  readonly layout = new FenwickLayout();
  readonly items: TextItem[] = [];
  private readonly firstItemOfChunk: number[] = [];
  private builtChunks = 0;
  private builtVersion = -1;
  private hasMore = false;
  /** Changes whenever items change. */
  revision = 0;

  /** Bring the items up to date with the source; cheap when nothing changed. */
  sync(source: ChunkSource, estimate: Estimator): void {
    if (source.version === this.builtVersion) return;
    const from = Math.min(source.replacedSince(this.builtVersion), this.builtChunks);
    let cut = this.items.length - (this.hasMore ? 1 : 0);
    if (from < this.builtChunks) cut = this.firstItemOfChunk[from] ?? cut;
    this.items.length = cut;
    this.layout.truncate(cut);
    this.firstItemOfChunk.length = from;
    this.builtChunks = from;
    for (let c = from; c < source.chunks.length; c += 1) this.addChunk(source, c, estimate);
    this.builtChunks = source.chunks.length;
    // No placeholder before the first page: an almost empty view would count as "at the end"
    // and start following, jumping to the end of a big capture as soon as it loads.
    this.hasMore = !source.complete && source.chunks.length > 0;
    if (this.hasMore) this.push({ kind: 'more' }, estimate);
    this.builtVersion = source.version;
    this.revision += 1;
  }

  /** Item index showing stream `offset` of chunk `chunkIndex`. */
  itemFor(source: ChunkSource, chunkIndex: number, offset: number): number {
    const first = this.firstItemOfChunk[chunkIndex];
    const chunk = source.chunks[chunkIndex];
    if (first === undefined || !chunk) return 0;
    let i = first + 1;
    for (; i < this.items.length; i += 1) {
      const item = this.items[i];
      if (!item || item.kind === 'header' || item.kind === 'more') break;
      if (item.kind === 'dropped' || offset < item.end) return i;
    }
    return Math.max(first, i - 1);
  }

  private push(item: TextItem, estimate: Estimator): void {
    this.items.push(item);
    this.layout.push(estimate(item));
  }

  private addChunk(source: ChunkSource, c: number, estimate: Estimator): void {
    const chunk = source.chunks[c];
    if (!chunk) return;
    this.firstItemOfChunk[c] = this.items.length;
    this.push({ kind: 'header', chunk: c }, estimate);
    const end = chunk.offset + chunk.captured;
    // Cut at absolute multiples of SEGMENT_BYTES so a segment never straddles a cache window.
    let start = chunk.offset;
    while (start < end) {
      const next = Math.min(end, (Math.floor(start / SEGMENT_BYTES) + 1) * SEGMENT_BYTES);
      this.push(
        {
          kind: 'segment',
          chunk: c,
          start,
          end: next,
          first: start === chunk.offset,
          last: next === end,
        },
        estimate,
      );
      start = next;
    }
    if (chunk.length > chunk.captured) {
      this.push({ kind: 'dropped', chunk: c, bytes: chunk.length - chunk.captured }, estimate);
    }
  }
}
