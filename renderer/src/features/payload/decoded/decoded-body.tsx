// A message body: pretty JSON, escaped text, a raster image, or a pointer to the Hex tab for
// binary. Everything is text nodes or a data: URL for magic-checked raster images; captured
// bytes are never markup.
import { Fragment } from 'react';
import type { DecodedBody as Body } from '../../../../../shared/decoders/types';
import { formatBytes, plural } from '../../../../../shared/format-bytes';
import type { FormattedBody } from './body-format';
import { decompressibleEncoding, encodingNote, type Decompressible } from './decoded-items';
import { useDecompressed } from './decompressed-body';
import type { ShowRaw } from './show-raw';
import type { BodyView } from './worker-protocol';

interface Props {
  readonly connectionId: number;
  readonly body: Body;
  readonly view: BodyView;
  readonly onShowRaw: ShowRaw;
}

function Formatted({
  formatted,
  body,
  onShowRaw,
}: {
  readonly formatted: FormattedBody;
  readonly body: Body;
  readonly onShowRaw: ShowRaw;
}) {
  const { direction, offset } = body.range;
  switch (formatted.kind) {
    case 'empty':
      return <p className="dec-note">Empty body</p>;
    case 'image':
      return (
        <img
          className="dec-image"
          src={formatted.url}
          alt={`${formatted.mime} body, ${formatBytes(body.bytes.length)}`}
        />
      );
    case 'binary':
      return (
        <p className="dec-note">
          {plural(formatted.size, 'byte', 'bytes')} of binary —{' '}
          <button
            type="button"
            className="dec-link"
            onClick={() => onShowRaw('hex', direction, offset)}
          >
            Show in Hex
          </button>
        </p>
      );
    case 'json':
    case 'text':
      return (
        <>
          <pre className="dec-body-text" data-kind={formatted.kind}>
            {formatted.runs.map((run, i) =>
              run.escape ? (
                <span key={i} className="esc">
                  {run.text}
                </span>
              ) : (
                <Fragment key={i}>{run.text}</Fragment>
              ),
            )}
          </pre>
          {formatted.cut ? (
            <p className="dec-note">
              Cut for display —{' '}
              <button
                type="button"
                className="dec-link"
                onClick={() => onShowRaw('text', direction, offset)}
              >
                Show the whole body in Text
              </button>
            </p>
          ) : null}
        </>
      );
  }
}

function Decompressing({
  connectionId,
  body,
  base64,
  encoding,
  onShowRaw,
}: Omit<Props, 'view'> & { readonly base64: string; readonly encoding: Decompressible }) {
  const key = `${connectionId}:${body.range.direction}:${body.range.offset}:${body.bytes.length}`;
  const outcome = useDecompressed(key, encoding, base64, body.contentType);
  const raw = { kind: 'binary', size: body.bytes.length } as const;
  if (outcome.state === 'loading') return <p className="dec-note">Decompressing {encoding}…</p>;
  if (outcome.state === 'failed') {
    return (
      <>
        <p className="dec-note dec-error">
          Could not undo {encoding}: {outcome.message}
        </p>
        <Formatted formatted={raw} body={body} onShowRaw={onShowRaw} />
      </>
    );
  }
  return (
    <>
      <p className="dec-note">
        {encodingNote(encoding, body.bytes.length, outcome.size, outcome.truncated)}
      </p>
      <Formatted formatted={outcome.formatted} body={body} onShowRaw={onShowRaw} />
    </>
  );
}

function Encoded({ connectionId, body, view, onShowRaw }: Props) {
  const encoding = decompressibleEncoding(body.contentEncoding);
  if (!encoding || view.base64 === null) {
    return (
      <>
        <p className="dec-note">Content-Encoding {body.contentEncoding} is not decoded here.</p>
        <Formatted
          formatted={{ kind: 'binary', size: body.bytes.length }}
          body={body}
          onShowRaw={onShowRaw}
        />
      </>
    );
  }
  return (
    <Decompressing
      connectionId={connectionId}
      body={body}
      base64={view.base64}
      encoding={encoding}
      onShowRaw={onShowRaw}
    />
  );
}

export function DecodedBody(props: Props) {
  const { body, view, onShowRaw } = props;
  const incomplete = body.complete ? null : (
    <p className="dec-note">The body is incomplete: the stream ended or is still arriving.</p>
  );
  return (
    <div className="dec-body">
      {view.formatted ? (
        <Formatted formatted={view.formatted} body={body} onShowRaw={onShowRaw} />
      ) : (
        <Encoded {...props} />
      )}
      {incomplete}
    </div>
  );
}
