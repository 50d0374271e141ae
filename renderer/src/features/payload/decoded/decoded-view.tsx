// The Decoded tab: the conversation as protocol messages, in arrival order. Decoding runs in a
// worker; only the first RENDER_STEP items are rendered until the user asks for more, so a
// conversation of thousands of frames costs what one screen costs.
import './decoded.css';
import { useMemo, useState } from 'react';
import type { DecoderName } from '../../../../../shared/decoders/types';
import type { ConnectionInfo } from '../../../../../shared/model';
import { formatBytes, plural } from '../../../../../shared/format-bytes';
import type { ChunkSource } from '../data/chunk-source';
import { conversationItems } from './decoded-items';
import type { DecodedState } from './decoded-loader';
import { DecodedMessageItem, UnparsedItem } from './decoded-message';
import type { ShowRaw } from './show-raw';
import { useDecoded } from './use-decoded';

const RENDER_STEP = 200;

const PROTOCOL_NAMES: Record<DecoderName, string> = {
  http: 'HTTP/1.x',
  websocket: 'WebSocket',
  tls: 'TLS',
  redis: 'Redis',
  postgres: 'PostgreSQL',
};

interface Props {
  readonly connection: ConnectionInfo;
  readonly decoder: DecoderName;
  readonly source: ChunkSource;
  readonly onShowRaw: ShowRaw;
}

function Status({
  decoder,
  state,
  count,
  onMore,
}: {
  readonly decoder: DecoderName;
  readonly state: DecodedState;
  readonly count: number;
  readonly onMore: () => void;
}) {
  // At the cap (not merely catching up with a live connection): offer to go further.
  const capped = (['in', 'out'] as const).some(
    (d) => state.captured[d] > state.decoded[d] && state.decoded[d] >= state.limit,
  );
  const partOf = (d: 'in' | 'out') =>
    `${formatBytes(state.decoded[d])} of ${formatBytes(state.captured[d])}`;
  return (
    <div className="dec-status">
      <span>
        {PROTOCOL_NAMES[decoder]} · {plural(count, 'message', 'messages')}
        {state.result?.conversation.partial ? ' · more may follow' : ''}
      </span>
      {capped ? (
        <>
          <span className="muted">
            Decoded client → port {partOf('in')}, port → client {partOf('out')}
          </span>
          <button type="button" className="btn btn-small" onClick={onMore}>
            Decode more
          </button>
        </>
      ) : null}
      {/* Only before the first result: a live connection re-decodes every 500 ms, and a
          flickering "Decoding…" would say nothing useful. */}
      {state.busy && !state.result ? <span className="muted">Decoding…</span> : null}
    </div>
  );
}

export function DecodedView({ connection, decoder, source, onShowRaw }: Props) {
  const { state, loader } = useDecoded(connection, decoder, source);
  const [shown, setShown] = useState(RENDER_STEP);
  const result = state.result;
  const items = useMemo(
    () => (result ? conversationItems(result.conversation, state.order) : []),
    [result, state.order],
  );
  if (!result && !state.error) {
    return <p className="dec-loading muted">Decoding…</p>;
  }
  const visible = items.slice(0, shown);
  return (
    <div className="decoded">
      <Status
        decoder={decoder}
        state={state}
        count={result?.conversation.messages.length ?? 0}
        onMore={() => loader.decodeMore()}
      />
      {state.error ? (
        <p className="dec-note dec-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {result && items.length === 0 ? <p className="dec-note">No complete message yet.</p> : null}
      <ol className="dec-list" aria-label="Decoded messages">
        {visible.map((item) =>
          item.kind === 'message' ? (
            <DecodedMessageItem
              key={`m${item.index}`}
              connectionId={connection.id}
              message={item.message}
              body={result?.bodies[item.index] ?? null}
              onShowRaw={onShowRaw}
            />
          ) : (
            <UnparsedItem
              key={`u${item.region.range.direction}${item.region.range.offset}`}
              region={item.region}
              onShowRaw={onShowRaw}
            />
          ),
        )}
      </ol>
      {items.length > shown ? (
        <button
          type="button"
          className="btn btn-small dec-more"
          onClick={() => setShown((n) => n + RENDER_STEP)}
        >
          Show more messages ({items.length - shown} not shown)
        </button>
      ) : null}
    </div>
  );
}
