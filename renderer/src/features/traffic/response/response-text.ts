import { formatCount, plural } from '../../../../../shared/format-bytes';
import type { ExchangeTiming } from './exchange-timing';
import { formatMs, waitOf } from './response-draw';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** The chart in one sentence: how many exchanges and how long they waited. */
export function responseSummary(timings: readonly ExchangeTiming[]): string {
  const waits = timings.map(waitOf).filter((w): w is number => w !== null);
  waits.sort((a, b) => a - b);
  const pending = timings.length - waits.length;
  const open = pending > 0 ? `, ${formatCount(pending)} unanswered` : '';
  const requests = plural(timings.length, 'request', 'requests');
  if (waits.length === 0) return `Response times: ${requests}${open}`;
  return (
    `Response times of ${requests}${open}: median wait ` +
    `${formatMs(percentile(waits, 0.5))}, 95th percentile ${formatMs(percentile(waits, 0.95))}, ` +
    `slowest ${formatMs(waits[waits.length - 1] ?? 0)}`
  );
}
