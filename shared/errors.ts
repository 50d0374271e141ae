// Error codes with messages a person understands and the next step to take.
// Errors travel as values ({ code, message, hint }); nothing is thrown across a transport.

import type { PortHolder } from './model';

const ERROR_CODES = [
  'PORT_IN_USE',
  'PORT_ALREADY_OPEN',
  'PORT_PRIVILEGED',
  'ADDRESS_UNAVAILABLE',
  'INVALID_PORT',
  'INVALID_ARGUMENT',
  'UNKNOWN_COMMAND',
  'LISTENER_NOT_FOUND',
  'LISTENER_BUSY',
  'CONNECTION_NOT_FOUND',
  'CONNECTION_CLOSED',
  'RANGE_NOT_CAPTURED',
  'CONNECTION_NOT_WRITABLE',
  'REPLAY_TARGET_REMOTE',
  'REPLAY_NOTHING_TO_SEND',
  'REPLAY_CUT_SHORT',
  'DIAGNOSE_TARGET_REMOTE',
  'MOCK_SOURCE_MISSING',
  'MOCK_SOURCE_TOO_BIG',
  'UPSTREAM_REFUSED',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_NOT_FOUND',
  'UPSTREAM_RESET',
  'UPSTREAM_ERROR',
  'BEHAVIOUR_UNSUPPORTED',
  'INVALID_INPUT',
  'DECODE_FAILED',
  'OTHER_FAMILY_HELD',
  'IPV6_UNAVAILABLE',
  'SOCKET_ERROR',
  'SOCKET_TIMEOUT',
  'SEND_FAILED',
  'DATAGRAM_TOO_LARGE',
  'TOO_MANY_OPEN_FILES',
  'UDP_READER_RESTARTED',
  'UDP_READER_LOST',
  'CAPTURE_DISK_FULL',
  'CAPTURE_DISK_CAP',
  'CAPTURE_WRITE_FAILED',
  'CAPTURE_UNREADABLE',
  'CAPTURE_NEWER_VERSION',
  'CAPTURE_NOT_FOUND',
  'CAPTURE_IN_USE',
  'EXPORT_FAILED',
  'EXPORT_CANCELLED',
  'IMPORT_TOO_LARGE',
  'TRANSFER_NOT_FOUND',
  'COMPARE_NOT_FOUND',
  'PERSIST_UNAVAILABLE',
  'WORKSPACE_INVALID',
  'IMPORT_INVALID',
  'IMPORT_FAILED',
  'IMPORT_CANCELLED',
  'FORBIDDEN',
  'TRANSPORT_CLOSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  /** Who holds the address (PORT_IN_USE, OTHER_FAMILY_HELD), when the OS lets us know. */
  readonly holders?: readonly PortHolder[];
  /** A free port just above the one asked for, for a one-click "use the next free port". */
  readonly nextFreePort?: number;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ErrorInfo): Result<T> {
  return { ok: false, error };
}

/** Context that makes a message specific: the address, the port, the id involved. */
export interface ErrorContext {
  /** What the error happened to, as a person names it: "port localhost:8080", "connection #12". */
  readonly subject?: string;
  readonly host?: string;
  readonly port?: number;
  readonly id?: string | number;
  readonly detail?: string;
  readonly holders?: readonly PortHolder[];
  readonly nextFreePort?: number;
}

/** "postgres (pid 812)", "a process of user alice", or "a process" when nobody is known. */
export function describeHolder(holder: PortHolder): string {
  const who =
    holder.name ?? (holder.user !== null ? `a process of user ${holder.user}` : 'a process');
  return holder.pid !== null ? `${who} (pid ${holder.pid})` : who;
}

