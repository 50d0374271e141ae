// Item geometry for the virtual viewport, in "virtual pixels": the full, unscaled height the
// content would have. The viewport maps it onto a DOM scroll range that browsers can handle.

export interface VirtualLayout {
  count(): number;
  /** Sum of all item sizes. */
  total(): number;
  /** Offset of the item's top edge. */
  start(index: number): number;
  size(index: number): number;
  /** Index of the item that contains y, clamped to [0, count - 1]; -1 when empty. */
  indexAt(y: number): number;
}

export interface MeasurableLayout extends VirtualLayout {
  /** Record a measured size; returns false when it did not (meaningfully) change. */
  setSize(index: number, size: number): boolean;
}

/** Every item the same height: O(1) for everything, any count. */
export class FixedLayout implements VirtualLayout {
  constructor(
    private readonly n: number,
    private readonly itemSize: number,
  ) {}

  count(): number {
    return this.n;
  }

  total(): number {
    return this.n * this.itemSize;
  }

  start(index: number): number {
    return index * this.itemSize;
  }

  size(): number {
    return this.itemSize;
  }

  indexAt(y: number): number {
    if (this.n === 0) return -1;
    return Math.min(this.n - 1, Math.max(0, Math.floor(y / this.itemSize)));
  }
}
