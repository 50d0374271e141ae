// The connection filter: what it holds and whether a connection passes it. Pure, so it runs the
// same in the store (once per frame, over the whole index when the filter changes) and in tests.
//
// Speed matters at 100,000 connections: a filter is compiled once into a list of small checks
// (only the active ones), and the client address is compared as a lowercase "host:port" string
// computed once per connection snapshot, not once per keystroke.
import {
  DETECTED_PROTOCOLS,
  type ConnectionInfo,
  type Detection,
  type DetectedProtocol,
  type Protocol,
} from '../../../shared/model';
import { clientShort } from '../../../shared/client-process';
import { formatHostPort } from '../lib/format-address';

export type ProtocolChoice = 'any' | Protocol | DetectedProtocol;
export type StateChoice = 'any' | 'open' | 'closed';

export const PROTOCOL_CHOICES: readonly ProtocolChoice[] = [
  'any',
  'tcp',
  'udp',
  ...DETECTED_PROTOCOLS,
];

export interface ConnectionFilter {
  /** Only this listener's connections, or every port. */
  readonly listenerId: string | null;
  /** Substring of the client's "address:port", lowercase; '' for any. */
  readonly address: string;
  /** Substring of the client program's name or pid ("node", "812"), lowercase; '' for any. */
  readonly process: string;
  /** Transport (tcp/udp) or what either direction was detected as. */
  readonly protocol: ProtocolChoice;
  readonly state: StateChoice;
  /** Bytes received in + out at least this many; 0 for any. */
  readonly minBytes: number;
  /** Ids whose payload matched the payload search (so far); null when no search is active. */
  readonly payloadIds: ReadonlySet<number> | null;
}

export const EMPTY_FILTER: ConnectionFilter = {
  listenerId: null,
  address: '',
  process: '',
  protocol: 'any',
  state: 'any',
  minBytes: 0,
  payloadIds: null,
};

export function isFiltering(f: ConnectionFilter): boolean {
  return (
    f.listenerId !== null ||
    f.address !== '' ||
    f.process !== '' ||
    f.protocol !== 'any' ||
    f.state !== 'any' ||
    f.minBytes > 0 ||
    f.payloadIds !== null
  );
}

/** Whether two filters select the same connections (every field compared by value or identity). */
export function sameFilter(a: ConnectionFilter, b: ConnectionFilter): boolean {
  return (
    a.listenerId === b.listenerId &&
    a.address === b.address &&
    a.process === b.process &&
    a.protocol === b.protocol &&
    a.state === b.state &&
    a.minBytes === b.minBytes &&
    a.payloadIds === b.payloadIds
  );
}

// Indexed by id in a plain array: ids are small increasing integers, so this is a dense array
// and a lookup is an index, much cheaper than a Map or WeakMap probe at 100,000 rows. A
// connection's address never changes, but a restarted engine reuses ids, hence the check.
interface AddressEntry {
  readonly address: string;
  readonly port: number;
  readonly key: string;
}
const addressKeys: (AddressEntry | undefined)[] = [];
let cachedCount = 0;

/** "127.0.0.1:54321" or "[::1]:54321", lowercase, cached per connection. */
export function addressKey(c: ConnectionInfo): string {
  const entry = addressKeys[c.id];
  if (entry !== undefined && entry.port === c.remotePort && entry.address === c.remoteAddress) {
    return entry.key;
  }
  const key = formatHostPort(c.remoteAddress, c.remotePort).toLowerCase();
  if (entry === undefined) cachedCount++;
  addressKeys[c.id] = { address: c.remoteAddress, port: c.remotePort, key };
  return key;
}

/** Forget keys of connections no longer in `live`, once they are most of the cache. */
export function forgetAddressKeys(live: ReadonlyMap<number, unknown>): void {
  if (cachedCount <= 2 * live.size + 1024) return;
  for (let id = 0; id < addressKeys.length; id++) {
    if (addressKeys[id] !== undefined && !live.has(id)) {
      addressKeys[id] = undefined;
      cachedCount--;
    }
  }
}

/**
 * What the process filter matches: the program's name and pid ("node 812"), "unknown" or
 * "remote host", lowercase. Connections still being looked up match nothing yet.
 */
function processKey(c: ConnectionInfo): string {
  // Snapshots from an engine that does not name clients lack the field.
  const client = (c.client as ConnectionInfo['client'] | undefined) ?? null;
  if (client === null) return '';
  if (client.kind !== 'process') return clientShort(client);
  return `${client.name ?? ''} ${client.pid}`.toLowerCase();
}

function isDetected(choice: ProtocolChoice): choice is DetectedProtocol {
  return (DETECTED_PROTOCOLS as readonly string[]).includes(choice);
}

export type ConnectionPredicate = (c: ConnectionInfo) => boolean;

/** One predicate running only the checks this filter needs. */
export function compileFilter(f: ConnectionFilter): ConnectionPredicate {
  const checks: ConnectionPredicate[] = [];
  const { listenerId, address, process, protocol, state, minBytes, payloadIds } = f;
  if (listenerId !== null) checks.push((c) => c.listenerId === listenerId);
  if (state === 'open') checks.push((c) => c.state !== 'closed');
  if (state === 'closed') checks.push((c) => c.state === 'closed');
  if (protocol === 'tcp' || protocol === 'udp') checks.push((c) => c.protocol === protocol);
  else if (isDetected(protocol)) {
    checks.push((c) => {
      // Snapshots from an engine without detection lack the field; they match no protocol.
      const d = c.detected as Detection | undefined;
      return d !== undefined && (d.in === protocol || d.out === protocol);
    });
  }
  if (minBytes > 0) checks.push((c) => c.in.received + c.out.received >= minBytes);
  if (payloadIds !== null) checks.push((c) => payloadIds.has(c.id));
  // The address check builds strings the first time it sees a snapshot: run it last.
  if (address !== '') checks.push((c) => addressKey(c).includes(address));
  if (process !== '') checks.push((c) => processKey(c).includes(process));
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0] ?? (() => true);
  return (c) => {
    for (const check of checks) if (!check(c)) return false;
    return true;
  };
}
