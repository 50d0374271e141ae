// "Which program is the client": the answer Porthole shows next to a connection or UDP peer.
// Plain data, shared by the engine (which finds it) and the renderer (which shows it).

/**
 * Why a local client could not be named. Each reason tells the user something different, so the
 * UI can say more than "unknown":
 * - busy: too many lookups were waiting; this one was not attempted.
 * - timeout: the lookup did not finish within its time budget.
 * - exited: the client's socket was gone (or no longer held by any process) when we looked,
 *   typical for a client that connects, sends and quits at once.
 * - hidden: the socket is there but its owner is not visible to us (another user's process and
 *   Porthole runs without privileges); `user` still says whose it is.
 * - no-process: the socket is still there a refresh later, yet no process Porthole can see holds
 *   it: the kernel's own (an NFS server's), or a program in another container or PID namespace.
 * - not-found: the OS tool did not list the socket, and it cannot say whether the client exited
 *   or belongs to a process it may not see (macOS lsof without root).
 * - ambiguous: several processes hold sockets the datagram may have come from (UDP ports shared
 *   through SO_REUSEPORT); naming one of them could name the wrong program.
 * - unsupported: no lookup exists for this OS, or the connection is not one we can look up.
 * - closed: Porthole was shutting the lookup down.
 * - failed: the lookup itself failed unexpectedly.
 */
export const CLIENT_UNKNOWN_REASONS = [
  'busy',
  'timeout',
  'exited',
  'hidden',
  'no-process',
  'not-found',
  'ambiguous',
  'unsupported',
  'closed',
  'failed',
] as const;

export type ClientUnknownReason = (typeof CLIENT_UNKNOWN_REASONS)[number];

/** The client is a process on this machine, named by the OS. */
interface ClientProcessNamed {
  readonly kind: 'process';
  readonly pid: number;
  /** Short name ("node", "curl", "postgres.exe"); null when the OS would not tell. */
  readonly name: string | null;
  /** One line, capped; null when unavailable (Windows, or a process that just exited). */
  readonly commandLine: string | null;
  /** Login name, or "uid N" when the uid has no name; null when the OS does not say (Windows). */
  readonly user: string | null;
}

/** A local client we could not name, and why. */
export interface ClientProcessUnknown {
  readonly kind: 'unknown';
  readonly reason: ClientUnknownReason;
  /** Whose socket it was, when known (hidden; a timeout after the socket table was read). */
  readonly user: string | null;
}

/** The client's address is not one of this machine's: no local process to name. */
interface ClientProcessRemote {
  readonly kind: 'remote-host';
}

export type ClientProcess = ClientProcessNamed | ClientProcessUnknown | ClientProcessRemote;

const UNKNOWN_WHY: Readonly<Record<ClientUnknownReason, string>> = {
  busy: 'too many lookups at once',
  timeout: 'the lookup ran out of time',
  exited: 'it had already exited',
  hidden: 'another user’s process',
  'no-process':
    'no process Porthole can see holds it (the kernel, or a program in another container)',
  'not-found': 'the system did not list it',
  ambiguous: 'several programs share that port',
  unsupported: 'not available on this system',
  closed: 'Porthole was stopping',
  failed: 'the lookup failed',
};

/** Short, for a grid cell: "node (812)", "remote host", "unknown". */
export function clientShort(client: ClientProcess): string {
  if (client.kind === 'remote-host') return 'remote host';
  if (client.kind === 'unknown') return 'unknown';
  return `${client.name ?? 'pid'} (${client.pid})`;
}

/** One line with everything known: "node, pid 812, user alice: node client.js". */
export function clientDescription(client: ClientProcess): string {
  if (client.kind === 'remote-host') return 'another machine (remote host)';
  if (client.kind === 'unknown') {
    const whose = client.user === null ? '' : `, user ${client.user}`;
    return `unknown — ${UNKNOWN_WHY[client.reason]}${whose}`;
  }
  const parts = [client.name ?? 'a process', `pid ${client.pid}`];
  if (client.user !== null) parts.push(`user ${client.user}`);
  const command = client.commandLine === null ? '' : `: ${client.commandLine}`;
  return `${parts.join(', ')}${command}`;
}
