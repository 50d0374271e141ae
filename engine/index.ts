// The capture engine's one public entry: everything outside engine/ (the desktop shell, browser
// mode, benchmarks, end-to-end support) imports from here and nowhere deeper. Lint enforces it.

export { createEngine } from './core/create-engine';
export type { Engine, EngineOptions } from './core/engine-api';
export { findPortHolders } from './port-holder';
export { takeMachineSnapshot } from './machine/take-machine-snapshot';
export { SocketOwnerMemory } from './machine/owner-memory';
export { browserModeDataDir } from './persist/data-dir';
export { readCapture, readChunk } from './persist/capture-reader';
export { exportCaptureToPcapng } from './export/pcapng/export-capture-file';
export { importCapture } from './import/import-capture';
export { exportCaptureToHar } from './export/har/export-capture-har';
export { exportCaptureToRaw } from './export/raw/export-raw';
