// What a UDP port does with each datagram of a conversation: capture (nothing), echo, a fixed
// reply, or a relay (udp-relay.ts). The conversation records every datagram either way; a
// session only decides what to send back and where to forward.

import type { BehaviourConfig } from '../../shared/behaviours';
import type { ErrorInfo } from '../../shared/errors';
import type { EndReason, UpstreamInfo } from '../../shared/model';
import { payloadBytes } from '../../shared/payload-spec';
import { UdpRelay } from './udp-relay';

/** The part of a conversation a session may drive. */
export interface UdpSessionHost {
  readonly id: number;
  /**
   * Run `action` after the port's delay fault, in order with everything else scheduled on this
   * conversation. `bytes` is what the action holds on to (for the bound on waiting datagrams).
   */
  later(bytes: number, action: () => void): void;
  /** Send one datagram to the peer from the port's socket now, recorded 'out'. */
  sendToPeer(data: Uint8Array): void;
  /** End the conversation (e.g. 'closed-by-behaviour'); nothing is sent, UDP has no close. */
  finish(reason: EndReason): void;
  setUpstream(info: UpstreamInfo | null): void;
  /** Show a problem on the conversation without ending it (null clears it). */
  setError(error: ErrorInfo | null): void;
}

export interface UdpSession {
  /** Called after the datagram was recorded 'in'. */
  onDatagram(data: Buffer): void;
  /** The conversation closed or switched behaviour: release sockets and timers. */
  close(): void;
}

const NOTHING: UdpSession = { onDatagram: () => undefined, close: () => undefined };

export function createUdpSession(config: BehaviourConfig, host: UdpSessionHost): UdpSession {
  switch (config.kind) {
    case 'echo':
      return {
        onDatagram: (data) => host.later(data.byteLength, () => host.sendToPeer(data)),
        close: () => undefined,
      };
    case 'reply':
      return replySession(config, host);
    case 'relay':
      return new UdpRelay(config, host);
    case 'capture':
    case 'http': // Not offered on UDP ports (unsupportedOn); recording alone is the safe reading.
      return NOTHING;
  }
}

/**
 * One reply per datagram ('onConnect' has no meaning without a connect). With "close after
 * reply" the first reply ends the conversation, so each request from a peer becomes its own
 * conversation; datagrams that arrive while that reply waits out a delay are recorded only.
 */
function replySession(
  config: Extract<BehaviourConfig, { kind: 'reply' }>,
  host: UdpSessionHost,
): UdpSession {
  if (config.onData === null) return NOTHING;
  const bytes = payloadBytes(config.onData);
  let finishing = false;
  return {
    onDatagram: () => {
      if (finishing) return;
      finishing = config.closeAfterReply;
      host.later(bytes.byteLength, () => {
        host.sendToPeer(bytes);
        if (config.closeAfterReply) host.finish('closed-by-behaviour');
      });
    },
    close: () => undefined,
  };
}
