// "Who holds this port", "which program is the client" and "the next free port": plain Node,
// no electron.

export { findPortHolders, DEFAULT_HOLDER_TIMEOUT_MS } from './find-port-holders';
export { nextFreePort } from './next-free-port';
export { parseProcNet } from './proc-net';
export { parseLsofFields } from './lsof';
export { parseNetstat } from './netstat';
export { parseTasklistCsv } from './tasklist';
export { parsePasswd } from './passwd';
export { createClientProcessResolver } from './client-process-resolver';
export type { ClientBatchReport } from './client-batch';
export type {
  ClientProcessResolver,
  ClientProcessResolverOptions,
  ClientResolverStats,
} from './client-process-resolver';
export type { ClientQuery } from './client-query';
