// Messages between a compare job (engine thread) and its worker thread. Each direction's bytes
// live in shared memory: the worker faults it in ('prepare'), the engine thread copies the bytes
// in, and the worker diffs them ('direction'). What comes back is cut to what the view shows.

import type { CompareChange, CompareMessages } from '../../shared/compare/compare-page';
import type { DiffStats } from '../../shared/compare/hunk';
import type { DecoderName } from '../../shared/decoders/types';
import type { Direction } from '../../shared/model';

export interface CompareWorkerData {
  /** Both connections' protocol, for the message comparison once both directions are in. */
  readonly decoder: DecoderName | null;
}

export type ToWorker =
  /** Memory for one direction's sides: touch every page now, so the copy in is a plain memcpy. */
  | {
      readonly type: 'prepare';
      readonly direction: Direction;
      readonly a: SharedArrayBuffer;
      readonly b: SharedArrayBuffer;
    }
  /** The bytes are in (the first `aLength` and `bLength` of each): diff them. */
  | {
      readonly type: 'direction';
      readonly direction: Direction;
      readonly aLength: number;
      readonly bLength: number;
    };

export type FromWorker =
  | { readonly type: 'prepared'; readonly direction: Direction }
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
