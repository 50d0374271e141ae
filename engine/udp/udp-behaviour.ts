// What a UDP port does with each datagram of a conversation: capture (nothing), echo, a fixed
// reply, or a relay (udp-relay.ts). The conversation records every datagram either way; a
// session only decides what to send back and where to forward. Built from a port's
// BehaviourConfig in core/port-behaviour.ts, next to the TCP behaviour of the same name.

import type { ErrorInfo } from '../../shared/errors';
import type { BehaviourKind, EndReason, UpstreamInfo } from '../../shared/model';
import type { ReplyPayloads } from '../core/reply-payloads';

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
  /** Mock: the peer first differed from the recording at this offset of its bytes. */
  markDiverged(offset: number): void;
}

export interface UdpSession {
  /** Called after the datagram was recorded 'in'. */
  onDatagram(data: Buffer): void;
  /** The conversation closed or switched behaviour: release sockets and timers. */
  close(): void;
}

/** A port's UDP behaviour: built once per configuration, one session per conversation. */
export interface UdpBehaviour {
  readonly kind: BehaviourKind;
  start(host: UdpSessionHost): UdpSession;
}

/** Records only: capture, and the stand-in after a conversation closed. */
export const NO_SESSION: UdpSession = { onDatagram: () => undefined, close: () => undefined };

export function udpRecordOnly(kind: BehaviourKind): UdpBehaviour {
  return { kind, start: () => NO_SESSION };
}

export const udpEcho: UdpBehaviour = {
  kind: 'echo',
  start: (host) => ({
    onDatagram: (data) => host.later(data.byteLength, () => host.sendToPeer(data)),
    close: () => undefined,
  }),
};

/**
 * One reply per datagram ('onConnect' has no meaning without a connect). With "close after
 * reply" the first reply ends the conversation, so each request from a peer becomes its own
 * conversation; datagrams that arrive while that reply waits out a delay are recorded only.
 */
export function createUdpReply(reply: ReplyPayloads): UdpBehaviour {
  const bytes = reply.onData;
  if (bytes === null) return udpRecordOnly('reply');
  const { closeAfterReply } = reply;
  return {
    kind: 'reply',
    start(host) {
      let finishing = false;
      return {
        onDatagram: () => {
          if (finishing) return;
          finishing = closeAfterReply;
          host.later(bytes.byteLength, () => {
            host.sendToPeer(bytes);
            if (closeAfterReply) host.finish('closed-by-behaviour');
          });
        },
        close: () => undefined,
      };
    },
  };
}
