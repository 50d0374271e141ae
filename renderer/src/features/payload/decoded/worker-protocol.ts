// Messages between the payload view and the decode worker. Requests carry an id; the client
// keeps only the newest id per purpose, so a slow decode of an older snapshot is dropped.
import type {
  ConversationBytes,
  DecodedConversation,
  DecoderName,
} from '../../../../../shared/decoders/types';
import type { FormattedBody } from './body-format';

interface DecodeRequest {
  readonly type: 'decode';
  readonly id: number;
  readonly decoder: DecoderName;
  readonly bytes: ConversationBytes;
}

/** Format bytes the view got another way (a decompressed body). */
interface FormatRequest {
  readonly type: 'format';
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
}

export type WorkerRequest = DecodeRequest | FormatRequest;

/** A body as the view needs it; `base64` is set only for bodies with a Content-Encoding. */
export interface BodyView {
  readonly formatted: FormattedBody | null;
  readonly base64: string | null;
}

export interface DecodeResponse {
  readonly type: 'decoded';
  readonly id: number;
  readonly conversation: DecodedConversation;
  /** Per message index, its body's presentation (null for messages without a body). */
  readonly bodies: readonly (BodyView | null)[];
  /** How long the decoder and formatting took in the worker, for diagnostics. */
  readonly ms: number;
}

interface FormatResponse {
  readonly type: 'formatted';
  readonly id: number;
  readonly formatted: FormattedBody;
}

interface FailedResponse {
  readonly type: 'failed';
  readonly id: number;
  readonly message: string;
}

export type WorkerResponse = DecodeResponse | FormatResponse | FailedResponse;
