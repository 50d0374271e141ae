// Payload bytes travel as base64. Chromium 140+ has Uint8Array.fromBase64 (native, fast); the
// fallback keeps older runtimes working.

interface Base64Decoder {
  fromBase64?: (text: string) => Uint8Array;
}

export function decodeBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Decoder).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
