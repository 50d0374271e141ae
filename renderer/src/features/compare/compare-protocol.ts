// Messages between the Compare view and its worker. The bytes move to the worker (transferred,
// not copied) and stay there; what comes back is already cut to what the view shows.
import type { ConversationComparison } from '../../../../shared/compare/message-types';
import type { DiffStats } from '../../../../shared/compare/hunk';
import type { DecoderName } from '../../../../shared/decoders/types';
import type { Direction } from '../../../../shared/model';

export interface CompareSideBytes {
  readonly in: Uint8Array;
  readonly out: Uint8Array;
}

export interface CompareRequest {
  readonly a: CompareSideBytes;
  readonly b: CompareSideBytes;
  /** Both connections' protocol when they share one, for the message-by-message comparison. */
  readonly decoder: DecoderName | null;
}

/** One change as the view shows it: where, how big, and a short excerpt of each side. */
export interface ShownHunk {
  readonly kind: 'insert' | 'delete' | 'replace';
  readonly aStart: number;
  readonly aLength: number;
  readonly bStart: number;
  readonly bLength: number;
  /** 1-based line numbers in a text diff; null in a byte diff. */
  readonly aLine: number | null;
  readonly bLine: number | null;
  /** Each side's bytes of the change, as text with escapes (text diff) or hex (byte diff). */
  readonly aText: string;
  readonly bText: string;
  readonly cut: boolean;
}

export interface FirstShown {
  readonly offset: number;
  readonly aText: string;
  readonly bText: string;
}

export type CompareResponse =
  | { readonly type: 'first'; readonly direction: Direction; readonly first: FirstShown | null }
  | {
      readonly type: 'hunks';
      readonly direction: Direction;
      readonly hunks: readonly ShownHunk[];
      readonly stats: DiffStats;
      readonly granularity: 'bytes' | 'lines';
      readonly approximate: boolean;
      readonly done: boolean;
    }
  | { readonly type: 'messages'; readonly comparison: ConversationComparison }
  | { readonly type: 'error'; readonly message: string };

/** Changes the view keeps per direction; the counts still cover all of them. */
export const MAX_SHOWN_HUNKS = 1000;
