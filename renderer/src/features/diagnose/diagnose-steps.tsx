// The steps of a diagnosis as a table: step, address, result, time. Text only.
import type { Diagnosis } from '../../../../shared/diagnosis/diagnosis';
import { clip, stepRows } from './step-rows';

const TONE_WORDS = { ok: 'ok', problem: 'problem', info: 'note' } as const;

function time(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function DiagnoseSteps({ diagnosis }: { readonly diagnosis: Diagnosis }) {
  const rows = stepRows(diagnosis);
  return (
    <table className="diagnose-steps">
      <caption>Steps</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Address</th>
          <th scope="col">Result</th>
          <th scope="col" className="diagnose-time">
            Time
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={`is-${row.tone}`}>
            <th scope="row">
              <span className="diagnose-dot" aria-label={TONE_WORDS[row.tone]} role="img" />
              {row.step}
            </th>
            <td className="mono">{row.address}</td>
            <td>
              <span className="diagnose-result">{row.result}</span>
              {row.headers !== undefined && row.headers.length > 0 ? (
                <details className="diagnose-headers">
                  <summary>Headers</summary>
                  <dl>
                    {row.headers.map((h, i) => (
                      <div key={i}>
                        <dt className="mono">{clip(h.name, 100)}</dt>
                        <dd className="mono">{clip(h.value)}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              ) : null}
            </td>
            <td className="diagnose-time">{time(row.ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
