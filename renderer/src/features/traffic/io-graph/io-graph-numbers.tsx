import { formatBytes } from '../../../../../shared/format-bytes';
import { formatClock } from '../../../lib/format-time';

export interface RateRow {
  readonly at: number;
  /** Bytes per second. */
  readonly in: number;
  readonly out: number;
}

/** The I/O graph as a table, newest first. */
export function IoGraphNumbers({
  rows,
  limit,
}: {
  readonly rows: readonly RateRow[];
  readonly limit: number;
}) {
  return (
    <div className="traffic-numbers">
      <table aria-label="Bytes per second">
        <caption>
          {rows.length >= limit ? `Newest ${limit} intervals` : 'Every interval shown'}
        </caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">In per second</th>
            <th scope="col">Out per second</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.at}>
              <td>{formatClock(r.at)}</td>
              <td>{formatBytes(r.in)}/s</td>
              <td>{formatBytes(r.out)}/s</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
