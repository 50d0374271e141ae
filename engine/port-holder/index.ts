// "Who holds this port" and "the next free port": plain Node, no electron.

export { findPortHolders, DEFAULT_HOLDER_TIMEOUT_MS } from './find-port-holders';
export type { PortHolderQuery } from './find-port-holders';
export { nextFreePort } from './next-free-port';
export type { NextFreePortQuery } from './next-free-port';
export { parseProcNet, decodeProcNetIp } from './proc-net';
export { parseLsofFields } from './lsof';
export { parseNetstat } from './netstat';
export { parseTasklistCsv } from './tasklist';
export { parsePasswd } from './passwd';
