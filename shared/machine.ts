// "This machine's ports": every listening TCP socket and bound UDP socket on the machine, who
// holds it, how far it is exposed, and the connections to it. Plain data, shared by the engine
// (which reads it from the OS) and the renderer (which shows it).

import type { ClientProcess } from './client-process';
import type { AddressFamily, Protocol } from './model';

/**
 * How far a listener can be reached:
 * - loopback: 127.0.0.0/8 or ::1; only programs on this machine.
 * - all-interfaces: 0.0.0.0 or ::; every network this machine is on, unless a firewall blocks it.
 * - interface: one address of one interface (a LAN, VPN or container network); whoever can reach
 *   that network.
 */
export type Exposure = 'loopback' | 'interface' | 'all-interfaces';

/**
 * The program holding a socket. The same shape as a connection's client program: named, unknown
 * with the reason (`hidden` for another user's process Porthole may not inspect, `exited` for a
 * socket whose process went away while we looked, `no-process` for one still there that no
 * visible process holds, `not-found` where the OS tool did not say), or
 * `remote-host` for a peer on another machine.
 */
export type SocketProcess = ClientProcess;

/** One established TCP connection to a listener. */
export interface MachineConnection {
  /** The client's end, e.g. "127.0.0.1:51234" or "[::1]:51234". */
  readonly client: string;
  readonly clientPort: number;
  /** The program that opened it, or `remote-host` when it came from another machine. */
  readonly process: SocketProcess;
}

export interface MachineListener {
  /** Stable across refreshes while the socket lives, so the view can diff by it. */
  readonly key: string;
  readonly protocol: Protocol;
  /** "127.0.0.1:5432", "[::1]:5432", "0.0.0.0:5432", "[::]:5353". */
  readonly address: string;
  readonly ip: string;
  readonly port: number;
  readonly family: AddressFamily;
  readonly exposure: Exposure;
  readonly process: SocketProcess;
  /** Porthole itself holds it: one of its ports, or its own browser-mode UI. */
  readonly porthole: boolean;
  /** The Porthole port this is (its listener id); null for anything else, the UI included. */
  readonly portholeListenerId: string | null;
  /** TCP: established connections to it, up to MAX_CONNECTIONS_SHOWN; UDP has none. */
  readonly connections: readonly MachineConnection[];
  /** Every established connection, also those beyond the ones listed. */
  readonly connectionCount: number;
}

export interface MachineSnapshot {
  /** Epoch ms when the OS was asked. */
  readonly takenAt: number;
  /** How long the reading took (ms). */
  readonly tookMs: number;
  /** Sorted by port, then protocol, then address. At most MAX_LISTENERS_SHOWN. */
  readonly listeners: readonly MachineListener[];
  /** Every listener found, also those beyond the ones listed. */
  readonly listenerCount: number;
  /** Whether every process could be looked at in time; if not, some owners are unknown. */
  readonly complete: boolean;
  /**
   * Something the person should know about the whole list, in plain words: the OS tool that is
   * missing, that other users' processes are hidden without privileges, or that the platform has
   * no reader. null when there is nothing to say.
   */
  readonly note: string | null;
}

/** Listeners one snapshot carries: far more than any machine listens on, small enough to send. */
export const MAX_LISTENERS_SHOWN = 4000;
/** Connections listed per listener (a busy server can hold tens of thousands). */
export const MAX_CONNECTIONS_SHOWN = 200;

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Exposure of a bound address as the OS prints it (IPv4-mapped IPv6 counts as its IPv4). */
export function exposureOf(ip: string): Exposure {
  const bare = ip.toLowerCase().replace(/^::ffff:(?=\d)/, '');
  if (bare === '::1' || LOOPBACK_V4.test(bare)) return 'loopback';
  if (bare === '0.0.0.0' || bare === '::' || bare === '*') return 'all-interfaces';
  return 'interface';
}

/** What an exposure means for the person, in one sentence. */
export function describeExposure(exposure: Exposure, ip: string): string {
  switch (exposure) {
    case 'loopback':
      return 'Loopback only: only programs on this machine can connect.';
    case 'all-interfaces':
      return 'All interfaces: other machines on your networks can reach this unless a firewall blocks it.';
    case 'interface':
      return `Bound to ${ip}: machines that can reach that address (its network) can connect unless a firewall blocks it.`;
  }
}
