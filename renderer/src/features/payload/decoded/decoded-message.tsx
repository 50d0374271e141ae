// One decoded message (or a region the decoder could not read): a header in its direction's
// colour with a way back to the raw bytes, its fields as a definition list, then its body.
import { memo } from 'react';
import type { DecodedMessage, UnparsedRegion } from '../../../../../shared/decoders/types';
import { formatBytes, formatCount, plural } from '../../../../../shared/format-bytes';
import { CopyAsCurl } from './copy-as-curl';
import { DecodedBody } from './decoded-body';
import { directionLabel } from './decoded-items';
import type { ShowRaw } from './show-raw';
import type { BodyView } from './worker-protocol';

function RawButton({ onClick }: { readonly onClick: () => void }) {
  return (
    <button type="button" className="btn btn-small dec-raw" onClick={onClick}>
      Show raw bytes
    </button>
  );
}

interface MessageProps {
  readonly connectionId: number;
  readonly message: DecodedMessage;
  readonly body: BodyView | null;
  readonly onShowRaw: ShowRaw;
}

export const DecodedMessageItem = memo(function DecodedMessageItem({
  connectionId,
  message,
  body,
  onShowRaw,
}: MessageProps) {
  const { direction, offset, length } = message.range;
  return (
    <li className={`dec-item dec-${direction}`} aria-label={message.title}>
      <div className="dec-head">
        <span className={`dir-label dir-label-${direction}`}>{directionLabel(direction)}</span>
        <span className="dec-title">{message.title}</span>
        <span
          className="dec-size"
          title={`${plural(length, 'byte', 'bytes')} from offset ${offset}`}
        >
          {formatBytes(length)}
        </span>
        {/* Only the HTTP decoder makes 'request' messages. */}
        {message.kind === 'request' ? (
          <CopyAsCurl connectionId={connectionId} message={message} />
        ) : null}
        <RawButton onClick={() => onShowRaw('text', direction, offset)} />
      </div>
      {message.fields.length > 0 ? (
        <dl className="dec-fields">
          {message.fields.map((field, i) => (
            <div key={i} className="dec-field">
              <dt>{field.name}</dt>
              <dd>{field.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {message.body && body ? (
        <DecodedBody
          connectionId={connectionId}
          body={message.body}
          view={body}
          onShowRaw={onShowRaw}
        />
      ) : null}
    </li>
  );
});

export const UnparsedItem = memo(function UnparsedItem({
  region,
  onShowRaw,
}: {
  readonly region: UnparsedRegion;
  readonly onShowRaw: ShowRaw;
}) {
  const { direction, offset, length } = region.range;
  return (
    <li className={`dec-item dec-unparsed dec-${direction}`} aria-label="Not decoded">
      <div className="dec-head">
        <span className={`dir-label dir-label-${direction}`}>{directionLabel(direction)}</span>
        <span className="dec-title">
          Not decoded: {plural(length, 'byte', 'bytes')} at offset {formatCount(offset)}
        </span>
        <RawButton onClick={() => onShowRaw('hex', direction, offset)} />
      </div>
      <p className="dec-note">{region.reason}</p>
    </li>
  );
});
