// Encoding and line wrap for the Text view, in the payload toolbar.
import { useId } from 'react';
import { ENCODING_LABEL, TEXT_ENCODINGS, type TextEncoding } from './text-encoding';
import { useViewOptions } from './view-options-store';
import './view-options.css';

export function TextViewOptions() {
  const encoding = useViewOptions((s) => s.encoding);
  const wrap = useViewOptions((s) => s.wrap);
  const setEncoding = useViewOptions((s) => s.setEncoding);
  const setWrap = useViewOptions((s) => s.setWrap);
  const wrapId = useId();
  return (
    <div className="view-options">
      <select
        className="select select-compact"
        aria-label="Encoding"
        title="How the Text view decodes bytes"
        value={encoding}
        onChange={(event) => setEncoding(event.target.value as TextEncoding)}
      >
        {TEXT_ENCODINGS.map((e) => (
          <option key={e} value={e}>
            {ENCODING_LABEL[e]}
          </option>
        ))}
      </select>
      <label className="view-option-check" htmlFor={wrapId}>
        <input
          id={wrapId}
          type="checkbox"
          checked={wrap}
          onChange={(event) => setWrap(event.target.checked)}
        />
        Wrap lines
      </label>
    </div>
  );
}
