// xxHash32 (seed 0), the checksum of every record in a capture file. Chosen over CRC-32 because
// a JavaScript implementation runs at several GB/s on 4-byte-aligned data (CRC-32 manages about
// 1.4 GB/s), so checksumming what is captured costs little, and because it is fully specified
// (github.com/Cyan4973/xxHash, doc/xxhash_spec.md) with implementations in every language and a
// command-line tool (`xxhsum -H0`) to check a file by hand.

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round(acc: number, lane: number): number {
  return Math.imul(rotl((acc + Math.imul(lane, P2)) | 0, 13), P1);
}

function word(bytes: Uint8Array, i: number): number {
  return (
    (bytes[i] as number) |
    ((bytes[i + 1] as number) << 8) |
    ((bytes[i + 2] as number) << 16) |
    ((bytes[i + 3] as number) << 24)
  );
}

/** xxHash32 of `bytes` with seed 0, as an unsigned 32-bit number. */
export function xxhash32(bytes: Uint8Array): number {
  const length = bytes.length;
  // Aligned input (our own buffers are) is read as 32-bit lanes directly.
  const aligned = (bytes.byteOffset & 3) === 0;
  const lanes = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, length >>> 2) : null;
  let i = 0;
  let h: number;
  if (length >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    const stripes = length - 16;
    if (lanes !== null) {
      let w = 0;
      for (; i <= stripes; i += 16, w += 4) {
        v1 = round(v1, lanes[w] as number);
        v2 = round(v2, lanes[w + 1] as number);
        v3 = round(v3, lanes[w + 2] as number);
        v4 = round(v4, lanes[w + 3] as number);
      }
    } else {
      for (; i <= stripes; i += 16) {
        v1 = round(v1, word(bytes, i));
        v2 = round(v2, word(bytes, i + 4));
        v3 = round(v3, word(bytes, i + 8));
        v4 = round(v4, word(bytes, i + 12));
      }
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = P5;
  }
  h = (h + length) | 0;
  for (; i + 4 <= length; i += 4) {
    const lane = lanes !== null ? (lanes[i >>> 2] as number) : word(bytes, i);
    h = Math.imul(rotl((h + Math.imul(lane, P3)) | 0, 17), P4);
  }
  for (; i < length; i++) {
    h = Math.imul(rotl((h + Math.imul(bytes[i] as number, P5)) | 0, 11), P1);
  }
  h = Math.imul(h ^ (h >>> 15), P2);
  h = Math.imul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}
