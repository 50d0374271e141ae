import type { BehaviourKind } from '../../../shared/behaviours';

/** A behaviour's name, as the behaviour forms and the payload header show it. */
export const KIND_LABEL: Readonly<Record<BehaviourKind, string>> = {
  capture: 'Capture',
  echo: 'Echo',
  reply: 'Fixed reply',
  http: 'HTTP responder',
  relay: 'Relay',
  mock: 'Answer like a recording',
};
