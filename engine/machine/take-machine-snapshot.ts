// One reading of this machine's listeners for the machine view: bounded in time, never throwing,
// Porthole's own ports marked, sized to travel in one message.

import {
  exposureOf,
  MAX_LISTENERS_SHOWN,
  type MachineConnection,
  type MachineListener,
  type MachineSnapshot,
  type SocketProcess,
} from '../../shared/machine';
import type { Protocol } from '../../shared/model';
import { runCommand } from '../port-holder/run-command';
import { formatSocketAddress } from '../port-holder/socket-address';
import { readLinuxMachine, type LinuxMachineOptions } from './linux-machine-sockets';
import { readMacMachine } from './mac-machine-sockets';
import type { MachineReading, RunTool } from './machine-reading';
import type { SocketRow, TableListener } from './socket-table';
import { readWindowsMachine } from './windows-machine-sockets';

/** Most a refresh may take; what is known by then is shown, marked incomplete. */
const MACHINE_READ_TIMEOUT_MS = 4000;

/** A port Porthole itself has open, to mark it in the list. */
export interface OwnPort {
  readonly listenerId: string;
  readonly protocol: Protocol;
  readonly port: number;
}

export interface MachineSnapshotOptions {
  readonly ownPorts?: readonly OwnPort[];
  readonly timeoutMs?: number;
  /** Tests: read another platform's way. */
  readonly platform?: NodeJS.Platform;
  /** Tests: run tools from a recording. */
  readonly run?: RunTool;
  /** Whether processes may see other users' sockets (root): decides the macOS note. */
  readonly privileged?: boolean;
  /** Tests: read a made-up /proc. */
  readonly linux?: Omit<LinuxMachineOptions, 'signal'>;
}

function read(
  options: MachineSnapshotOptions,
  signal: AbortSignal,
  deadline: number,
): Promise<MachineReading> {
  const run: RunTool =
    options.run ??
    ((file, args) => runCommand(file, args, { timeoutMs: deadline - performance.now(), signal }));
  switch (options.platform ?? process.platform) {
    case 'linux':
    case 'android':
      return readLinuxMachine({ ...options.linux, signal });
    case 'darwin':
      return readMacMachine(run, options.privileged ?? process.geteuid?.() === 0);
    case 'win32':
      return readWindowsMachine(run);
    default:
      return Promise.resolve({
        listeners: [],
        complete: true,
        note: 'Porthole cannot list this operating system’s sockets yet.',
      });
  }
}

function connectionOf(
  server: SocketRow<SocketProcess>,
  client: SocketRow<SocketProcess> | null,
  isLocal: boolean,
): MachineConnection {
  const process: SocketProcess =
    client !== null
      ? client.owner
      : isLocal
        ? { kind: 'unknown', reason: 'exited', user: null }
        : { kind: 'remote-host' };
  return {
    client: formatSocketAddress(server.remoteIp ?? '?', server.remotePort),
    clientPort: server.remotePort,
    process,
  };
}

function listenerOf(
  entry: TableListener<SocketProcess>,
  ownPorts: readonly OwnPort[],
  isLocalIp: (ip: string) => boolean,
): MachineListener {
  const { row } = entry;
  const pid = row.owner.kind === 'process' ? row.owner.pid : null;
  const own =
    pid === process.pid
      ? ownPorts.find((p) => p.protocol === row.protocol && p.port === row.localPort)
      : undefined;
  const address = formatSocketAddress(row.localIp, row.localPort);
  return {
    key: `${row.protocol}|${row.family}|${address}|${pid ?? row.owner.kind}`,
    protocol: row.protocol,
    address,
    ip: row.localIp,
    port: row.localPort,
    family: row.family,
    exposure: exposureOf(row.localIp),
    process: row.owner,
    porthole: pid === process.pid,
    portholeListenerId: own?.listenerId ?? null,
    connections: entry.connections.map(({ server, client }) =>
      connectionOf(server, client, server.remoteIp !== null && isLocalIp(server.remoteIp)),
    ),
    connectionCount: entry.connectionCount,
  };
}

/**
 * This machine's listening TCP and bound UDP sockets with their processes and connections. Never
 * throws and never takes much longer than the timeout: on the deadline the lookups stop, and
 * what was read is returned with `complete: false`.
 */
export async function takeMachineSnapshot(
  isLocalIp: (ip: string) => boolean,
  options: MachineSnapshotOptions = {},
): Promise<MachineSnapshot> {
  const takenAt = Date.now();
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? MACHINE_READ_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let reading: MachineReading;
  try {
    reading = await read(options, controller.signal, started + timeoutMs);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unknown error';
    reading = { listeners: [], complete: false, note: `Reading the sockets failed: ${detail}` };
  } finally {
    clearTimeout(timer);
  }
  const ownPorts = options.ownPorts ?? [];
  return {
    takenAt,
    tookMs: Math.round(performance.now() - started),
    listeners: reading.listeners
      .slice(0, MAX_LISTENERS_SHOWN)
      .map((entry) => listenerOf(entry, ownPorts, isLocalIp)),
    listenerCount: reading.listeners.length,
    complete: reading.complete,
    note: reading.note,
  };
}
