// Times are epoch milliseconds with a fractional part; columns show local wall time with ms.

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "14:03:22.123" in local time. Hand-rolled: Intl is ~50× slower and this runs per row. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Full local date and time, for tooltips. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(epochMs)}`;
}

/**
 * Durations: milliseconds below a second, then seconds, minutes, hours. `live` drops the
 * sub-second part because a live duration only ticks once a second.
 */
export function formatDuration(ms: number, live = false): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) return live ? '0 s' : `${Math.round(safe)} ms`;
  if (safe < 60_000) return live ? `${Math.floor(safe / 1000)} s` : `${(safe / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(safe / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  if (hours === 0) return `${minutes} m ${pad(seconds)} s`;
  return `${hours} h ${pad(minutes)} m`;
}
