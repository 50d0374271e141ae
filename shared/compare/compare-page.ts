// What the engine's compare jobs send the Compare view (compareConnections / compareChanges):
// only what the view shows — where the two first part, each change with short excerpts of both
// sides, counts and the message comparison — never the payloads themselves.

import type { DecoderName } from '../decoders/types';
import type { Direction } from '../model';
import type { DiffStats, Span } from './hunk';
import type { DirectionComparison } from './message-types';

/** Most bytes per direction and side compared; past it the rest is left out (and `cut` says so). */
export const MAX_COMPARE_BYTES = 64 * 1024 * 1024;
/** Changes listed per direction; the counts still cover all of them. */
export const MAX_LISTED_CHANGES = 1000;
/** Changes per compareChanges answer: with their excerpts, well inside one transport frame. */
export const MAX_CHANGES_PAGE = 100;
/** Bytes of each side sent with a change. */
export const CHANGE_EXCERPT_BYTES = 512;
/** Bytes sent either side of the first difference. */
export const FIRST_CONTEXT_BYTES = 24;
/** Message pairs that differ, listed per direction (the counts cover every pair). */
export const MAX_LISTED_PAIRS = 200;

/** Where the two first differ, with the bytes around it (base64) from `start` on. */
export interface CompareFirst {
  /** The first differing byte; the shorter length when one side is a prefix of the other. */
  readonly offset: number;
  readonly start: number;
  readonly a: string;
  readonly b: string;
}

/** One change: byte (and, in a text diff, 0-based line) ranges, and up to an excerpt of each side. */
export interface CompareChange {
  readonly kind: 'insert' | 'delete' | 'replace';
  readonly a: Span;
  readonly b: Span;
  readonly lines: { readonly a: Span; readonly b: Span } | null;
  /** Base64 of at most CHANGE_EXCERPT_BYTES from `a.start` (and `b.start`). */
  readonly aBytes: string;
  readonly bBytes: string;
}

export interface CompareMessages {
  readonly protocol: DecoderName;
  /** Counts over every pair; `pairs` keeps the first MAX_LISTED_PAIRS that are not the same. */
  readonly comparison: DirectionComparison;
}

/** One direction of a compare job as far as it has got. */
export interface ComparePage {
  readonly direction: Direction;
  /** Changes with every news for this direction: pass it back as `seen` to wait for more. */
  readonly version: number;
  /** False until the first difference is known; then `first` (null: the two are identical). */
  readonly firstKnown: boolean;
  readonly first: CompareFirst | null;
  /** Changes [from, from + changes.length) of those listed. */
  readonly changes: readonly CompareChange[];
  /** Changes listed so far (at most MAX_LISTED_CHANGES): ask again from here. */
  readonly listed: number;
  /** Counts over the diff so far (final once `done`); null before it starts. */
  readonly stats: DiffStats | null;
  readonly granularity: 'bytes' | 'lines' | null;
  /** The changes rebuild B exactly but may not be the fewest. */
  readonly approximate: boolean;
  /** The diff of this direction is finished. */
  readonly done: boolean;
  /** Message by message, once worked out, when both sides decode with one protocol. */
  readonly messages: CompareMessages | null;
  /** Nothing more will come for this direction: stop asking once every change is read. */
  readonly complete: boolean;
}
