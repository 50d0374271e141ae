// A port's BehaviourConfig → what its TCP connections and its UDP conversations run, in one
// place, so "echo", "reply" and "relay" mean the same thing whichever protocol the port speaks.
// Built once per configuration: payloads are decoded here, not per connection.

import type { BehaviourConfig } from '../../shared/behaviours';
import { echoBehaviour } from '../tcp/behaviours/echo';
import { createHttpResponder } from '../tcp/behaviours/http-responder';
import { createRelayBehaviour } from '../tcp/behaviours/relay';
import { createReplyBehaviour } from '../tcp/behaviours/reply';
import { captureBehaviour, type TcpBehaviour } from '../tcp/tcp-behaviour';
import { createUdpReply, udpEcho, udpRecordOnly, type UdpBehaviour } from '../udp/udp-behaviour';
import { createUdpRelay } from '../udp/udp-relay';
import { decodeReply } from './reply-payloads';
import type { CapturedConnection } from './engine-types';
import { mockRecording } from '../mock/mock-script';
import { createMockBehaviour } from '../tcp/behaviours/mock';
import { createUdpMock } from '../udp/udp-mock';

export interface PortBehaviour {
  readonly config: BehaviourConfig;
  readonly tcp: TcpBehaviour;
  readonly udp: UdpBehaviour;
}

/** Recorded connections by id, for mocks that answer like one. */
type FindRecording = (id: number) => CapturedConnection | undefined;

const NO_RECORDINGS: FindRecording = () => undefined;

/** How the engine turns a configuration into behaviours (tests may supply their own). */
export type CreatePortBehaviour = (
  config: BehaviourConfig,
  recordings?: FindRecording,
) => PortBehaviour;

export const createPortBehaviour: CreatePortBehaviour = (config, recordings = NO_RECORDINGS) => {
  switch (config.kind) {
    case 'capture':
      return { config, tcp: captureBehaviour, udp: udpRecordOnly('capture') };
    case 'echo':
      return { config, tcp: echoBehaviour, udp: udpEcho };
    case 'reply': {
      const reply = decodeReply(config);
      return { config, tcp: createReplyBehaviour(reply), udp: createUdpReply(reply) };
    }
    case 'http':
      // Not offered on UDP ports (unsupportedOn); recording alone is the safe reading.
      return { config, tcp: createHttpResponder(config), udp: udpRecordOnly('http') };
    case 'relay':
      return { config, tcp: createRelayBehaviour(config), udp: createUdpRelay(config) };
    case 'mock': {
      // Loaded once, on the first client, and shared by all of them.
      const recording = mockRecording(config.connectionId, recordings);
      return {
        config,
        tcp: createMockBehaviour(config, recording),
        udp: createUdpMock(config, recording),
      };
    }
  }
};
