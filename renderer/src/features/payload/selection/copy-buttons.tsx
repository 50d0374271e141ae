// "Copy as …" for the bytes selected in the Text or Hex view.
import './copy.css';
import { useState } from 'react';
import { useEngine } from '../../../bridge/engine-context';
import { formatCount, plural } from '../../../../../shared/format-bytes';
import { useByteCache } from '../data/use-byte-cache';
import { useViewOptions } from '../view-options/view-options-store';
import type { ByteSelection } from './byte-range';
import { COPY_FORMATS, COPY_LABEL, formatSelection, type CopyFormat } from './format-selection';
import { readSelection } from './read-bytes';
import { startExport } from '../../../lib/transfer-client';

const SHORT: Readonly<Record<CopyFormat, string>> = {
  text: 'Text',
  hex: 'Hex',
  base64: 'Base64',
  escaped: 'Escaped',
};

interface Props {
  readonly connectionId: number;
  readonly selection: ByteSelection | null;
}

export function CopyButtons({ connectionId, selection }: Props) {
  const encoding = useViewOptions((s) => s.encoding);
  const engine = useEngine();
  const cache = useByteCache();
  // The message belongs to the selection it was about; a new selection hides it.
  const [status, setStatus] = useState<{ readonly key: string; readonly text: string } | null>(
    null,
  );
  const key = selection ? `${selection.direction}:${selection.start}:${selection.end}` : '';
  const copy = async (format: CopyFormat) => {
    if (!selection) return;
    const read = await readSelection(engine, cache, connectionId, selection);
    if (!read.ok) {
      setStatus({ key, text: read.message });
      return;
    }
    try {
      await navigator.clipboard.writeText(formatSelection(read.bytes, format, encoding));
      setStatus({ key, text: `Copied ${plural(read.bytes.length, 'byte', 'bytes')}` });
    } catch {
      setStatus({ key, text: 'The clipboard refused the copy.' });
    }
  };
  const save = async () => {
    if (!selection) return;
    // Streamed by the engine like any export, so a selection of any size saves whole.
    const started = await startExport(engine, {
      format: 'raw',
      connectionIds: [connectionId],
      direction: selection.direction,
      range: { offset: selection.start, length: selection.end - selection.start },
    });
    if (!started.ok) setStatus({ key, text: started.error.message });
    else if (started.value !== null) {
      const verb = started.value.kind === 'saved' ? 'Saved' : 'Downloading';
      setStatus({ key, text: `${verb} ${started.value.fileName}` });
    }
  };
  const count = selection ? selection.end - selection.start : 0;
  return (
    <div className="copy-group" role="group" aria-label="Copy or save selection">
      <span className="copy-label" aria-hidden="true">
        Copy
      </span>
      {COPY_FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="btn btn-small copy-btn"
          aria-label={COPY_LABEL[format]}
          disabled={!selection}
          title={
            selection
              ? `${COPY_LABEL[format]}: ${formatCount(count)} selected bytes`
              : 'Select bytes in the Text or Hex view first'
          }
          onClick={() => void copy(format)}
        >
          {SHORT[format]}
        </button>
      ))}
      <button
        type="button"
        className="btn btn-small copy-btn"
        aria-label="Save selection to a file"
        disabled={!selection}
        title={
          selection
            ? `Save the ${formatCount(count)} selected bytes to a file, byte-exact`
            : 'Select bytes in the Text or Hex view first'
        }
        onClick={() => void save()}
      >
        Save…
      </button>
      <span className="copy-status" role="status">
        {status?.key === key ? status.text : ''}
      </span>
    </div>
  );
}
