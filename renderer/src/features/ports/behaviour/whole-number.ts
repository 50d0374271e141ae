// Whole numbers typed into behaviour and fault fields. Separators people type ("1,000",
// "64_000", "1 000") are accepted; anything else gets a message saying what to type.

export type WholeParse =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

export function parseWhole(text: string, min: number, max: number, message: string): WholeParse {
  const t = text.trim().replace(/[_,\s]/g, '');
  if (!/^\d+$/.test(t)) return { ok: false, message };
  const value = Number(t);
  if (!Number.isSafeInteger(value) || value < min || value > max) return { ok: false, message };
  return { ok: true, value };
}

/** Empty means "off" for optional fields: null, not an error. */
export function parseOptionalWhole(
  text: string,
  min: number,
  max: number,
  message: string,
): WholeParse | { readonly ok: true; readonly value: null } {
  return text.trim() === '' ? { ok: true, value: null } : parseWhole(text, min, max, message);
}
