// A fixed reply's payloads, decoded once when the port's behaviour is set (not per connection or
// datagram). The same bytes go to every client; they are never modified, so sharing them with
// the recorder is safe.

import type { BehaviourConfig } from '../../shared/behaviours';
import { payloadBytes } from '../../shared/payload-spec';

export interface ReplyPayloads {
  readonly onConnect: Buffer | null;
  readonly onData: Buffer | null;
  readonly closeAfterReply: boolean;
}

export function decodeReply(config: Extract<BehaviourConfig, { kind: 'reply' }>): ReplyPayloads {
  return {
    onConnect: config.onConnect === null ? null : Buffer.from(payloadBytes(config.onConnect)),
    onData: config.onData === null ? null : Buffer.from(payloadBytes(config.onData)),
    closeAfterReply: config.closeAfterReply,
  };
}
