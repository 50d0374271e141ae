// The encodings the Text view can decode with. Pure data, shared by the decoders, the select
// and the "Copy as text" formatter.

export const TEXT_ENCODINGS = ['utf-8', 'latin1', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export const ENCODING_LABEL: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  latin1: 'Latin-1',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

export function isUtf16(encoding: TextEncoding): boolean {
  return encoding === 'utf-16le' || encoding === 'utf-16be';
}
