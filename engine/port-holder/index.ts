// "Who holds this port" and "the next free port": plain Node, no electron.

export { findPortHolders, DEFAULT_HOLDER_TIMEOUT_MS } from './find-port-holders';
export { nextFreePort } from './next-free-port';
export { parseProcNet } from './proc-net';
export { parseLsofFields } from './lsof';
export { parseNetstat } from './netstat';
export { parseTasklistCsv } from './tasklist';
export { parsePasswd } from './passwd';
