// Pairs the messages of one direction of two conversations. Identical messages (same bytes) are
// lined up first by a diff over their contents, so an extra command in the middle shows as one
// extra command rather than shifting every later pair. Within each stretch that differs, a
// second diff lines up messages by a coarse key (method and path, command name, or the request
// a reply answers), and what is left is paired by position where that makes sense; the rest
// are one-sided.

import { firstDifference } from './first-difference';
import { Interner, diffTokens } from './token-diff';

/** One message to align: its raw bytes and its coarse key. */
export interface AlignItem {
  readonly bytes: Uint8Array;
  readonly key: string;
  /** Identical bytes count as the same message only under the same key (replies: same request). */
  readonly strict: boolean;
  /** May be paired with a message of another key at the same place (not for replies to
   * requests that are themselves on one side only). */
  readonly byPosition: boolean;
}

/** Indices into the two lists; null on the side a message is missing from. */
export interface Aligned {
  readonly a: number | null;
  readonly b: number | null;
  /** True when both are present and byte for byte equal. */
  readonly same: boolean;
}

/** FNV-1a of bytes: identical messages get one id after checking the bytes themselves. */
function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const c of bytes) h = Math.imul(h ^ c, 0x01000193);
  return h >>> 0;
}

function exactIds(a: readonly AlignItem[], b: readonly AlignItem[]) {
  const buckets = new Map<string, { bytes: Uint8Array; id: number }[]>();
  let next = 0;
  const idOf = ({ bytes, key: group, strict }: AlignItem): number => {
    const key = `${bytes.length}:${hashBytes(bytes)}${strict ? `:${group}` : ''}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    const found = bucket.find((e) => firstDifference(e.bytes, bytes, 0) === null);
    // (Under `strict` the group is part of the bucket key, so a match shares it too.)
    if (found) return found.id;
    bucket.push({ bytes, id: next });
    return next++;
  };
  const ia = Int32Array.from(a, idOf);
  const ib = Int32Array.from(b, idOf);
  return { ia, ib, count: next };
}

/** Pairs a[x0, x1) with b[y0, y1), none of which are identical across: by key, then position. */
function pairStretch(
  a: readonly AlignItem[],
  b: readonly AlignItem[],
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  out: Aligned[],
): void {
  const keys = new Interner();
  const ka = Int32Array.from(a.slice(x0, x1), (m) => keys.id(m.key));
  const kb = Int32Array.from(b.slice(y0, y1), (m) => keys.id(m.key));
  for (const h of diffTokens(ka, kb, keys.count)) {
    const n = Math.max(h.x1 - h.x0, h.y1 - h.y0);
    const lone: Aligned[] = [];
    for (let i = 0; i < n; i++) {
      const x = h.x0 + i < h.x1 ? x0 + h.x0 + i : null;
      const y = h.y0 + i < h.y1 ? y0 + h.y0 + i : null;
      const together =
        h.kind === 'equal' || (x !== null && y !== null && a[x]?.byPosition && b[y]?.byPosition);
      if (together) {
        out.push(...lone.splice(0), { a: x, b: y, same: false });
      } else {
        if (x !== null) out.push({ a: x, b: null, same: false });
        if (y !== null) lone.push({ a: null, b: y, same: false });
      }
    }
    // A's one-sided messages of a stretch first, then B's: each side stays in stream order.
    out.push(...lone);
  }
}

export function alignMessages(a: readonly AlignItem[], b: readonly AlignItem[]): Aligned[] {
  const { ia, ib, count } = exactIds(a, b);
  const out: Aligned[] = [];
  for (const h of diffTokens(ia, ib, count)) {
    if (h.kind === 'equal') {
      for (let i = 0; i < h.x1 - h.x0; i++) out.push({ a: h.x0 + i, b: h.y0 + i, same: true });
    } else {
      pairStretch(a, b, h.x0, h.x1, h.y0, h.y1, out);
    }
  }
  return out;
}
