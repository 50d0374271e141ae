// Lengths of runs of equal bytes between two arrays, forwards or backwards from a pair of
// positions. Replays of a capture are mostly identical, so these runs are where a diff spends
// its time: past the first few bytes they compare 4 bytes at a time, through 32-bit views of
// the same memory when both positions sit at the same offset within a word (an insert of 7
// bytes shifts that), else through unaligned DataView reads (about half as fast, twice as fast
// as bytes).

/** A byte array with an aligned 32-bit view of the same memory. */
export interface WordBytes {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly words: Int32Array;
  /** Index in `bytes` of words[0] (0–3: the bytes before it are not in a whole word). */
  readonly wordStart: number;
}

export function wordBytes(bytes: Uint8Array): WordBytes {
  const wordStart = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
  const count = (bytes.length - wordStart) >> 2;
  // An empty view may sit at an unaligned offset, where Int32Array refuses to start.
  const words =
    count > 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset + wordStart, count)
      : new Int32Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return { bytes, view, words, wordStart };
}

/** Most runs end within a few bytes: those are cheaper compared one by one. */
const HEAD = 16;

/** Number of equal bytes at a[x…], b[y…], at most `max`. */
export function forwardRun(a: WordBytes, x: number, b: WordBytes, y: number, max: number): number {
  const ab = a.bytes;
  const bb = b.bytes;
  let n = 0;
  const head = max < HEAD ? max : HEAD;
  while (n < head && ab[x + n] === bb[y + n]) n++;
  if (n < head || n === max) return n;
  // Past HEAD both positions are past wordStart (at most 3); same word phase on both sides?
  if (((x - a.wordStart - (y - b.wordStart)) & 3) === 0) {
    while (n < max && ((x + n - a.wordStart) & 3) !== 0 && ab[x + n] === bb[y + n]) n++;
    if (n < max && ((x + n - a.wordStart) & 3) === 0) {
      const aw = a.words;
      const bw = b.words;
      const i = (x + n - a.wordStart) >> 2;
      const j = (y + n - b.wordStart) >> 2;
      const count = Math.min(aw.length - i, bw.length - j, (max - n) >> 2);
      let k = 0;
      while (k < count && aw[i + k] === bw[j + k]) k++;
      n += k << 2;
    }
  } else {
    const av = a.view;
    const bv = b.view;
    const last = max - 4;
    while (n <= last && av.getInt32(x + n) === bv.getInt32(y + n)) n += 4;
  }
  // The differing byte within the last word, or the tail past the last whole word.
  while (n < max && ab[x + n] === bb[y + n]) n++;
  return n;
}

/** Number of equal bytes at a[…x-1], b[…y-1] going backwards, at most `max`. */
export function backwardRun(a: WordBytes, x: number, b: WordBytes, y: number, max: number): number {
  const ab = a.bytes;
  const bb = b.bytes;
  let n = 0;
  const head = max < HEAD ? max : HEAD;
  while (n < head && ab[x - 1 - n] === bb[y - 1 - n]) n++;
  if (n < head || n === max) return n;
  if (((x - a.wordStart - (y - b.wordStart)) & 3) === 0) {
    while (n < max && ((x - n - a.wordStart) & 3) !== 0 && ab[x - 1 - n] === bb[y - 1 - n]) n++;
    // Word-wise only while the end position is inside both views (past their wordStart).
    if (n < max && ((x - n - a.wordStart) & 3) === 0 && x - n > a.wordStart + 3) {
      const aw = a.words;
      const bw = b.words;
      // Words wholly before the end positions: indices i-1, i-2, … and j-1, j-2, …
      const i = Math.min((x - n - a.wordStart) >> 2, aw.length);
      const j = Math.min((y - n - b.wordStart) >> 2, bw.length);
      // A view may end before the end position (its last partial word): then go bytewise.
      if (a.wordStart + (i << 2) === x - n && b.wordStart + (j << 2) === y - n) {
        const count = Math.min(i, j, (max - n) >> 2);
        let k = 0;
        while (k < count && aw[i - 1 - k] === bw[j - 1 - k]) k++;
        n += k << 2;
      }
    }
  } else {
    const av = a.view;
    const bv = b.view;
    const last = max - 4;
    while (n <= last && av.getInt32(x - n - 4) === bv.getInt32(y - n - 4)) n += 4;
  }
  while (n < max && ab[x - 1 - n] === bb[y - 1 - n]) n++;
  return n;
}
