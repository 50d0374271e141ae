// The selected connection's bytes as a conversation, in text or hex.
import './payload.css';
import { useCallback, useId, useRef } from 'react';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { selectPayloadMode, selectSelectedConnection } from '../../store/selectors';
import { useStore } from '../../store/store';
import { isWritable } from '../connections/connection-text';
import { useChunkSource } from './data/use-chunk-source';
import { GoToOffset } from './go-to-offset';
import { HexView } from './hex/hex-view';
import { PayloadHeader } from './payload-header';
import { panelId, PayloadTabs, tabId } from './payload-tabs';
import { SendComposer } from './send-composer';
import { TextView } from './text/text-view';
import type { PayloadNavigator } from './view-types';

function Inspector({ connection }: { readonly connection: ConnectionInfo }) {
  const mode = useStore(selectPayloadMode);
  const setMode = useStore((s) => s.setPayloadMode);
  const source = useChunkSource(connection);
  const navigator = useRef<PayloadNavigator>(null);
  const idPrefix = useId().replace(/:/g, '');
  const onGo = useCallback(
    async (direction: Direction, offset: number) =>
      (await navigator.current?.goTo(direction, offset)) ?? null,
    [],
  );
  const empty = connection.chunkCount === 0;
  return (
    <>
      <PayloadHeader c={connection} />
      <div className="payload-toolbar">
        <PayloadTabs mode={mode} onChange={setMode} idPrefix={idPrefix} />
        <span className="legend" aria-hidden="true">
          <span className="legend-in">client → port</span>
          <span className="legend-out">port → client</span>
        </span>
        <span className="panel-header-spacer" />
        {!empty ? <GoToOffset onGo={onGo} /> : null}
      </div>
      <div
        className="payload-panel"
        role="tabpanel"
        id={panelId(idPrefix)}
        aria-labelledby={tabId(idPrefix, mode)}
      >
        {empty ? (
          <div className="empty-state">
            <p className="empty-state-title">No bytes yet</p>
            <p>
              Whatever the {connection.protocol === 'udp' ? 'peer' : 'client'} sends appears here as
              it arrives.
            </p>
          </div>
        ) : source.error && source.chunks.length === 0 ? (
          <div className="empty-state" role="alert">
            <p className="empty-state-title">{source.error.message}</p>
            <p>{source.error.hint}</p>
          </div>
        ) : mode === 'text' ? (
          <TextView
            key={connection.id}
            connection={connection}
            source={source}
            navigator={navigator}
          />
        ) : (
          <HexView
            key={connection.id}
            connection={connection}
            source={source}
            navigator={navigator}
          />
        )}
      </div>
      {isWritable(connection) ? <SendComposer c={connection} /> : null}
    </>
  );
}

export function PayloadInspector() {
  const connection = useStore(selectSelectedConnection);
  return (
    <section className="payload" aria-label="Payload">
      {connection ? (
        <Inspector key={connection.id} connection={connection} />
      ) : (
        <div className="empty-state">
          <p className="empty-state-title">No connection selected</p>
          <p>Select a connection to see its bytes. In the list, ↑ and ↓ move the selection.</p>
        </div>
      )}
    </section>
  );
}
