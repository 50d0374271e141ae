// What a protocol decoder makes of a conversation: messages with readable fields, each pointing
// at its raw bytes, and marks where bytes were not understood. Decoders are pure functions over
// bytes (shared/, no Node or DOM), run off the UI thread in the renderer's decode worker and in
// tests; they never throw (a bug becomes an `unparsed` region) and never loop without progress.

import type { Direction } from '../model';

/** A byte range within one direction's stream (offsets as in readPayload). */
export interface ByteRange {
  readonly direction: Direction;
  readonly offset: number;
  readonly length: number;
}

export interface DecodedField {
  readonly name: string;
  /** Display text: already made safe to show as text (never rendered as HTML). */
  readonly value: string;
}

export interface DecodedBody {
  /** The body as sent after transfer framing is removed (e.g. chunked de-framed); still encoded. */
  readonly bytes: Uint8Array;
  /** Where the body's bytes are in the stream (for chunked: the range of the whole framed body). */
  readonly range: ByteRange;
  readonly contentType: string | null;
  /** Content-Encoding (gzip, deflate, br, …), lower-case; null when none. */
  readonly contentEncoding: string | null;
  /** False when the stream ended (or capture stopped) before the body did. */
  readonly complete: boolean;
}

export interface DecodedMessage {
  /** Conversation order: messages are sorted by the arrival of their first byte. */
  readonly direction: Direction;
  /** The whole message's raw bytes: one click away in the UI. */
  readonly range: ByteRange;
  /** Machine-readable kind: 'request', 'response', 'frame', 'ClientHello', 'Query', … */
  readonly kind: string;
  /** One line a person reads: "GET /orders HTTP/1.1", "TEXT frame, FIN, masked, 12 B". */
  readonly title: string;
  /** Headers, parameters, flags, in wire order. */
  readonly fields: readonly DecodedField[];
  readonly body: DecodedBody | null;
  /** Exchange this message belongs to (HTTP request/response pairs share one); null if none. */
  readonly exchange: number | null;
}

/** Bytes a decoder could not make sense of, shown raw with the reason. */
export interface UnparsedRegion {
  readonly range: ByteRange;
  readonly reason: string;
}

export interface DecodedConversation {
  readonly protocol: DecoderName;
  readonly messages: readonly DecodedMessage[];
  readonly unparsed: readonly UnparsedRegion[];
  /** True when more bytes may complete a message that is cut at the end (live or truncated). */
  readonly partial: boolean;
}

export const DECODER_NAMES = ['http', 'websocket', 'tls', 'redis', 'postgres'] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

/** Both directions' captured bytes from offset 0 (a prefix, when capture or the view cut them). */
export interface ConversationBytes {
  readonly in: Uint8Array;
  readonly out: Uint8Array;
  /** Arrival order of the directions' bytes, to order messages: chunk records, or empty. */
  readonly order: readonly {
    readonly direction: Direction;
    readonly offset: number;
    readonly at: number;
  }[];
}
