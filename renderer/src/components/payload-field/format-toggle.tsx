// "Text with escapes" / "Hex" for one payload field: native radios (arrow keys move between
// them), drawn as a segmented control.
import type { PayloadFormat } from '../../../../shared/payload-spec';

const FORMATS: readonly {
  readonly format: PayloadFormat;
  readonly label: string;
  readonly title: string;
}[] = [
  {
    format: 'text',
    label: 'Text with escapes',
    title: 'UTF-8 text. Escapes: \\r \\n \\t \\0 \\e \\\\ and \\xNN for any byte.',
  },
  {
    format: 'hex',
    label: 'Hex',
    title: 'Hex digits, two per byte. Spaces, line breaks, : and - between bytes are ignored.',
  },
];

interface Props {
  /** Accessible name of the group, e.g. "Message format". */
  readonly label: string;
  /** Radio group name, unique in the page. */
  readonly name: string;
  readonly value: PayloadFormat;
  readonly disabled?: boolean;
  readonly onChange: (format: PayloadFormat) => void;
}

export function FormatToggle({ label, name, value, disabled, onChange }: Props) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {FORMATS.map((f) => (
        <label key={f.format} className="segment" title={f.title}>
          <input
            type="radio"
            className="segment-input"
            name={name}
            value={f.format}
            checked={value === f.format}
            disabled={disabled}
            onChange={() => onChange(f.format)}
          />
          <span className="segment-label">{f.label}</span>
        </label>
      ))}
    </div>
  );
}
