// The selected connection's bytes as a conversation, in text or hex, or decoded by protocol.
import './payload.css';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { selectPayloadMode, selectReadOnly, selectSelectedConnection } from '../../store/selectors';
import { useStore } from '../../store/store';
import { isWritable } from '../../lib/connection-text';
import { useChunkSource } from './data/use-chunk-source';
import { decoderFor } from '../../lib/decoder-for';
import { DecodedView } from './decoded/decoded-view';
import { onFindShortcut } from './find/find-shortcut';
import { useFindStore } from './find/find-store';
import type { ShowRaw } from './decoded/show-raw';
import { GoToOffset } from './go-to-offset';
import { HexView } from './hex/hex-view';
import { PayloadHeader } from './payload-header';
import { panelId, PayloadTabs, tabId } from './payload-tabs';
import { SendComposer } from './send-composer';
import { TextView } from './text/text-view';
import { PayloadTools } from './view-options/payload-tools';
import type { PayloadNavigator } from './view-types';

/** What other features add to the inspector's header for a connection (the app composes them). */
export type ConnectionActions = (connection: ConnectionInfo) => ReactNode;

function Inspector({
  connection,
  actions,
}: {
  readonly connection: ConnectionInfo;
  readonly actions: ConnectionActions | undefined;
}) {
  const chosenMode = useStore(selectPayloadMode);
  const setMode = useStore((s) => s.setPayloadMode);
  const readOnly = useStore(selectReadOnly);
  const decoder = decoderFor(connection.detected);
  // A remembered Decoded tab falls back to Text where no decoder applies.
  const mode = chosenMode === 'decoded' && !decoder ? 'text' : chosenMode;
  const source = useChunkSource(connection);
  // While "Payload contains" filters the list, find those bytes here too (the find bar starts
  // from the filter's pattern), without taking focus from where the person is.
  const filterPattern = useStore((s) => s.payloadFilterPattern);
  useEffect(() => {
    if (filterPattern !== null) useFindStore.getState().openQuietly();
  }, [filterPattern]);
  const navigator = useRef<PayloadNavigator>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId().replace(/:/g, '');
  // "Show raw bytes" in the Decoded tab: switch tabs, then go to the offset once the Text or
  // Hex view has mounted and published its navigator (effects run after the child's).
  const jump = useRef<{ direction: Direction; offset: number } | null>(null);
  const [jumpTick, setJumpTick] = useState(0);
  const showRaw = useCallback<ShowRaw>(
    (target, direction, offset) => {
      jump.current = { direction, offset };
      setMode(target);
      setJumpTick((t) => t + 1);
    },
    [setMode],
  );
  useEffect(() => {
    const target = jump.current;
    if (!target) return;
    jump.current = null;
    void navigator.current?.goTo(target.direction, target.offset);
  }, [jumpTick]);
  const onGo = useCallback(
    async (direction: Direction, offset: number) => {
      if (mode === 'decoded') {
        showRaw('text', direction, offset);
        return null;
      }
      return (await navigator.current?.goTo(direction, offset)) ?? null;
    },
    [mode, showRaw],
  );
  const empty = connection.chunkCount === 0;
  return (
    <>
      <PayloadHeader c={connection} />
      <div className="payload-toolbar">
        <PayloadTabs
          mode={mode}
          onChange={setMode}
          idPrefix={idPrefix}
          decoded={decoder !== null}
        />
        <span className="legend" aria-hidden="true">
          <span className="legend-in">client → port</span>
          <span className="legend-out">port → client</span>
        </span>
        <span className="panel-header-spacer" />
        {!empty ? <GoToOffset onGo={onGo} /> : null}
        {actions?.(connection)}
      </div>
      {!empty ? (
        <PayloadTools connectionId={connection.id} mode={mode} panel={panelRef} onGo={onGo} />
      ) : null}
      <div
        className="payload-panel"
        ref={panelRef}
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
        ) : mode === 'decoded' && decoder ? (
          <DecodedView
            key={connection.id}
            connection={connection}
            decoder={decoder}
            source={source}
            onShowRaw={showRaw}
          />
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
      {isWritable(connection) && !readOnly ? <SendComposer c={connection} /> : null}
    </>
  );
}

export function PayloadInspector({ actions }: { readonly actions?: ConnectionActions }) {
  const connection = useStore(selectSelectedConnection);
  return (
    <section
      className="payload"
      aria-label="Payload"
      data-pane="payload"
      onKeyDown={onFindShortcut}
    >
      {connection ? (
        <Inspector key={connection.id} connection={connection} actions={actions} />
      ) : (
        <div className="empty-state">
          <p className="empty-state-title">No connection selected</p>
          <p>Select a connection to see its bytes. In the list, ↑ and ↓ move the selection.</p>
        </div>
      )}
    </section>
  );
}
