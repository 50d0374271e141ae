// Error codes with messages a person understands and the next step to take.
// Errors travel as values ({ code, message, hint }); nothing is thrown across a transport.

export const ERROR_CODES = [
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
  'FORBIDDEN',
  'TRANSPORT_CLOSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
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
  readonly host?: string;
  readonly port?: number;
  readonly id?: string | number;
  readonly detail?: string;
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
    message: `${where(c)} is already in use by another socket.`,
    hint: 'Close the program holding it, or pick another port (leave the port empty for a free one).',
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
  INTERNAL: (c) => ({
    message: `Something went wrong inside Porthole${c.detail ? `: ${c.detail}` : ''}.`,
    hint: 'The app kept running and nothing captured was lost. Please report this.',
  }),
};

export function appError(code: ErrorCode, ctx: ErrorContext = {}): ErrorInfo {
  return { code, ...texts[code](ctx) };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
