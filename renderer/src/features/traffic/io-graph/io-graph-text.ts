import { formatBytes } from '../../../../../shared/format-bytes';
import { formatDuration } from '../../../lib/format-time';

interface Series {
  readonly bucketMs: number;
  readonly in: Float64Array;
  readonly out: Float64Array;
}

/** The graph in one sentence: what, over how long, the latest and peak rates each way. */
export function ioGraphSummary(data: Series, what: string): string {
  const perSecond = 1000 / data.bucketMs;
  const stats = (s: Float64Array) => {
    let peak = 0;
    for (const v of s) peak = Math.max(peak, v);
    // The newest bucket is still filling: the one before it says what "now" is.
    const latest = s.length > 1 ? (s[s.length - 2] ?? 0) : (s[0] ?? 0);
    return `${formatBytes(latest * perSecond)}/s now, peak ${formatBytes(peak * perSecond)}/s`;
  };
  const span = formatDuration(data.in.length * data.bucketMs);
  return `I/O graph of ${what} over ${span}: in ${stats(data.in)}; out ${stats(data.out)}`;
}
