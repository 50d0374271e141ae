// When something happened, for a person reading a list of captures: the day in words when it is
// recent, the date otherwise, and the time to the minute (seconds add noise at this scale).

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function dayStart(epochMs: number): number {
  const d = new Date(epochMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "today at 14:03", "yesterday at 09:12", else "2026-12-05 at 14:03" (local time). */
export function formatWhen(epochMs: number, now: number = Date.now()): string {
  const d = new Date(epochMs);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = Math.round((dayStart(now) - dayStart(epochMs)) / 86_400_000);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `yesterday at ${time}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} at ${time}`;
}
