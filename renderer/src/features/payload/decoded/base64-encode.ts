// Bytes → base64 for data: URLs and the decompress command. Chromium 140+ has
// Uint8Array.prototype.toBase64 (native); the fallback builds the binary string in slices so
// String.fromCharCode never gets more arguments than a worker's small stack holds.

interface Base64Encoder {
  toBase64?: () => string;
}

export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as unknown as Base64Encoder).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  const step = 0x1000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}
