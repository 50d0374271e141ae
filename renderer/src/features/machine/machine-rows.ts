// The machine view's list: filtered by what the person typed and chose, sorted by a column. Sorts
// are stable and fall back to the socket's key, so a refresh that changes nothing about a row
// never moves it.
import { clientShort } from '../../../../shared/client-process';
import type { Exposure, MachineListener } from '../../../../shared/machine';

export type MachineSortKey = 'port' | 'address' | 'process' | 'exposure' | 'connections';
export type ExposureChoice = 'any' | 'exposed' | Exposure;

export interface MachineFilter {
  /** A port number, or part of a process name, pid, user, command line or address. */
  readonly text: string;
  readonly exposure: ExposureChoice;
  readonly protocol: 'any' | 'tcp' | 'udp';
}

export const NO_MACHINE_FILTER: MachineFilter = { text: '', exposure: 'any', protocol: 'any' };

/** Exposed first when sorting by exposure: what reaches furthest is what to look at. */
const EXPOSURE_RANK: Record<Exposure, number> = {
  'all-interfaces': 0,
  interface: 1,
  loopback: 2,
};

function processText(listener: MachineListener): string {
  const p = listener.process;
  if (p.kind !== 'process')
    return `${clientShort(p)} ${p.kind === 'unknown' ? (p.user ?? '') : ''}`;
  return `${p.name ?? ''} ${p.pid} ${p.user ?? ''} ${p.commandLine ?? ''}`;
}

function matchesText(listener: MachineListener, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return true;
  // A number alone is a port: "80" must not match 8080 or pid 1808.
  if (/^\d{1,5}$/.test(wanted)) return listener.port === Number(wanted);
  return `${listener.address} ${processText(listener)}`.toLowerCase().includes(wanted);
}

function matchesExposure(listener: MachineListener, choice: ExposureChoice): boolean {
  if (choice === 'any') return true;
  if (choice === 'exposed') return listener.exposure !== 'loopback';
  return listener.exposure === choice;
}

function compareBy(key: MachineSortKey, a: MachineListener, b: MachineListener): number {
  switch (key) {
    case 'port':
      return a.port - b.port;
    case 'address':
      return a.address.localeCompare(b.address);
    case 'process':
      return processText(a).localeCompare(processText(b));
    case 'exposure':
      return EXPOSURE_RANK[a.exposure] - EXPOSURE_RANK[b.exposure];
    case 'connections':
      return b.connectionCount - a.connectionCount;
  }
}

export function machineRows(
  listeners: readonly MachineListener[],
  filter: MachineFilter,
  sort: MachineSortKey,
): MachineListener[] {
  return listeners
    .filter(
      (l) =>
        (filter.protocol === 'any' || l.protocol === filter.protocol) &&
        matchesExposure(l, filter.exposure) &&
        matchesText(l, filter.text),
    )
    .sort(
      (a, b) =>
        compareBy(sort, a, b) || a.port - b.port || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}
