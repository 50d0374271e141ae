// Rows within one port's lane: each connection goes to the lowest row that is free when it
// opens (first fit), so concurrent connections stack and sequential ones share a row — "this SDK
// opens 50 connections at once" reads as 50 rows, "keep-alive is not reused" as one busy row.
// A min-tree over the rows' end times finds that row in O(log rows), so 10,000 open connections
// still place in microseconds; an open connection ends at Infinity until it closes.

export class LanePacker {
  /** End time of the last bar in each row. */
  private ends: number[] = [];
  /** Segment tree of minimum end over rows; leaves start at `size`. */
  private tree = new Float64Array(2).fill(Infinity);
  private size = 1;

  get rowCount(): number {
    return this.ends.length;
  }

  /** Row for a bar from `start` to `end` (Infinity while open); the row then ends at `end`. */
  place(start: number, end: number): number {
    let row = this.firstFree(start);
    if (row < 0) {
      row = this.ends.length;
      this.ends.push(end);
      if (row >= this.size) this.grow();
    }
    this.setEnd(row, end);
    return row;
  }

  /** The bar last placed in `row` ended (it closed): the row is free from `end` on. */
  setEnd(row: number, end: number): void {
    this.ends[row] = end;
    let node = this.size + row;
    this.tree[node] = end;
    for (node >>= 1; node >= 1; node >>= 1) {
      this.tree[node] = Math.min(
        this.tree[2 * node] ?? Infinity,
        this.tree[2 * node + 1] ?? Infinity,
      );
    }
  }

  /** Lowest row whose end is <= t, or -1. */
  private firstFree(t: number): number {
    if ((this.tree[1] ?? Infinity) > t) return -1;
    let node = 1;
    while (node < this.size) {
      node = (this.tree[2 * node] ?? Infinity) <= t ? 2 * node : 2 * node + 1;
    }
    const row = node - this.size;
    return row < this.ends.length ? row : -1;
  }

  private grow(): void {
    this.size *= 2;
    this.tree = new Float64Array(2 * this.size).fill(Infinity);
    this.ends.forEach((end, row) => (this.tree[this.size + row] = end));
    for (let node = this.size - 1; node >= 1; node--) {
      this.tree[node] = Math.min(
        this.tree[2 * node] ?? Infinity,
        this.tree[2 * node + 1] ?? Infinity,
      );
    }
  }
}
