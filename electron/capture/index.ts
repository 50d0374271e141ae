// The capture engine's public surface.

export { createEngine } from './engine';
export type { Engine, EngineOptions } from './engine-api';
export type { EngineInternals } from './engine-core';
export type { Behaviour, BehaviourConnection, BehaviourSession } from './behaviour';
export { captureBehaviour } from './behaviour';
export { bindError } from './bind-error';
export { suggestPort } from './suggest-port';
