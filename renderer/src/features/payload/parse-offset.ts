/** "1234", "0x4d2" or "4d2h" → 1234; null when not an offset. */
export function parseOffset(text: string): number | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[_,\s]/g, '');
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9a-f]+h$/.test(t)) return parseInt(t.slice(0, -1), 16);
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}
