// What comparing two decoded conversations gives: per direction, messages paired up (the same,
// changed with typed differences, or on one side only). Values are display text, truncated;
// ranges point at the raw bytes, so the UI can open either side's message.

import type { ByteRange, DecoderName, UnparsedRegion } from '../decoders/types';
import type { Direction } from '../model';

export type Change = 'added' | 'removed' | 'changed';

export interface MessageRef {
  /** Index in that side's DecodedConversation.messages. */
  readonly index: number;
  readonly kind: string;
  readonly title: string;
  readonly range: ByteRange;
}

export type Difference =
  /** HTTP request or status line. */
  | { readonly kind: 'start-line'; readonly a: string; readonly b: string }
  /**
   * A header by name (case-insensitive; order across names ignored). All its values on each
   * side in wire order; `repeated` when either side sends it more than once.
   */
  | {
      readonly kind: 'header';
      readonly change: Change;
      readonly name: string;
      readonly a: readonly string[];
      readonly b: readonly string[];
      readonly repeated: boolean;
    }
  /** A JSON body value by path ($.order.items[2].price); values as short JSON. */
  | {
      readonly kind: 'json';
      readonly change: Change;
      readonly path: string;
      readonly a: string | null;
      readonly b: string | null;
    }
  /** A body that is not compared as JSON: present on one side only, or differing at byte `at`. */
  | {
      readonly kind: 'body';
      readonly change: Change;
      /** Offset in the body (after de-chunking) of the first differing byte; null unless changed. */
      readonly at: number | null;
      readonly aLength: number;
      readonly bLength: number;
      /** Both are JSON with the same value: only formatting or key order differs. */
      readonly sameJson: boolean;
    }
  /** A Redis command argument by position (0 is the command name). */
  | {
      readonly kind: 'argument';
      readonly change: Change;
      readonly index: number;
      readonly a: string | null;
      readonly b: string | null;
    }
  /** A Redis reply, as redis-cli would show it. */
  | { readonly kind: 'reply'; readonly a: string; readonly b: string }
  /** Other protocols: the message's one-line title. */
  | { readonly kind: 'title'; readonly a: string; readonly b: string }
  /** Other protocols: a decoded field by name. */
  | {
      readonly kind: 'field';
      readonly change: Change;
      readonly name: string;
      readonly a: string | null;
      readonly b: string | null;
    }
  /**
   * Nothing above differs, yet the bytes do (header order or letter case, JSON formatting,
   * whitespace, or a value past what the decoder shows): where, from the message's first byte.
   */
  | {
      readonly kind: 'raw';
      readonly at: number;
      readonly aLength: number;
      readonly bLength: number;
    }
  /** More differences than are listed (a JSON body with hundreds of changed fields). */
  | { readonly kind: 'omitted'; readonly count: number };

export type MessagePair =
  /** Byte for byte the same. */
  | { readonly kind: 'same'; readonly a: MessageRef; readonly b: MessageRef }
  | {
      readonly kind: 'changed';
      readonly a: MessageRef;
      readonly b: MessageRef;
      readonly differences: readonly Difference[];
    }
  | { readonly kind: 'only-a'; readonly a: MessageRef }
  | { readonly kind: 'only-b'; readonly b: MessageRef };

export interface DirectionComparison {
  readonly direction: Direction;
  /** In stream order of both sides. */
  readonly pairs: readonly MessagePair[];
  readonly counts: {
    readonly same: number;
    readonly changed: number;
    readonly onlyA: number;
    readonly onlyB: number;
  };
}

export interface ConversationComparison {
  /** The decoder both sides were read with; null when they were read with different ones. */
  readonly protocol: DecoderName | null;
  readonly in: DirectionComparison;
  readonly out: DirectionComparison;
  /** Every message paired and byte for byte the same (bytes no decoder understood aside). */
  readonly same: boolean;
  /** A side may hold a message cut short (capture still running, or truncated). */
  readonly partial: { readonly a: boolean; readonly b: boolean };
  /** Bytes the decoders could not read: not compared here (the byte diff covers them). */
  readonly unparsed: {
    readonly a: readonly UnparsedRegion[];
    readonly b: readonly UnparsedRegion[];
  };
}