function heldBy(ctx: ErrorContext): string {
  const first = ctx.holders?.[0];
  if (first === undefined) return 'another socket';
  const more = (ctx.holders?.length ?? 1) - 1;
  return `${describeHolder(first)}${more > 0 ? ` and ${more} more` : ''}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function upstream(ctx: ErrorContext): string {
  return ctx.host !== undefined ? where(ctx) : 'the upstream';
}

function where(ctx: ErrorContext): string {
  if (ctx.host !== undefined && ctx.port !== undefined) {
    return ctx.host.includes(':') ? `[${ctx.host}]:${ctx.port}` : `${ctx.host}:${ctx.port}`;
  }
  if (ctx.port !== undefined) return `port ${ctx.port}`;
  return 'the address';
}

const texts: Record<ErrorCode, (ctx: ErrorContext) => { message: string; hint: string }> = {
  PORT_IN_USE: (c) => ({
    message: `${where(c)} is already in use by ${heldBy(c)}.`,
    hint:
      c.nextFreePort !== undefined
        ? `Stop that program, or use the next free port (${c.nextFreePort}).`
        : 'Stop the program holding it, or pick another port (leave the port empty for a free one).',
  }),
  PORT_ALREADY_OPEN: (c) => ({
    message: `Porthole already has ${where(c)} in its ports list (${c.detail ?? 'open'}).`,
    hint: 'Use that port, or pick another port (leave the port empty for a free one).',
  }),
  PORT_PRIVILEGED: (c) => ({
    message: `Permission denied to listen on ${where(c)}.`,
    hint: 'Ports below 1024 need administrator rights on most systems. Use a port from 1024 to 65535.',
  }),
  ADDRESS_UNAVAILABLE: (c) => ({
    message: `${c.host ?? 'That address'} is not available on this machine.`,
    hint: 'Choose 127.0.0.1, or ::1 if IPv6 is enabled here.',
  }),
  INVALID_PORT: (c) => ({
    message: `${c.detail ?? 'That'} is not a valid port.`,
    hint: 'Use a whole number from 1 to 65535, or 0 for any free port.',
  }),
  INVALID_ARGUMENT: (c) => ({
    message: `The request was not understood: ${c.detail ?? 'invalid arguments'}.`,
    hint: 'This is a bug in the caller; the request was ignored and nothing changed.',
  }),
  UNKNOWN_COMMAND: (c) => ({
    message: `Unknown command ${c.detail ?? ''}.`.replace(' .', '.'),
    hint: 'The app and its engine may be from different versions; restart Porthole.',
  }),
  LISTENER_NOT_FOUND: (c) => ({
    message: `No port with id ${String(c.id)}.`,
    hint: 'It may have been removed; refresh the ports list.',
  }),
  LISTENER_BUSY: (c) => ({
    message: `Port ${String(c.id)} is busy ${c.detail ?? 'changing state'}.`,
    hint: 'Wait a moment and try again.',
  }),
  CONNECTION_NOT_FOUND: (c) => ({
    message: `No connection #${String(c.id)} in history.`,
    hint: 'It may have been cleared or evicted by the history limit.',
  }),
  CONNECTION_CLOSED: (c) => ({
    message: `Connection #${String(c.id)} is already closed.`,
    hint: 'Nothing to do; its capture stays in history.',
  }),
  RANGE_NOT_CAPTURED: (c) => ({
    message: `Those bytes of connection #${String(c.id)} were not captured${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Bytes past the capture limits are counted but not kept. Raise them under Capture limits to keep more.',
  }),
  FORBIDDEN: (c) => ({
    message: `Request refused: ${c.detail ?? 'not allowed'}.`,
    hint: 'In browser mode, open Porthole from the URL it printed (it carries the access token). In the desktop app, only its own window may send commands.',
  }),
  TRANSPORT_CLOSED: () => ({
    message: 'Lost the connection to the Porthole engine.',
    hint: 'Check that Porthole is still running, then reload the page.',
  }),
  CONNECTION_NOT_WRITABLE: (c) => ({
    message: `Porthole has already ended its side of connection #${String(c.id)}${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Nothing more can be sent on it; the client may still send. Open a new connection to talk again.',
  }),
  REPLAY_TARGET_REMOTE: (c) => ({
    message: `${where(c)} is not on this machine${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Porthole replays to this machine unless you confirm another target. Check the address, then confirm to send there.',
  }),
  REPLAY_NOTHING_TO_SEND: (c) => ({
    message: `Connection #${String(c.id)} has no client bytes to replay${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Pick a connection whose client sent something, or edit the replay to send bytes of your own.',
  }),
  REPLAY_CUT_SHORT: (c) => ({
    message: `The target ${where(c)} closed before the replay was sent${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'What it answered up to then is kept. The service may have rejected an earlier message; compare with the original to see where.',
  }),
  DIAGNOSE_TARGET_REMOTE: (c) => ({
    message: `${where(c)} is not on this machine${c.detail ? ` (${c.detail})` : ''}, so it was not checked.`,
    hint: 'Porthole checks this machine unless you confirm another target; nothing was sent. Check the address, then confirm to check it anyway.',
  }),
  MOCK_SOURCE_MISSING: (c) => ({
    message: `Connection #${String(c.id)} is not in the live capture, so the port cannot answer like it.`,
    hint: 'Choose a connection that is listed now (a new capture or a restart starts a new list), or record the conversation again.',
  }),
  MOCK_SOURCE_TOO_BIG: (c) => ({
    message: `Connection #${String(c.id)} is too big to answer from${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'A mock holds its recording in memory, up to 64 MiB. Record a shorter conversation.',
  }),
  UPSTREAM_REFUSED: (c) => ({
    message: `The upstream ${upstream(c)} refused the connection.`,
    hint: 'Nothing is listening there. Start the service, or point the relay at the right port.',
  }),
  UPSTREAM_UNREACHABLE: (c) => ({
    message: `The upstream ${upstream(c)} cannot be reached${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Check the address and that the network to it is up.',
  }),
  UPSTREAM_TIMEOUT: (c) => ({
    message: `The upstream ${upstream(c)} did not answer within ${c.detail ?? 'the timeout'}.`,
    hint: 'The service may be overloaded or the address wrong; raise the relay timeout if it is just slow.',
  }),
  UPSTREAM_NOT_FOUND: (c) => ({
    message: `The upstream host ${c.host ?? ''} could not be resolved.`.replace('  ', ' '),
    hint: 'Check the spelling of the host name, or use an IP address.',
  }),
  UPSTREAM_RESET: (c) => ({
    message: `The upstream ${upstream(c)} reset the connection.`,
    hint: 'The service closed abruptly; its logs may say why. What passed before is kept.',
  }),
  UPSTREAM_ERROR: (c) => ({
    message: `The connection to the upstream ${upstream(c)} failed${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'What passed before the failure is kept. Check that the service is healthy.',
  }),
  BEHAVIOUR_UNSUPPORTED: (c) => ({
    message: c.detail ?? 'That behaviour is not available for this port.',
    hint: 'Choose another behaviour, or open a port of the other protocol.',
  }),
  INVALID_INPUT: (c) => ({
    message: c.detail ?? 'A value is not valid.',
    hint: 'Fix the value and try again; nothing was changed.',
  }),
  DECODE_FAILED: (c) => ({
    message: `The bytes could not be decoded${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'They are shown raw instead; the captured bytes are unchanged.',
  }),
  OTHER_FAMILY_HELD: (c) => ({
    message: `${where(c)} is also held by ${heldBy(c)}, so clients that resolve localhost there reach it, not Porthole.`,
    hint: 'Stop that program, or point your client at the address Porthole has, or pick another port.',
  }),
  IPV6_UNAVAILABLE: (c) => ({
    message:
      `IPv6 loopback (::1) is not available here, so port ${c.port ?? ''} listens on 127.0.0.1 only.`.replace(
        '  ',
        ' ',
      ),
    hint: 'Clients that resolve localhost to ::1 cannot connect; use 127.0.0.1 in them.',
  }),
  SOCKET_ERROR: (c) => ({
    message: `${capital(c.subject ?? 'the socket')} hit a network error${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'The operating system reported it, not a fault in Porthole; what was captured is kept. If it keeps happening, check the other side, or close and reopen the port.',
  }),
  SOCKET_TIMEOUT: (c) => ({
    message: `${capital(c.subject ?? 'the connection')} timed out: the other side stopped answering${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'The peer, or the network to it, went away without closing the connection. What was captured is kept.',
  }),
  SEND_FAILED: (c) => ({
    message: `Porthole could not send on ${c.subject ?? 'the socket'}${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'The bytes were not delivered (UDP does not retry). Check that the peer still has its port open; the conversation stays open for the next datagram.',
  }),
  DATAGRAM_TOO_LARGE: (c) => ({
    message: `${c.detail ?? 'That datagram is too large'}; it was not sent.`,
    hint: 'One UDP datagram holds at most 65,507 bytes to an IPv4 peer and 65,527 to an IPv6 one. Send less, or split it over several datagrams.',
  }),
  TOO_MANY_OPEN_FILES: (c) => ({
    message: `Porthole has run out of file descriptors${c.detail ? ` (${c.detail})` : ''}, so ${c.subject ?? 'the port'} cannot take new connections for now.`,
    hint: 'Close connections or ports you no longer need. To allow more, raise the limit before starting Porthole (for example `ulimit -n 65536` in the shell that starts it, or LimitNOFILE= for a service) and restart it.',
  }),
  UDP_READER_RESTARTED: (c) => ({
    message: `Porthole's UDP reader stopped${c.detail ? ` (${c.detail})` : ''} and was started again; datagrams that reached ${c.subject ?? 'the port'} in between were lost.`,
    hint: 'The port is open again and capturing; nothing to do. What was captured before is kept.',
  }),
  UDP_READER_LOST: (c) => ({
    message: `Porthole's UDP reader stopped and ${c.subject ?? 'the port'} could not be opened again${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'Open the port again. If another program took it meanwhile, the error on reopening names it. What was captured is kept.',
  }),
  CAPTURE_DISK_FULL: (c) => ({
    message: `The disk is full, so Porthole stopped writing this capture to it${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Capture goes on in memory, within the capture limits, and what was written so far is kept. Free some space; Porthole writes its next capture (from its next start) to disk again.',
  }),
  CAPTURE_DISK_CAP: (c) => ({
    message: `This capture reached its size limit on disk${c.detail ? ` (${c.detail})` : ''}; later bytes are kept in memory only.`,
    hint: 'What was written is kept. Porthole writes its next capture (from its next start) to disk again.',
  }),
  CAPTURE_WRITE_FAILED: (c) => ({
    message: `Porthole could not write this capture to disk${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'Capture goes on in memory, and what was written so far is kept. Check that the data folder exists and is writable; Porthole writes its next capture (from its next start) there.',
  }),
  CAPTURE_UNREADABLE: (c) => ({
    message: `${c.detail ?? 'That file'} is not a Porthole capture, or its start is damaged.`,
    hint: 'Nothing in it could be read. Captures are the capture.porthole files in the data folder.',
  }),
  CAPTURE_NEWER_VERSION: (c) => ({
    message: `This capture was written by a newer Porthole (format version ${c.detail ?? '?'}).`,
    hint: 'Update Porthole to open it; this version leaves the file as it is.',
  }),
  CAPTURE_NOT_FOUND: (c) => ({
    message: `There is no capture ${c.detail ?? ''} in the data folder.`.replace('  ', ' '),
    hint: 'It may have been deleted (by you, another window, or retention). Refresh the list of captures.',
  }),
  CAPTURE_IN_USE: () => ({
    message: 'That is the capture Porthole is recording into, so it cannot be deleted.',
    hint: 'Start a new capture first; then the old one can be deleted.',
  }),
  PERSIST_UNAVAILABLE: () => ({
    message:
      'Porthole was started without a data folder (memory only), so there are no captures on disk.',
    hint: 'Start it without --no-persist (optionally with --data-dir DIR) to keep captures and ports.',
  }),
  WORKSPACE_INVALID: (c) => ({
    message: `That workspace file cannot be used${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'Nothing was changed. Fix the field named, or export a workspace from Porthole to see the expected shape.',
  }),
  EXPORT_FAILED: (c) => ({
    message: `The export could not be written${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'Check that the destination folder exists, is writable and has free space, then export again.',
  }),
  EXPORT_CANCELLED: () => ({
    message: 'The export was cancelled.',
    hint: 'No partial file was kept. Export again when you are ready.',
  }),
  IMPORT_TOO_LARGE: (c) => ({
    message: `That file is larger than browser mode's import limit${c.detail ? ` (${c.detail})` : ''}.`,
    hint: 'Start browser mode with a higher limit (porthole serve --max-import SIZE, e.g. 8GiB), or import it from a terminal: porthole import FILE.',
  }),
  TRANSFER_NOT_FOUND: (c) => ({
    message: `There is no export or import ${c.detail ?? ''} running.`.replace('  ', ' '),
    hint: 'It may have finished (or been cancelled from another window) just now.',
  }),
  COMPARE_NOT_FOUND: (c) => ({
    message: `That comparison ${c.detail ?? ''} is no longer running.`.replace('  ', ' '),
    hint: 'It was closed, replaced by a newer one, or left unread for a while: press Compare again.',
  }),
  IMPORT_INVALID: (c) => ({
    message: `That file cannot be imported as pcap or pcapng${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'Porthole imports .pcap and .pcapng files from tcpdump, Wireshark or dumpcap. Where a file is damaged part way, the packets before the damage are imported.',
  }),
  IMPORT_FAILED: (c) => ({
    message: `Porthole could not import ${c.detail ?? 'that file'}.`,
    hint: 'Check that the file exists and can be read, and that the data folder is writable.',
  }),
  IMPORT_CANCELLED: () => ({
    message: 'The import was cancelled.',
    hint: 'Nothing of it was kept. Import the file again to see its connections.',
  }),
  INTERNAL: (c) => ({
    message: `Something went wrong inside Porthole${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'The app kept running and nothing captured was lost. Please report this.',
  }),
};

export function appError(code: ErrorCode, ctx: ErrorContext = {}): ErrorInfo {
  const info: ErrorInfo = { code, ...texts[code](ctx) };
  if (ctx.holders === undefined && ctx.nextFreePort === undefined) return info;
  return {
    ...info,
    ...(ctx.holders !== undefined ? { holders: ctx.holders } : {}),
    ...(ctx.nextFreePort !== undefined ? { nextFreePort: ctx.nextFreePort } : {}),
  };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
