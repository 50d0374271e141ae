// "Min size" as people type it: 1500, 10k, 1.5M, 2 GiB. Binary multiples, like every byte count
// the app shows (formatBytes), so "1M" keeps a connection shown as "1.0 MiB".

const MULTIPLIERS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$/;

/** Bytes, 0 for an empty field, or null when the text is not a size. */
export function parseSize(text: string): number | null {
  const trimmed = text.trim().toLowerCase().replaceAll(',', '').replaceAll('_', '');
  if (trimmed === '') return 0;
  const match = SIZE.exec(trimmed);
  if (match === null) return null;
  const multiplier = MULTIPLIERS[match[2] ?? ''];
  if (multiplier === undefined) return null;
  return Math.ceil(Number(match[1]) * multiplier);
}
