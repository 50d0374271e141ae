// Messages between the engine thread and the UDP worker thread (udp-worker.ts), which owns every
// UDP port's sockets: it reads them (so a pause of the engine thread — GC, a frame's work — no
// longer leaves datagrams in the kernel's buffer, where a burst overflows it) and sends on the
// engine's behalf. Both directions travel in blocks: one message carries many datagrams, their
// payloads concatenated in one transferred ArrayBuffer, with a small table beside it.

/** Shared flow control (an Int32Array over a SharedArrayBuffer given as workerData). */
export const FLOW = {
  /** Datagrams the engine has taken off the channel (wraps around; compare with `| 0`). */
  consumedDatagrams: 0,
  /** Their payload bytes (wraps around likewise). */
  consumedBytes: 1,
  /** Set to 1 when the engine lets the worker go: stop waiting for it. */
  stop: 2,
  length: 3,
} as const;

/**
 * What the worker may have handed over that the engine has not taken yet. Beyond either bound
 * it stops reading until the engine catches up, and the kernel's buffer (then the OS, counted as
 * drops) takes over: memory stays bounded however long the engine is stuck.
 */
export const MAX_IN_FLIGHT_DATAGRAMS = 32_768;
export const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

/** Fields per datagram in a block's table. */
export const RECEIVED_FIELDS = 5;
export const SENT_FIELDS = 4;

/** What is kept of a failed operation's Error, so the engine can rebuild an equal one. */
export interface ErrorFields {
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
}

export type ToUdpWorker =
  | {
      readonly type: 'bind';
      readonly request: number;
      readonly address: string;
      readonly v6: boolean;
      readonly port: number;
    }
  /**
   * Datagrams to send, in order: for each, [socket, index into `addresses`, peer port, length]
   * in `table`; the payloads one after another in `data`.
   */
  | {
      readonly type: 'send';
      readonly block: number;
      readonly data: ArrayBuffer;
      readonly table: Uint32Array;
      readonly addresses: readonly string[];
    }
  | { readonly type: 'close'; readonly socket: number };

export type FromUdpWorker =
  | {
      readonly type: 'bound';
      readonly request: number;
      readonly socket: number;
      readonly port: number;
    }
  | { readonly type: 'bind-failed'; readonly request: number; readonly error: ErrorFields }
  /**
   * Datagrams received, in arrival order: for each, [socket, index into `peers`, peer port,
   * length, receive time (epoch ms, core/clock.ts)] in `table`; the payloads in `data`.
   */
  | {
      readonly type: 'received';
      readonly data: ArrayBuffer;
      readonly table: Float64Array;
      readonly peers: readonly string[];
    }
  /** Every datagram of send block `block` was handed to the OS; these ones failed. */
  | {
      readonly type: 'sent';
      readonly block: number;
      readonly failures: readonly { readonly index: number; readonly error: ErrorFields }[];
    }
  /** A socket error while open (shown on the port; the socket stays). */
  | { readonly type: 'socket-error'; readonly socket: number; readonly error: ErrorFields }
  | { readonly type: 'closed'; readonly socket: number };

export interface UdpWorkerData {
  /** FLOW.length Int32 slots. */
  readonly flow: SharedArrayBuffer;
}

/** The parts of an Error that matter here (errno codes), as plain data. */
export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & Partial<Omit<ErrorFields, 'message'>>;
  const fields: { -readonly [K in keyof ErrorFields]: ErrorFields[K] } = { message: e.message };
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.errno === 'number') fields.errno = e.errno;
  if (typeof e.syscall === 'string') fields.syscall = e.syscall;
  if (typeof e.address === 'string') fields.address = e.address;
  if (typeof e.port === 'number') fields.port = e.port;
  return fields;
}

/** An Error equal to the one the worker met: same message and errno fields. */
export function rebuildError(fields: ErrorFields): Error {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}
