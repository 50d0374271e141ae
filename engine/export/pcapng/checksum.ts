// The Internet checksum (RFC 1071) that IPv4 headers, TCP and UDP carry, and the pseudo-header
// sums TCP and UDP include (RFC 793 for IPv4, RFC 8200 §8.1 for IPv6). Tools flag a wrong one.

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Folds a sum of 16-bit words (any size a double holds exactly) down to at most 0xffff. */
function fold(sum: number): number {
  let total = sum;
  while (total > 0xffff) total = (total % 0x10000) + Math.floor(total / 0x10000);
  return total;
}

/**
 * Sums [start, end) as 32-bit words read in the machine's (little-endian) order: a payload is
 * summed four bytes per step. One's complement sums commute with swapping bytes (RFC 1071 §2),
 * so the folded little-endian sum, byte-swapped, is the big-endian one.
 */
function sumAligned(bytes: Uint8Array, start: number, words: number): number {
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + start, words);
  let total = 0;
  for (let w = 0; w < words; w++) {
    total += view[w] ?? 0;
    // 2^20 words of at most 2^32 each stay exact in a double.
    if ((w & 0xfffff) === 0xfffff) total = fold(total);
  }
  const le = fold(total);
  return ((le & 0xff) << 8) | (le >> 8);
}

/** Adds the bytes [start, end) as big-endian 16-bit words to `sum` (an odd last byte is padded). */
export function sumWords(bytes: Uint8Array, start: number, end: number, sum = 0): number {
  let total = sum;
  let i = start;
  if (LITTLE_ENDIAN && (bytes.byteOffset + start) % 4 === 0 && end - start >= 64) {
    const words = Math.floor((end - start) / 4);
    total += sumAligned(bytes, start, words);
    i = start + words * 4;
  }
  for (; i + 1 < end; i += 2) {
    total += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
    if ((i & 0xfffff) === 0) total = fold(total);
  }
  if (i < end) total += (bytes[i] ?? 0) << 8;
  return total;
}

/** Folds a running sum into the one's-complement checksum to write into a header. */
export function finishChecksum(sum: number): number {
  return ~fold(sum) & 0xffff;
}

/** The pseudo-header's sum: both addresses (4 or 16 bytes each), the protocol and the length. */
export function pseudoHeaderSum(
  source: Uint8Array,
  destination: Uint8Array,
  protocol: number,
  length: number,
): number {
  let sum = sumWords(source, 0, source.length);
  sum = sumWords(destination, 0, destination.length, sum);
  return sum + protocol + Math.floor(length / 0x10000) + (length & 0xffff);
}
