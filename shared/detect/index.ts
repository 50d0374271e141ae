// Protocol detection from the first bytes of each direction (pure; used by the engine and tests).

export { detectDirection, MAX_DETECT_BYTES } from './detect-direction';
export type { DirectionVerdict } from './detect-direction';
export { isWebSocketUpgrade, refineConnection } from './websocket';
