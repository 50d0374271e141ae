// Byte counts for people (binary units, one decimal) and exact counts for tooltips; the UI and
// the engine's messages count the same way.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
const exactFormat = new Intl.NumberFormat('en-US');

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '0 B';
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** 1234567 → "1,234,567". Locale-independent so tests and screenshots are stable. */
export function formatCount(value: number): string {
  return exactFormat.format(value);
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
