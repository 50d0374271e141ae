// The payload's second toolbar row: Text view options, copying the selection, and find.
import type { RefObject } from 'react';
import type { Direction } from '../../../../../shared/model';
import type { PayloadMode } from '../../../store/ui-slice';
import { FindBar } from '../find/find-bar';
import { useFindStore } from '../find/find-store';
import { CopyButtons } from '../selection/copy-buttons';
import { useByteSelection } from '../selection/use-byte-selection';
import { shortcutHint } from '../../../lib/shortcut-hint';
import { TextViewOptions } from './view-options';

interface Props {
  readonly connectionId: number;
  readonly mode: PayloadMode;
  /** The panel holding the Text or Hex view: where selections are read and focus returns. */
  readonly panel: RefObject<HTMLDivElement | null>;
  readonly onGo: (direction: Direction, offset: number) => Promise<string | null>;
}

export function PayloadTools({ connectionId, mode, panel, onGo }: Props) {
  const selection = useByteSelection(panel);
  const findOpen = useFindStore((s) => s.open);
  const openBar = useFindStore((s) => s.openBar);
  return (
    <>
      <div className="payload-toolbar payload-subbar">
        {mode === 'text' ? <TextViewOptions /> : null}
        <span className="panel-header-spacer" />
        <CopyButtons connectionId={connectionId} selection={selection} />
        <button
          type="button"
          className="btn btn-small"
          aria-label="Open find bar"
          {...shortcutHint('find')}
          aria-expanded={findOpen}
          onClick={openBar}
        >
          Find…
        </button>
      </div>
      {findOpen ? (
        <FindBar
          connectionId={connectionId}
          onGo={onGo}
          onClose={() => panel.current?.querySelector<HTMLElement>('.payload-scroller')?.focus()}
        />
      ) : null}
    </>
  );
}
