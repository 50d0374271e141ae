import type { Ref } from 'react';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import type { ChunkSource } from './data/chunk-source';

/** What "Go to offset" asks of the active view. */
export interface PayloadNavigator {
  /** Scroll to a direction's stream offset; resolves with an error message or null. */
  goTo(direction: Direction, offset: number): Promise<string | null>;
}

export interface PayloadViewProps {
  readonly connection: ConnectionInfo;
  readonly source: ChunkSource;
  readonly navigator: Ref<PayloadNavigator>;
}

export interface Highlight {
  readonly direction: Direction;
  readonly offset: number;
}
