// Variable item sizes (estimated, then measured) in a Fenwick tree: start(i), indexAt(y) and a
// size update are all O(log n), so tens of thousands of text segments stay cheap to lay out.
import type { MeasurableLayout } from './layout';

export class FenwickLayout implements MeasurableLayout {
  private sizes = new Float64Array(16);
  /** 1-based Fenwick tree over `sizes`; entries past `n` are zero, so push is a point update. */
  private tree = new Float64Array(17);
  private n = 0;

  count(): number {
    return this.n;
  }

  total(): number {
    return this.prefix(this.n);
  }

  start(index: number): number {
    return this.prefix(Math.max(0, Math.min(index, this.n)));
  }

  size(index: number): number {
    return this.sizes[index] ?? 0;
  }

  push(size: number): void {
    if (this.n === this.sizes.length) this.grow();
    this.sizes[this.n] = size;
    this.add(this.n, size);
    this.n += 1;
  }

  /** Forget items from `length` on (their sizes are subtracted). */
  truncate(length: number): void {
    for (let i = length; i < this.n; i += 1) {
      const s = this.sizes[i] ?? 0;
      if (s !== 0) this.add(i, -s);
      this.sizes[i] = 0;
    }
    this.n = Math.min(this.n, Math.max(0, length));
  }

  setSize(index: number, size: number): boolean {
    if (index < 0 || index >= this.n) return false;
    const delta = size - (this.sizes[index] ?? 0);
    if (Math.abs(delta) < 0.5) return false;
    this.sizes[index] = size;
    this.add(index, delta);
    return true;
  }

  indexAt(y: number): number {
    if (this.n === 0) return -1;
    const cap = this.sizes.length;
    let pos = 0;
    let remaining = y;
    for (let step = highestPowerOfTwo(cap); step > 0; step >>= 1) {
      const next = pos + step;
      const value = this.tree[next] ?? Infinity;
      if (next <= cap && value <= remaining) {
        pos = next;
        remaining -= value;
      }
    }
    return Math.min(this.n - 1, pos);
  }

  private prefix(count: number): number {
    let sum = 0;
    for (let k = count; k > 0; k -= k & -k) sum += this.tree[k] ?? 0;
    return sum;
  }

  private add(index: number, delta: number): void {
    const cap = this.sizes.length;
    for (let k = index + 1; k <= cap; k += k & -k) this.tree[k] = (this.tree[k] ?? 0) + delta;
  }

  private grow(): void {
    const cap = this.sizes.length * 2;
    const sizes = new Float64Array(cap);
    sizes.set(this.sizes);
    const tree = new Float64Array(cap + 1);
    // Linear-time build: each node passes its sum up to its parent.
    for (let k = 1; k <= cap; k += 1) {
      tree[k] = (tree[k] ?? 0) + (sizes[k - 1] ?? 0);
      const parent = k + (k & -k);
      if (parent <= cap) tree[parent] = (tree[parent] ?? 0) + (tree[k] ?? 0);
    }
    this.sizes = sizes;
    this.tree = tree;
  }
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
