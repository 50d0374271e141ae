// Diagnose a connection to a local service: plain Node, no electron.

export { diagnoseConnection, DEFAULT_DIAGNOSE_TIMEOUTS } from './diagnose-connection';
export type { DiagnoseOptions } from './diagnose-connection';
export { createDiagnoseHandlers } from './diagnose-handlers';
