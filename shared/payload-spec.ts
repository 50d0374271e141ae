// Bytes a person types: text with escapes, or hex digits. Used for fixed replies, HTTP bodies and
// talk-back. Parsed the same way in the renderer (to show the byte count and errors as you type)
// and in the engine (which trusts nothing it is sent).

/** How the user wrote the bytes. */
export const PAYLOAD_FORMATS = ['text', 'hex'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

export interface PayloadSpec {
  readonly format: PayloadFormat;
  readonly value: string;
}

export type PayloadParse =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly position: number };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '0': 0x00,
  '\\': 0x5c,
  e: 0x1b,
};

const HEX_DIGIT = /^[0-9a-fA-F]$/;

/** UTF-8 encode (shared/ has neither TextEncoder's DOM types nor Buffer). Lone surrogates → U+FFFD. */
function pushUtf8(out: number[], text: string): void {
  for (const ch of text) {
    let cp = ch.codePointAt(0) ?? 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }
}

/**
 * Text is UTF-8 with escapes: \r \n \t \0 \e \\ and \xNN for any byte. An unknown escape is an
 * error rather than a literal backslash, so a typo never silently sends different bytes.
 */
function parseText(value: string): PayloadParse {
  const out: number[] = [];
  let literalStart = 0;
  const flush = (end: number): void => {
    if (end > literalStart) pushUtf8(out, value.slice(literalStart, end));
  };
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '\\') continue;
    flush(i);
    const next = value[i + 1];
    if (next === undefined) {
      return {
        ok: false,
        message: 'A lone \\ at the end: write \\\\ for a backslash.',
        position: i,
      };
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out.push(simple);
      i += 1;
    } else if (next === 'x') {
      const hex = value.slice(i + 2, i + 4);
      if (hex.length !== 2 || !HEX_DIGIT.test(hex[0] ?? '') || !HEX_DIGIT.test(hex[1] ?? '')) {
        return { ok: false, message: '\\x needs two hex digits, e.g. \\x0d.', position: i };
      }
      out.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      return {
        ok: false,
        message: `Unknown escape \\${next}: use \\r \\n \\t \\0 \\e \\\\ or \\xNN.`,
        position: i,
      };
    }
    literalStart = i + 1;
  }
  flush(value.length);
  return { ok: true, bytes: Uint8Array.from(out) };
}

/** Hex digits; spaces, newlines, ':' and '-' between bytes are ignored, as is a 0x prefix. */
function parseHex(value: string): PayloadParse {
  const digits: string[] = [];
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '0' && (value[i + 1] === 'x' || value[i + 1] === 'X') && digits.length % 2 === 0) {
      i += 1;
      continue;
    }
    if (/\s|:|-/.test(ch)) continue;
    if (!HEX_DIGIT.test(ch)) {
      return { ok: false, message: `"${ch}" is not a hex digit.`, position: i };
    }
    digits.push(ch);
    positions.push(i);
  }
  if (digits.length % 2 !== 0) {
    const position = positions[positions.length - 1] ?? 0;
    return { ok: false, message: 'Odd number of hex digits: each byte needs two.', position };
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(`${digits[2 * i] ?? '0'}${digits[2 * i + 1] ?? '0'}`, 16);
  }
  return { ok: true, bytes };
}

export function parsePayloadSpec(spec: PayloadSpec): PayloadParse {
  return spec.format === 'hex' ? parseHex(spec.value) : parseText(spec.value);
}

/** The bytes of a spec already validated by the contract (an invalid one yields no bytes). */
export function payloadBytes(spec: PayloadSpec): Uint8Array {
  const parsed = parsePayloadSpec(spec);
  return parsed.ok ? parsed.bytes : new Uint8Array(0);
}
