import { BAR_STATE_LABEL, BAR_STATES } from './bar-state';

/** What the colours and thickness mean. */
export function TimelineLegend() {
  return (
    <ul className="traffic-legend" aria-label="Legend">
      {BAR_STATES.map((s) => (
        <li key={s}>
          <span className={`traffic-swatch traffic-swatch-${s}`} aria-hidden="true" />
          {BAR_STATE_LABEL[s]}
        </li>
      ))}
      <li className="traffic-legend-note">thicker = more bytes</li>
    </ul>
  );
}
