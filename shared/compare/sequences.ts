// The two sides a diff compares, seen only through the lengths of equal runs between them. The
// diff engine never reads elements itself, so one engine serves bytes (runs compared word-wise)
// and tokens such as interned lines or messages (runs compared as integers).

import { type WordBytes, backwardRun, forwardRun, wordBytes } from './byte-runs';

export interface Sequences {
  readonly aLength: number;
  readonly bLength: number;
  /** Equal elements at a[x…], b[y…], at most `max`. */
  forward(x: number, y: number, max: number): number;
  /** Equal elements at a[…x-1], b[…y-1] going backwards, at most `max`. */
  backward(x: number, y: number, max: number): number;
}

export class ByteSequences implements Sequences {
  readonly a: WordBytes;
  readonly b: WordBytes;
  readonly aLength: number;
  readonly bLength: number;

  constructor(a: Uint8Array, b: Uint8Array) {
    this.a = wordBytes(a);
    this.b = wordBytes(b);
    this.aLength = a.length;
    this.bLength = b.length;
  }

  forward(x: number, y: number, max: number): number {
    return forwardRun(this.a, x, this.b, y, max);
  }

  backward(x: number, y: number, max: number): number {
    return backwardRun(this.a, x, this.b, y, max);
  }
}

/** Sequences of integer tokens: equal tokens are equal elements. */
export class TokenSequences implements Sequences {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly aLength: number;
  readonly bLength: number;

  constructor(a: Int32Array, b: Int32Array) {
    this.a = a;
    this.b = b;
    this.aLength = a.length;
    this.bLength = b.length;
  }

  forward(x: number, y: number, max: number): number {
    const a = this.a;
    const b = this.b;
    let n = 0;
    while (n < max && a[x + n] === b[y + n]) n++;
    return n;
  }

  backward(x: number, y: number, max: number): number {
    const a = this.a;
    const b = this.b;
    let n = 0;
    while (n < max && a[x - 1 - n] === b[y - 1 - n]) n++;
    return n;
  }
}
