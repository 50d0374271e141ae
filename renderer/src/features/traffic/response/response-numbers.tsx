import { formatCount, plural } from '../../../../../shared/format-bytes';
import { formatClock } from '../../../lib/format-time';
import type { ExchangeTiming } from './exchange-timing';
import { formatMs, totalOf, waitOf } from './response-draw';

/** Response times as a table, in request order, capped. */
export function ResponseNumbers({
  timings,
  limit,
}: {
  readonly timings: readonly ExchangeTiming[];
  readonly limit: number;
}) {
  const shown = timings.slice(0, limit);
  return (
    <div className="traffic-numbers">
      <table aria-label="Response times">
        <caption>
          {timings.length > limit
            ? `First ${formatCount(limit)} of ${formatCount(timings.length)} requests`
            : plural(timings.length, 'request', 'requests')}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Sent</th>
            <th scope="col">Request</th>
            <th scope="col">Response</th>
            <th scope="col">Wait</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => {
            const wait = waitOf(t);
            const total = totalOf(t);
            return (
              <tr key={t.index}>
                <td>{t.index}</td>
                <td>{formatClock(t.requestAt)}</td>
                <td>{t.request}</td>
                <td>{t.response ?? 'no response yet'}</td>
                <td>{wait === null ? '—' : formatMs(wait)}</td>
                <td>{total === null ? '—' : formatMs(total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
