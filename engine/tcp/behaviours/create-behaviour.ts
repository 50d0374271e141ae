// A port's BehaviourConfig → the Behaviour its TCP connections run. Built once per configuration
// (payloads decoded here, not per connection).

import type { BehaviourConfig } from '../../../shared/behaviours';
import { captureBehaviour, type Behaviour } from '../tcp-behaviour';
import { echoBehaviour } from './echo';
import { createHttpResponder } from './http-responder';
import { createRelayBehaviour } from './relay';
import { createReplyBehaviour } from './reply';

export function createTcpBehaviour(config: BehaviourConfig): Behaviour {
  switch (config.kind) {
    case 'capture':
      return captureBehaviour;
    case 'echo':
      return echoBehaviour;
    case 'reply':
      return createReplyBehaviour(config);
    case 'http':
      return createHttpResponder(config);
    case 'relay':
      return createRelayBehaviour(config);
  }
}
