// Messages between a compare job (engine thread) and its worker thread. Bytes go in once per
// direction, transferred; what comes back is already cut to what the view shows.

import type { CompareChange, CompareMessages } from '../../shared/compare/compare-page';
import type { DiffStats } from '../../shared/compare/hunk';
import type { DecoderName } from '../../shared/decoders/types';
import type { Direction } from '../../shared/model';

export interface CompareWorkerData {
  /** Both connections' protocol, for the message comparison once both directions are in. */
  readonly decoder: DecoderName | null;
}

export interface DirectionBytes {
  readonly type: 'direction';
  readonly direction: Direction;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

export type FromWorker =
  | {
      readonly type: 'changes';
      readonly direction: Direction;
      readonly changes: readonly CompareChange[];
      readonly stats: DiffStats;
      readonly granularity: 'bytes' | 'lines';
      readonly approximate: boolean;
      readonly done: boolean;
    }
  /** Last message of a job: null when no decoder applies. */
  | {
      readonly type: 'messages';
      readonly messages: { readonly in: CompareMessages; readonly out: CompareMessages } | null;
    }
  | { readonly type: 'failed'; readonly message: string };
